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
 * (https://w3c.github.io/webcrypto/#Crypto-method-randomUUID); elsewhere (an http page) a blob
 * URL ends with one the browser made (https://w3c.github.io/FileAPI/#unicodeBlobURL), a random
 * v4 UUID in Chromium, Firefox and WebKit. Called once per new id, so the empty Blob it keeps is nothing.
 */
export const uuid = (): string => crypto.randomUUID?.() ?? URL.createObjectURL(new Blob()).slice(-36)
