import type { SafeStorage } from './storage'
import type { ConsentState } from '../types'

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
