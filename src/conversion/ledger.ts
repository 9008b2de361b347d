import type { SafeStorage } from '../identity/storage'
import { now } from '../util'

/**
 * Which conversions were already reported, per destination and order id, so a reload, a
 * back/forward restore or a second tab does not report a sale twice (Topsort's in-page dedup reset
 * on reload). Read and written synchronously: a claim happens before any await, so a second tab
 * or a reload that runs the same confirmation finds it.
 *
 * A claim is first a short lease, and becomes the full window only once the payload has been
 * handed to the browser or written to the outbox. Hashing (Web Crypto) is asynchronous: if the
 * tab dies in that gap, nothing was sent or kept, and an order claimed for 30 days would be lost
 * for good; with a lease, a later visit to the confirmation page can still report it.
 */
export interface Ledger {
  /** True when the key was free and is now leased for `leaseMs`; false when already claimed. */
  claim(key: string, leaseMs: number): boolean
  /** The payload is out (or safely queued): keep the claim for the whole window. */
  confirm(key: string): void
  has(key: string): boolean
  /** Gives a claim back (nothing could be sent). */
  release(key: string): void
}

const KEY = 'sent'
// Bounded so it can never fill localStorage (Snowplow's queue broke host pages that way): 300
// keys is 100 orders reported to all three platforms.
const MAX_ENTRIES = 300

type Entries = Record<string, number>

export function createLedger(storage: SafeStorage, windowMs: () => number): Ledger {
  const memory: Entries = {}

  const load = (): Entries => {
    const t = now()
    let stored: Entries = {}
    try {
      const raw = storage.get(KEY)
      if (raw) stored = JSON.parse(raw) as Entries
    } catch {
      stored = {}
    }
    const live: Entries = {}
    for (const [k, exp] of Object.entries({ ...stored, ...memory })) if (typeof exp === 'number' && exp > t) live[k] = exp
    return live
  }

  const save = (entries: Entries): void => {
    const keys = Object.keys(entries).sort((a, b) => entries[b]! - entries[a]!).slice(0, MAX_ENTRIES)
    const kept: Entries = {}
    for (const k of keys) kept[k] = entries[k]!
    // Essential: order ids identify no shopper, and without them a reload reports the sale again.
    storage.set(KEY, JSON.stringify(kept), { maxAgeMs: windowMs(), essential: true })
  }

  const put = (key: string, until: number | undefined, entries = load()): void => {
    if (until === undefined) {
      delete entries[key]
      delete memory[key]
    } else {
      entries[key] = until
      memory[key] = until
    }
    save(entries)
  }

  return {
    claim(key, leaseMs) {
      // One read serves both the check and the write: the claim is on the conversion call's path.
      const entries = load()
      if (entries[key] !== undefined) return false
      put(key, now() + leaseMs, entries)
      return true
    },
    confirm: (key) => put(key, now() + windowMs()),
    has: (key) => load()[key] !== undefined,
    release: (key) => put(key, undefined),
  }
}
