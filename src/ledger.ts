import { now } from './clock'
import type { SafeStorage } from './storage'

/**
 * Which conversions were already reported, per destination and order id, so a reload, a
 * back/forward restore or a second tab never reports a sale twice (Topsort's in-page dedup reset
 * on reload). Read and written synchronously: a claim happens before any await, so of two tabs
 * running the same confirmation, the second finds the first one's claim.
 */
export interface Ledger {
  /** True when the key was free and is now claimed; false when already claimed. */
  claim(key: string): boolean
  has(key: string): boolean
  /** Gives a claim back (the send could not even be attempted). */
  release(key: string): void
}

const KEY = 'sent'
// Bounded so it can never fill localStorage (Snowplow's queue broke host pages that way).
const MAX_ENTRIES = 200

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
    storage.set(KEY, JSON.stringify(kept), { maxAgeMs: windowMs() })
  }

  return {
    claim(key) {
      const entries = load()
      if (entries[key] !== undefined) return false
      entries[key] = now() + windowMs()
      memory[key] = entries[key]
      save(entries)
      return true
    },
    has(key) {
      return load()[key] !== undefined
    },
    release(key) {
      const entries = load()
      delete entries[key]
      delete memory[key]
      save(entries)
    },
  }
}
