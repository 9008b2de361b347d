// The few helpers every part uses, one copy each. The conversion file gets its own copy of these
// at build time (it is a separate script), which is why they stay this small.

/** One place for "now", so that tests can move time (Vitest fake timers, Playwright's page.clock). */
export const now = (): number => Date.now()

export const DAY_MS = 864e5

/** Longest id (order, user, ad) taken from a store; real ids are far shorter. */
export const MAX_ID = 200

/** Own keys only: "constructor" or "__proto__" must not find Object.prototype's. */
export const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k)

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Ids may arrive as numbers from a back end; the wire wants trimmed strings. */
export const idString = (v: unknown): string | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' && v.trim() ? v.trim() : undefined

/** The one never-throw guard: a failure inside adbeacon must not reach the store's page. */
export function attempt<T, F = undefined>(fn: () => T, fallback?: F, onError?: (e: unknown) => void): T | F {
  try {
    return fn()
  } catch (e) {
    onError?.(e)
    return fallback as F
  }
}

/**
 * A random v4 UUID. crypto.randomUUID exists only in secure contexts
 * (https://w3c.github.io/webcrypto/#Crypto-method-randomUUID); getRandomValues works everywhere:
 * each 0, 1 and 8 of the template becomes a random hex digit, 8 one of 8–b (the variant bits),
 * and the 4 stays (the version), as RFC 9562 §5.4 lays them out.
 */
export const uuid = (): string =>
  crypto.randomUUID?.() ?? '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) => (+c ^ (crypto.getRandomValues(new Uint8Array(1))[0]! & (15 >> (+c / 4)))).toString(16))
