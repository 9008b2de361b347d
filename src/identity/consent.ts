import { LANDING_KEY, TOUCHES_KEY } from '../landing/landing'
import type { ConsentState } from '../types'
import { effectiveConsent, gpcState } from './consent-signals'
import { SESSION_KEY, USER_KEY } from './identity'
import type { SafeStorage } from './storage'

/** Keys that identify the shopper: with storage consent denied they live in memory only. */
export const PERSONAL_KEYS = [SESSION_KEY, USER_KEY, LANDING_KEY, TOUCHES_KEY]

/**
 * Storage consent: granted, storage is used; denied, ids stay in memory for this page and what
 * earlier pages stored under `personal` keys (ids, landing context, cookies included) is removed.
 * The ledger of reported order ids is not among them: it identifies nobody and keeps a reload
 * from reporting the sale again.
 */
export function applyStorageConsent(storage: SafeStorage, consent: ConsentState, personal: string[], maxAgeMs: number): void {
  const denied = consent.ad_storage == 'denied'
  storage.setPersistent(!denied)
  if (denied)
    for (const key of personal) {
      const value = storage.get(key)
      storage.remove(key)
      if (value !== undefined) storage.set(key, value, { maxAgeMs })
    }
}

export interface Consent {
  /** What holds now, all sources merged. */
  state(): ConsentState
  /** A source's own state (0: adbeacon('consent') / data-consent; consent-signals.ts numbers the others). */
  layer(source: number): ConsentState
  set(source: number, state: ConsentState): void
}

/**
 * Consent from several sources, by precedence: what the store tells adbeacon first, then what the
 * page already signals (consent-signals.ts). Applied to storage at each change.
 */
export function createConsent(storage: SafeStorage, told: ConsentState, maxAgeMs: () => number, onChange: () => void): Consent {
  const layers: ConsentState[] = [told, {}, {}, gpcState()]
  let state = effectiveConsent(layers)
  return {
    state: () => state,
    layer: (source) => layers[source]!,
    set(source, next) {
      onChange()
      layers[source] = next
      state = effectiveConsent(layers)
      applyStorageConsent(storage, state, PERSONAL_KEYS, maxAgeMs())
    },
  }
}
