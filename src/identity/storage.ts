import { attempt, now } from '../util'

/**
 * Safe first-party storage: localStorage, mirrored in a cookie for the keys that ask for it, and
 * always in memory. No method ever throws: reading `window.localStorage` alone throws a
 * SecurityError when storage is blocked, setItem throws QuotaExceededError when full (old Safari
 * private mode has a quota of 0), and document.cookie throws in sandboxed frames
 * (https://html.spec.whatwg.org/multipage/webstorage.html#dom-localstorage). Whatever fails, the
 * page keeps working on the memory copy.
 */
export interface SafeStorage {
  get(key: string): string | undefined
  /**
   * maxAgeMs: how long the value lives without being written again. mirror: also in a cookie.
   * essential: written even when storage consent is denied, for data that identifies nobody (the
   * ledger of order ids already reported, without which a reload would report a sale again).
   */
  set(key: string, value: string, opts: { maxAgeMs: number; mirror?: boolean; essential?: boolean }): void
  remove(key: string): void
  /** false: nothing is written beyond memory (consent denied, or storage blocked). */
  setPersistent(on: boolean): void
}

export interface StorageOptions {
  /** Cookie domain (e.g. ".shop.com" to share ids across subdomains); default: the host only. Read at each write. */
  cookieDomain?: () => string | undefined
}

/** A stored value and when it expires (ms): localStorage has no expiry of its own. */
interface Envelope { v: string; e: number }

/** Reads one cookie by exact name; undefined when absent or when cookies are unreadable. */
export function readCookie(name: string): string | undefined {
  return attempt(() => {
    for (const part of document.cookie.split(';')) {
      const eq = part.indexOf('=')
      if (eq > 0 && part.slice(0, eq).trim() == name) {
        const value = part.slice(eq + 1).trim()
        return attempt(() => decodeURIComponent(value), value)
      }
    }
    return undefined
  })
}

/**
 * path=/ so every path of the site sees the same id: Topsort lost ids on other paths by letting
 * the cookie default to the directory of the first page (https://github.com/Topsort/analytics.js).
 * A deletion is max-age=-1 (DELETED): any max-age <= 0 expires the cookie at once
 * (https://www.rfc-editor.org/rfc/rfc6265#section-5.2.2), where max-age=0 is read by some engines
 * (happy-dom) as "expires now", still listed within the same millisecond.
 */
function writeCookie(name: string, value: string, maxAgeMs: number, domain?: string): void {
  attempt(() => {
    document.cookie = `${name}=${encodeURIComponent(value)}; path=/; max-age=${Math.floor(maxAgeMs / 1000)}; SameSite=Lax${domain ? '; domain=' + domain : ''}${location.protocol == 'https:' ? '; Secure' : ''}`
  })
}
const DELETED = -1000

/** One localStorage call, guarded; undefined when storage is blocked or throws. */
const local = <T>(fn: (ls: Storage) => T): T | undefined => attempt(() => fn(localStorage))

const readLocal = (name: string): Envelope | undefined => {
  const env = attempt(() => JSON.parse(localStorage.getItem(name) ?? 'null') as Partial<Envelope> | null)
  return typeof env?.v == 'string' && typeof env.e == 'number' ? (env as Envelope) : undefined
}

export function createStorage(opts: StorageOptions = {}): SafeStorage {
  const memory = new Map<string, Envelope>()
  // Keys whose newest value lives only in memory (its write failed, or consent was denied): the
  // stored copy, if any, is older and must not win.
  const unsaved = new Set<string>()
  let persistent = true
  const save = (name: string, env: Envelope) => (local((ls) => (ls.setItem(name, JSON.stringify(env)), 1)) ? unsaved.delete(name) : unsaved.add(name))

  return {
    get(key) {
      const name = 'adb_' + key
      const t = now()
      const mem = memory.get(name)
      const live = mem && mem.e > t ? mem : undefined
      if (live && unsaved.has(name)) return live.v
      const stored = readLocal(name)
      // An empty value is a deleted cookie some engines still list; it is no id.
      const cookie = readCookie(name)
      if (cookie) {
        // The cookie wins: it is the copy shared by every path and, with cookieDomain, every
        // subdomain, where each host's localStorage is its own. Bring localStorage back in line
        // (Segment's getAndSync), keeping the expiry we know.
        if (persistent && !(stored?.v == cookie && stored.e > t)) save(name, { v: cookie, e: live?.v == cookie ? live.e : t + 7 * 864e5 })
        return cookie
      }
      if (stored && stored.e > t) return stored.v
      if (stored) local((ls) => ls.removeItem(name)) // expired
      return live?.v
    },
    set(key, value, { maxAgeMs, mirror, essential }) {
      const name = 'adb_' + key
      const env = { v: value, e: now() + maxAgeMs }
      memory.set(name, env)
      if (!persistent && !essential) unsaved.add(name)
      else {
        save(name, env)
        if (mirror && persistent) writeCookie(name, value, maxAgeMs, opts.cookieDomain?.())
      }
    },
    remove(key) {
      const name = 'adb_' + key
      memory.delete(name)
      unsaved.delete(name)
      local((ls) => ls.removeItem(name))
      if (readCookie(name) !== undefined) {
        // Both the host-only cookie and the one on cookieDomain, whichever exists.
        writeCookie(name, '', DELETED)
        const domain = opts.cookieDomain?.()
        if (domain) writeCookie(name, '', DELETED, domain)
      }
    },
    setPersistent(on) {
      // Granted again (a consent platform answering after the page started): what this page kept
      // in memory meanwhile is stored now, with the expiry it had.
      if ((persistent = on)) for (const name of unsaved) save(name, memory.get(name)!)
    },
  }
}
