import type { Logger } from '../log'
import type { OutgoingRequest } from './request'
import type { SafeStorage } from '../identity/storage'
import { DAY_MS, now } from '../util'

/**
 * Every conversion request, from just before it is sent until its delivery is known (already
 * hashed: never raw PII), so that a page that dies, or a delivery that fails, leaves it for a later
 * page view. Bounded in count, size and age so it can never fill localStorage and break the host
 * page, the fate of Snowplow's and Segment's unbounded queues. Only conversions come here: ad
 * events have their own queue (beacon-queue.ts), so they can never push a sale out.
 */
export interface OutboxEntry {
  req: OutgoingRequest
  /** Attempts made, counted before each is made. */
  tries: number
  expires: number
  /**
   * Until when (ms) a flush, in this tab or another, leaves it alone: a page is still delivering
   * it, or it waits out its backoff.
   */
  busy?: number
}

export interface Outbox {
  /** Adds or replaces (by key) an entry, left alone for `waitMs`. */
  put(req: OutgoingRequest, tries?: number, waitMs?: number): void
  remove(key: string): void
  list(): OutboxEntry[]
}

export const OUTBOX_KEY = 'outbox'
const KEY = OUTBOX_KEY
export const OUTBOX_MAX_ENTRIES = 20
export const OUTBOX_MAX_TRIES = 10
const MAX_AGE_MS = 7 * DAY_MS
// localStorage is 5 M characters per origin in Chromium and Firefox, shared with the store's own
// code: stay far below it, yet keep several large orders of one page (four of ~100 KB each, whose
// bodies cannot leave in a keepalive request and wait here for the next page view).
const MAX_BYTES = 1024 * 1024

export function createOutbox(storage: SafeStorage, log?: Logger): Outbox {
  const read = (): OutboxEntry[] => {
    try {
      const raw = storage.get(KEY)
      const list = raw ? (JSON.parse(raw) as OutboxEntry[]) : []
      const t = now()
      return Array.isArray(list) ? list.filter((e) => e && e.req && typeof e.req.url === 'string' && e.expires > t) : []
    } catch {
      return []
    }
  }
  const write = (list: OutboxEntry[]): void => {
    let kept = list.slice(-OUTBOX_MAX_ENTRIES)
    while (kept.length > 1 && JSON.stringify(kept).length > MAX_BYTES) kept = kept.slice(1)
    if (kept.length < list.length) {
      const dropped = list.slice(0, list.length - kept.length).map((e) => e.req.key ?? e.req.url)
      log?.warn('outbox', `outbox full: dropped the oldest waiting requests: ${dropped.join(', ')}`)
    }
    if (kept.length) storage.set(KEY, JSON.stringify(kept), { maxAgeMs: MAX_AGE_MS })
    else storage.remove(KEY)
  }

  return {
    put(req, tries = 0, waitMs) {
      const key = outboxKey(req)
      const list = read()
      // An entry keeps the expiry of its first attempt: retries must not keep it alive forever.
      const expires = list.find((e) => outboxKey(e.req) === key)?.expires ?? now() + MAX_AGE_MS
      const rest = list.filter((e) => outboxKey(e.req) !== key)
      rest.push(waitMs ? { req, tries, expires, busy: now() + waitMs } : { req, tries, expires })
      write(rest)
    },
    remove(key) {
      const list = read()
      const rest = list.filter((e) => outboxKey(e.req) !== key)
      if (rest.length !== list.length) write(rest)
    },
    list: read,
  }
}

export const outboxKey = (req: OutgoingRequest): string => req.key ?? `${req.method} ${req.url} ${req.body ?? ''}`
