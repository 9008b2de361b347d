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
 * (https://w3c.github.io/webcrypto/#Crypto-method-randomUUID); getRandomValues works everywhere.
 */
export function uuid(): string {
  const c = crypto
  if (c.randomUUID) return c.randomUUID()
  const b = c.getRandomValues(new Uint8Array(16))
  b[6] = (b[6]! & 15) | 64
  b[8] = (b[8]! & 63) | 128
  let h = ''
  b.forEach((x, i) => (h += (i == 4 || i == 6 || i == 8 || i == 10 ? '-' : '') + (x | 256).toString(16).slice(1)))
  return h
}
