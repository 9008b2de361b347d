import type { Logger } from '../log'
import { now } from '../util'
import { OUTBOX_MAX_TRIES, outboxKey, type Outbox } from './outbox'
import type { OutgoingRequest, SendOutcome } from './request'

/**
 * sendBeacon → fetch keepalive → outbox. sendBeacon is the one transport the browser finishes
 * after the page is gone (the shopper leaves the confirmation page at once); it returns false
 * when the 64 KiB in-flight keepalive quota is full, and older Chrome threw a SecurityError for
 * non-safelisted Blob types (crbug 490015), so both false and a throw fall through to fetch.
 */
export interface Transport {
  send(req: OutgoingRequest): Promise<SendOutcome>
  /** Sends what earlier page views left in the outbox. */
  flush(): Promise<void>
}

/** How long a delivery in progress keeps its outbox entry from other flushes: fetch's own patience. */
const BUSY_MS = 30_000

// The keepalive quota is 64 KiB for all in-flight beacons and keepalive fetches together.
export const KEEPALIVE_LIMIT = 64 * 1024

const byteLength = (s: string): number => {
  try {
    return new TextEncoder().encode(s).length
  } catch {
    return s.length * 3
  }
}

/** sendBeacon with the body typed as the request says; false when it cannot take it. */
function beacon(req: OutgoingRequest, size: number, log: Logger): boolean {
  if (size > KEEPALIVE_LIMIT) return false
  try {
    const nav = typeof navigator !== 'undefined' ? navigator : undefined
    if (!nav || typeof nav.sendBeacon !== 'function') return false
    const data = req.body === undefined ? undefined : new Blob([req.body], { type: req.contentType ?? 'text/plain;charset=UTF-8' })
    return nav.sendBeacon(req.url, data) === true
  } catch (e) {
    log.debug('sendBeacon threw, trying fetch', e)
    return false
  }
}

/** fetch with keepalive (without it above the quota): resolves whether the server took it. */
async function viaFetch(req: OutgoingRequest, size: number, log: Logger): Promise<'ok' | 'retry' | 'rejected'> {
  if (typeof fetch !== 'function') return 'retry'
  try {
    const init: RequestInit = { method: req.method, keepalive: size <= KEEPALIVE_LIMIT, credentials: 'include' }
    if (req.method === 'GET') init.mode = 'no-cors'
    else {
      init.body = req.body ?? ''
      if (req.contentType) init.headers = { 'content-type': req.contentType }
    }
    const res = await fetch(req.url, init)
    if (res.type === 'opaque' || res.ok) return 'ok'
    // 4xx: the platform refused this body (VTEX answers 422 with the errors); sending it again
    // cannot help. 408/429/5xx are worth another try.
    if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
      let detail = ''
      try { detail = await res.text() } catch { /* no body */ }
      log.warn('refused', `${req.destination} refused the request (${res.status}):`, detail)
      return 'rejected'
    }
    return 'retry'
  } catch (e) {
    log.debug('fetch failed', e)
    return 'retry'
  }
}

/** The image-pixel way for a GET, where fetch failed (Meta and Google take it). */
function image(req: OutgoingRequest): boolean {
  try {
    if (typeof Image === 'undefined') return false
    new Image().src = req.url
    return true
  } catch {
    return false
  }
}


export function createTransport(outbox: Outbox, log: Logger): Transport {
  const deliver = async (req: OutgoingRequest, tries: number): Promise<SendOutcome> => {
    const persist = req.persist !== false
    const size = byteLength(req.body ?? '')
    // Into the outbox first, this attempt already counted: if the page dies while fetch is still
    // pending, the next page view finds it, and an entry whose attempts keep dying still runs out
    // of tries. The platforms dedupe a resend (VTEX per order_id, Meta per eventID, Google per
    // transaction_id), so a rare double send costs nothing while a lost sale does.
    // Marked busy while this page delivers it: a flush elsewhere (another tab, a later page view
    // while this one still waits for fetch) leaves it alone, and sends it only if this page dies.
    if (persist) outbox.put(req, tries + 1, BUSY_MS)
    if (req.method === 'POST' && beacon(req, size, log)) {
      if (persist) outbox.remove(outboxKey(req))
      log.debug(`${req.destination}: beacon queued`, req.url)
      return 'sent'
    }
    const result = await viaFetch(req, size, log)
    if (result === 'ok' || result === 'rejected' || (result === 'retry' && req.method === 'GET' && image(req))) {
      if (persist) outbox.remove(outboxKey(req))
      if (result !== 'rejected') log.debug(`${req.destination}: sent with fetch`, req.url)
      return result === 'rejected' ? 'failed' : 'sent'
    }
    if (!persist) {
      log.debug(`${req.destination}: could not be sent`, req.url)
      return 'failed'
    }
    if (tries + 1 >= OUTBOX_MAX_TRIES) {
      outbox.remove(outboxKey(req))
      log.warn('gaveup', `${req.destination}: gave up after ${OUTBOX_MAX_TRIES} attempts`, req.url)
      return 'failed'
    }
    log.debug(`${req.destination}: kept for the next page view`, req.url)
    outbox.put(req, tries + 1)
    return 'queued'
  }

  return {
    send: (req) => deliver(req, 0),
    async flush() {
      // All at once: each deliver() puts its entry back synchronously before its first await, so
      // a page that dies mid-flush loses nothing (one at a time, the later ones would be only in
      // memory while the first one's fetch is pending).
      const t = now()
      await Promise.all(outbox.take((e) => (e.busy ?? 0) > t).map((e) => deliver(e.req, e.tries)))
    },
  }
}
