import type { Logger } from '../log'
import type { OutgoingRequest } from './request'
import type { SafeStorage } from '../identity/storage'
import { DAY_MS, now } from '../util'

/**
 * Requests that could not be handed to the browser, kept (already hashed: never raw PII) for
 * the next page view. Bounded in count, size and age so it can never fill localStorage and break
 * the host page, the fate of Snowplow's and Segment's unbounded queues.
 */
export interface OutboxEntry {
  req: OutgoingRequest
  tries: number
  expires: number
  /**
   * Until when (ms) a page is still delivering it: a flush, in this tab or another, leaves it
   * alone until then, unless that page dies first (then the lease runs out and it is sent later).
   */
  busy?: number
}

export interface Outbox {
  put(req: OutgoingRequest, tries?: number, busyMs?: number): void
  remove(key: string): void
  /**
   * Removes and returns everything but the entries `leave` keeps (this page's own, still in
   * flight), so that two tabs do not both resend the same entries.
   */
  take(leave?: (entry: OutboxEntry) => boolean): OutboxEntry[]
  size(): number
}

export const OUTBOX_KEY = 'outbox'
const KEY = OUTBOX_KEY
export const OUTBOX_MAX_ENTRIES = 20
export const OUTBOX_MAX_TRIES = 10
const MAX_AGE_MS = 7 * DAY_MS
// localStorage is ~5 MB per origin and shared with the store's own code: stay far below it.
const MAX_BYTES = 256 * 1024

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
  const keyOf = outboxKey

  return {
    put(req, tries = 0, busyMs) {
      const key = keyOf(req)
      const list = read()
      // An entry keeps the expiry of its first failure: retries must not keep it alive forever.
      const expires = list.find((e) => keyOf(e.req) === key)?.expires ?? now() + MAX_AGE_MS
      const rest = list.filter((e) => keyOf(e.req) !== key)
      rest.push(busyMs ? { req, tries, expires, busy: now() + busyMs } : { req, tries, expires })
      write(rest)
    },
    remove(key) {
      const list = read()
      const rest = list.filter((e) => keyOf(e.req) !== key)
      if (rest.length !== list.length) write(rest)
    },
    take(leave = () => false) {
      const list = read()
      const taken = list.filter((e) => !leave(e))
      if (taken.length) write(list.filter(leave))
      return taken
    },
    size: () => read().length,
  }
}

export const outboxKey = (req: OutgoingRequest): string => req.key ?? `${req.method} ${req.url} ${req.body ?? ''}`
