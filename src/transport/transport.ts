import type { Logger } from '../log'
import { attempt, now } from '../util'
import { OUTBOX_MAX_TRIES, outboxKey, type Outbox } from './outbox'
import type { OutgoingRequest, SendOutcome } from './request'

/**
 * Delivery that is observed (issue 10). A conversion request is in the outbox before it leaves,
 * and leaves the outbox only once its delivery is known: a 2xx (or, for a no-cors pixel request,
 * a completed one) seen while the page lives, or a 4xx other than 408/429, which ends it with a
 * console error (the platform would refuse it again). Anything else (a refused or reset
 * connection, a 5xx, a page gone before the answer) is sent again, with the same order id, after
 * a backoff: by this page if it is still open, else by a later page view. The platforms take a
 * repeat with the same id as one sale (VTEX Ads per order_id, Meta per eventID, Google per
 * transaction_id), so a repeat costs nothing, while a lost sale is lost.
 *
 * sendBeacon is not how a sale leaves while the page lives: its `true` says only that the browser
 * queued the request (https://w3c.github.io/beacon/#sendbeacon-method), and a refused connection
 * or a 503 looks the same, so sales were marked sent and lost. fetch is used instead, with
 * keepalive (so the request outlives a page that navigates away, like a beacon) while the body
 * fits what is left of the 64 KiB that all of a page's keepalive requests and beacons share
 * (https://fetch.spec.whatwg.org/#http-network-or-cache-fetch, "inflightKeepaliveBytes"); a
 * larger body goes by a plain fetch, which the page must outlive. At page exit (pagehide, or the
 * page hidden), where nothing else can run, what is still in a plain fetch, or not yet sent, goes
 * by sendBeacon if the browser takes it, and waits in the outbox either way.
 */
export interface Transport {
  send(req: OutgoingRequest): Promise<SendOutcome>
  /** Sends what is due in the outbox (left by earlier page views, or waiting out a backoff). */
  flush(): Promise<void>
  /**
   * The page is being left (pagehide) before the request could go the usual way: it goes by what
   * outlives the page, if it can, and waits in the outbox either way.
   */
  leave(req: OutgoingRequest): void
}

/** How long a request out by keepalive keeps other flushes off its entry: fetch's own patience. */
const BUSY_MS = 30_000

export const KEEPALIVE_LIMIT = 64 * 1024
// What conversions leave of the quota to the ad events (beacon-queue.ts: form bodies of about a
// hundred bytes, at most 64 in flight).
const KEEPALIVE_BUDGET = KEEPALIVE_LIMIT - 8 * 1024

/** The wait after attempt n: 2 s, 8 s, 32 s … about a day and a half after the ninth. */
export const backoffMs = (tries: number): number => 500 * 4 ** tries

type Outcome = 'ok' | 'retry' | 'rejected'

async function viaFetch(req: OutgoingRequest, keepalive: boolean, log: Logger): Promise<Outcome> {
  try {
    const init: RequestInit = { method: req.method, keepalive, credentials: 'include' }
    if (req.method === 'GET') init.mode = 'no-cors'
    else {
      init.body = req.body
      if (req.contentType) init.headers = { 'content-type': req.contentType }
    }
    const res = await fetch(req.url, init)
    if (res.type === 'opaque' || res.ok) return 'ok'
    // A 4xx: the platform refused this body (VTEX answers 422 with the errors); sending it again
    // cannot help. 408/429/5xx are worth another try.
    if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
      log.error(`${req.destination} refused the sale (${res.status}); not sent again:`, await res.text().catch(() => ''))
      return 'rejected'
    }
  } catch (e) {
    log.debug('fetch failed', e)
  }
  return 'retry'
}

/** The image way for a GET whose fetch failed (a CSP may allow img-src where it refuses connect-src). */
const image = (url: string): Promise<Outcome> =>
  new Promise((done) =>
    attempt(() => {
      const img = new Image()
      img.onload = () => done('ok')
      img.onerror = () => done('retry')
      img.src = url
    }, undefined, () => done('retry')),
  )

/**
 * At page exit, what outlives the page: sendBeacon (the body typed as the request says) for a
 * POST, a keepalive fetch for a GET pixel. True when the browser took it.
 */
const away = (req: OutgoingRequest, log: Logger): boolean =>
  req.method === 'POST'
    ? attempt(() => navigator.sendBeacon(req.url, new Blob([req.body ?? ''], { type: req.contentType ?? 'text/plain;charset=UTF-8' })), false)
    : (void viaFetch(req, true, log), true)

export function createTransport(outbox: Outbox, log: Logger): Transport {
  // Bytes of this page's keepalive requests still out.
  let inflight = 0
  // Keys this page is delivering: its own flushes leave them alone.
  const mine = new Set<string>()
  // This page's plain fetches still out, with their attempt count: they die with the page.
  const plain = new Map<string, [OutgoingRequest, number]>()
  let timer: ReturnType<typeof setTimeout> | undefined
  let timerAt = Infinity
  // A page being left sees its fetches fail (Chromium rejects them with "Failed to fetch" right
  // after pagehide, while a keepalive request goes on and arrives): no failure seen then is one.
  let leaving = false

  /** One timer, for the soonest entry due while this page is open. */
  const flushIn = (ms: number) => {
    if (now() + ms < timerAt) {
      clearTimeout(timer)
      timerAt = now() + ms
      timer = setTimeout(() => ((timerAt = Infinity), void flush()), ms)
    }
  }

  const deliver = async (req: OutgoingRequest, tries: number): Promise<SendOutcome> => {
    const key = outboxKey(req)
    const size = new TextEncoder().encode(req.body ?? '').length
    const keepalive = inflight + size <= KEEPALIVE_BUDGET
    // Into the outbox first, this attempt counted, left alone by other flushes while it is out:
    // if the page dies now, a later page view finds it, and attempts that keep dying still run out.
    outbox.put(req, ++tries, BUSY_MS)
    mine.add(key)
    if (keepalive) inflight += size
    else plain.set(key, [req, tries])
    let result = await viaFetch(req, keepalive, log)
    if (keepalive) inflight -= size
    plain.delete(key)
    mine.delete(key)
    if (result === 'retry' && req.method === 'GET') result = await image(req.url)
    if (result === 'retry') {
      // Acted on only if the page is still there a task later, and not being left: the failure
      // may come before this page's pagehide listener has run. Otherwise what the exit did with
      // the entry stands (a keepalive request goes on, its entry left alone for BUSY_MS).
      await new Promise((ok) => setTimeout(ok))
      if (leaving) return 'queued'
    }
    log.debug(`${req.destination}: ${result}`, req.url)
    if (result !== 'retry') {
      outbox.remove(key)
      return result === 'ok' ? 'sent' : 'failed'
    }
    if (tries >= OUTBOX_MAX_TRIES) {
      outbox.remove(key)
      log.warn('gaveup', `${req.destination}: gave up after ${OUTBOX_MAX_TRIES} attempts`, req.url)
      return 'failed'
    }
    const wait = backoffMs(tries)
    outbox.put(req, tries, wait)
    flushIn(wait)
    return 'queued'
  }

  const flush = async (): Promise<void> => {
    const t = now()
    let soonest = Infinity
    const due = outbox.list().filter((e) => {
      if (mine.has(outboxKey(e.req))) return false
      if ((e.busy ?? 0) <= t) return true
      soonest = Math.min(soonest, e.busy!)
      return false
    })
    if (soonest < Infinity) flushIn(soonest - t)
    // All at once: each deliver() marks its entry busy before its first await, so another tab's
    // flush leaves them alone, and a page that dies mid-flush loses nothing.
    await Promise.all(due.map((e) => deliver(e.req, e.tries)))
  }

  // Page exit, with the request still to go or out by a plain fetch (which dies with the page):
  // handed to what outlives the page, it is left alone like a keepalive request, and sent again
  // only by a page view after BUSY_MS (its outcome is never known); what the browser would not take
  // is freed for the next page view at once.
  const leave = (req: OutgoingRequest, tries = 1) => outbox.put(req, tries, away(req, log) ? BUSY_MS : 0)
  const exit = () => {
    for (const [key, [req, tries]] of plain) {
      leave(req, tries)
      plain.delete(key)
    }
  }
  attempt(() => {
    addEventListener('pagehide', () => ((leaving = true), exit()))
    // Back from the back/forward cache: alive again.
    addEventListener('pageshow', () => (leaving = false))
    addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && exit())
  })

  return { send: (req) => deliver(req, 0), flush, leave }
}
