import type { DestinationName } from '../types'

/** One HTTP request that adbeacon wants delivered, whatever the transport ends up being. */
export interface OutgoingRequest {
  destination: DestinationName | 'ads'
  url: string
  /** POST with a body (beacon / fetch keepalive), or GET (image-style pixel). */
  method: 'POST' | 'GET'
  body?: string
  /** Content type of the body, e.g. "application/json". */
  contentType?: string
  /** Stable id of what this request reports (e.g. "vtex:order-1"); the outbox keeps one per key. */
  key?: string
  /** Retry from the outbox on a later page view when delivery fails. Default true for conversions. */
  persist?: boolean
}

/** sent: handed to the browser; queued: in the outbox for the next page view; failed: dropped. */
export type SendOutcome = 'sent' | 'queued' | 'failed'

export type Send = (req: OutgoingRequest) => Promise<SendOutcome>
