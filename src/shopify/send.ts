// Sending from Shopify's pixel sandbox: fetch with keepalive, which Shopify recommends in place of
// sendBeacon there (https://shopify.dev/docs/api/web-pixels-api/standard-api/browser, sendBeacon
// "deprecated"). The sandbox's origin is opaque ("null"), so no cookie is sent (credentials omit):
// the ids travel in the body, and a platform's cookies would not be the shopper's anyway. A
// request that could not be sent is kept in the store's outbox (its top-frame localStorage), where
// adbeacon.js, when the store runs it, sends it on the shopper's next page view.
import type { Logger } from '../log'
import type { Outbox } from '../transport/outbox'
import type { OutgoingRequest, Send, SendOutcome } from '../transport/request'

// The keepalive quota (64 KiB in flight); a larger body goes without keepalive.
const KEEPALIVE_LIMIT = 64 * 1024

async function fetchOnce(req: OutgoingRequest, log: Logger): Promise<'ok' | 'refused' | 'retry'> {
  try {
    const init: RequestInit = { method: req.method, credentials: 'omit', keepalive: (req.body ?? '').length * 3 <= KEEPALIVE_LIMIT }
    // Meta's and Google's image requests need no answer: no-cors, as an <img> would load them.
    if (req.method == 'GET') init.mode = 'no-cors'
    else {
      init.body = req.body ?? ''
      if (req.contentType) init.headers = { 'content-type': req.contentType }
    }
    const res = await fetch(req.url, init)
    if (res.type == 'opaque' || res.ok) return 'ok'
    // A 4xx is the platform refusing this body: sending it again cannot help.
    if (res.status >= 400 && res.status < 500 && res.status != 408 && res.status != 429) {
      log.warn('refused', `${req.destination} refused the request (${res.status})`)
      return 'refused'
    }
  } catch (e) {
    log.debug(`${req.destination}: fetch failed`, e)
  }
  return 'retry'
}

export function keepaliveSend(outbox: Outbox, log: Logger): Send {
  return async (req): Promise<SendOutcome> => {
    const result = await fetchOnce(req, log)
    if (result == 'ok') log.debug(`${req.destination}: sent`, req.url)
    if (result != 'retry') return result == 'ok' ? 'sent' : 'failed'
    outbox.put(req, 1)
    log.debug(`${req.destination}: kept for the next page view`, req.url)
    return 'queued'
  }
}
