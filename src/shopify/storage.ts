// adbeacon's storage inside Shopify's pixel sandbox. The pixel cannot reach the store's
// localStorage or cookies itself: Shopify's `browser` object reaches them in the top frame,
// asynchronously (https://shopify.dev/docs/api/web-pixels-api/standard-api/browser). The keys the
// conversion reads are loaded once, before the sale is handled; from then on the SafeStorage the
// conversion code expects answers synchronously from memory, and each write goes on to the top
// frame in the background. The keys and their form are those of identity/storage.ts: "adb_" +
// key, in localStorage as {v: value, e: expiry ms}, and a cookie's value as it is.
import type { SafeStorage } from '../identity/storage'
import { now } from '../util'
import type { Browser } from './web-pixels-api'

interface Entry { v: string; e: number }

/** A promise's failure, or a call that throws, is nothing: storage is never worth a lost sale. */
const quietly = async <T>(fn: () => Promise<T> | T): Promise<T | undefined> => {
  try {
    return await fn()
  } catch {
    return undefined
  }
}

async function load(browser: Browser, name: string): Promise<Entry | undefined> {
  const [cookie, raw] = await Promise.all([quietly(() => browser.cookie.get(name)), quietly(() => browser.localStorage.getItem(name))])
  // The cookie wins, as in storage.ts: it is the copy shared by every path and subdomain
  // (written URI-encoded there).
  if (typeof cookie == 'string' && cookie) return { v: (await quietly(() => decodeURIComponent(cookie))) ?? cookie, e: Infinity }
  const entry = await quietly(() => JSON.parse(raw ?? 'null') as Partial<Entry> | null)
  return typeof entry?.v == 'string' && typeof entry.e == 'number' && entry.e > now() ? { v: entry.v, e: entry.e } : undefined
}

/** Loads `keys` from the top frame, then answers from memory and writes through. */
export async function preloadStorage(browser: Browser, keys: string[]): Promise<SafeStorage> {
  const memory = new Map<string, Entry>()
  await Promise.all(keys.map(async (key) => {
    const entry = await load(browser, 'adb_' + key)
    if (entry) memory.set(key, entry)
  }))
  let persistent = true
  return {
    get(key) {
      const entry = memory.get(key)
      return entry && entry.e > now() ? entry.v : undefined
    },
    set(key, value, { maxAgeMs, essential }) {
      const entry = { v: value, e: now() + maxAgeMs }
      memory.set(key, entry)
      if (persistent || essential) void quietly(() => browser.localStorage.setItem('adb_' + key, JSON.stringify(entry)))
    },
    remove(key) {
      memory.delete(key)
      void quietly(() => browser.localStorage.removeItem('adb_' + key))
    },
    setPersistent(on) {
      persistent = on
    },
  }
}
