import type { DestinationName } from '../types'

/** One HTTP request that adbeacon wants delivered, whatever the transport ends up being. */
export interface OutgoingRequest {
  destination: DestinationName
  url: string
  /** POST with a body (fetch, sendBeacon at page exit), or GET (a no-cors pixel request). */
  method: 'POST' | 'GET'
  body?: string
  /** Content type of the body, e.g. "application/json". */
  contentType?: string
  /**
   * What this request reports (e.g. "vtex:order-1"): the outbox keeps one entry per key, and a
   * re-send carries the same order id, which is each platform's idempotency key.
   */
  key?: string
}

/**
 * sent: delivered (a 2xx, or a completed no-cors request, seen by this page); queued: not known to
 * be delivered yet, kept in the outbox and sent again (by this page after a backoff, else by a
 * later page view); failed: refused by the platform (a 4xx), or given up after every attempt;
 * duplicate: another tab is delivering the same order (conversion/order-lock.ts).
 */
export type SendOutcome = 'sent' | 'queued' | 'failed' | 'duplicate'

export type Send = (req: OutgoingRequest) => Promise<SendOutcome>
