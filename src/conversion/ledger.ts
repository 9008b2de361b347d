import type { SafeStorage } from '../identity/storage'
import { now } from '../util'

/**
 * Which conversions were already reported, per destination and order id, so a reload, a
 * back/forward restore or a second tab does not report a sale twice (Topsort's in-page dedup reset
 * on reload). Read and written synchronously: a claim happens before any await, so a second tab
 * or a reload that runs the same confirmation finds it (a tab at the very same moment meets the
 * order's lock instead, order-lock.ts).
 *
 * A claim is first a short lease, and becomes the full window only once the payload has been
 * written to the outbox. Hashing (Web Crypto) is asynchronous: if the tab dies in that gap,
 * nothing was sent or kept, and an order claimed for 30 days would be lost for good; with a
 * lease, a later visit to the confirmation page can still report it.
 *
 * Kept twice: whole in localStorage, and its newest entries in a cookie (path=/, bounded in bytes),
 * so that a localStorage that is full, blocked or refusing writes still holds the sales just
 * reported across reloads and tabs, and with cookies off localStorage still holds them all.
 */
export interface Ledger {
  /**
   * True when the key was free and is now leased for `leaseMs`; false when already claimed.
   * `won` runs once the key is known free, before the lease is written.
   */
  claim(key: string, leaseMs: number, won?: () => void): boolean
  /** The payload is out (or safely queued): keep the claim for the whole window. */
  confirm(key: string): void
  has(key: string): boolean
  /** Until when (ms) the key is claimed, the longest claim of every copy; undefined when free. */
  until(key: string): number | undefined
  /** Gives a claim back (nothing could be sent). */
  release(key: string): void
}

const KEY = 'sent'
const COOKIE_KEY = 'sent_c'
// Bounded so it can never fill localStorage (Snowplow's queue broke host pages that way): 300
// keys is 100 orders reported to all three platforms.
const MAX_ENTRIES = 300
// The cookie goes with every request to the store for the whole window: about 1 KB, some 25 keys
// (the last 8 orders on three platforms), well under a cookie's 4 KB.
const COOKIE_BYTES = 1000

type Entries = Record<string, number>

export function createLedger(storage: SafeStorage, windowMs: () => number): Ledger {
  // This page's own claims, newest last: they hold even when storage fails, or another tab
  // rewrites the stored copy without them.
  const memory: Entries = {}

  /** Every copy merged, the longest claim of each key winning (a tab's lease never shortens another tab's sale). */
  const load = (): Entries => {
    const t = now()
    const live: Entries = {}
    for (const raw of [storage.get(KEY), storage.get(COOKIE_KEY)]) {
      let copy: unknown
      try {
        copy = JSON.parse(raw ?? '{}')
      } catch {
        /* a damaged copy counts as empty */
      }
      for (const [k, exp] of Object.entries(copy ?? {})) if (typeof exp === 'number' && exp > t && !(live[k]! >= exp)) live[k] = exp
    }
    for (const [k, exp] of Object.entries(memory)) if (exp > t && !(live[k]! >= exp)) live[k] = exp
    return live
  }

  const save = (entries: Entries): void => {
    // Newest writes last (their keys re-inserted below), so the bounds drop the oldest.
    const keys = Object.keys(entries).filter((k) => !(k in memory)).concat(Object.keys(memory).filter((k) => k in entries))
    const kept: Entries = {}
    for (const k of keys.slice(-MAX_ENTRIES)) kept[k] = entries[k]!
    // Essential: order ids identify no shopper, and without them a reload reports the sale again.
    const opts = { maxAgeMs: windowMs(), essential: true }
    storage.set(KEY, JSON.stringify(kept), opts)
    const recent: Entries = {}
    for (const k of keys.reverse()) {
      recent[k] = entries[k]!
      if (encodeURIComponent(JSON.stringify(recent)).length > COOKIE_BYTES) {
        delete recent[k]
        break
      }
    }
    storage.set(COOKIE_KEY, JSON.stringify(recent), { ...opts, mirror: true })
  }

  const put = (key: string, until: number | undefined, entries = load()): void => {
    delete memory[key]
    delete entries[key]
    if (until !== undefined) entries[key] = memory[key] = until
    save(entries)
  }

  return {
    claim(key, leaseMs, won) {
      // One read serves both the check and the write: the claim is on the conversion call's path.
      const entries = load()
      if (entries[key] !== undefined) return false
      won?.()
      put(key, now() + leaseMs, entries)
      return true
    },
    confirm: (key) => put(key, now() + windowMs()),
    has: (key) => load()[key] !== undefined,
    until: (key) => load()[key],
    release: (key) => put(key, undefined),
  }
}
