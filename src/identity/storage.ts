import { now } from '../util'

/**
 * Safe first-party storage: localStorage, mirrored in a cookie for the keys that ask for it, and
 * always in memory. No method ever throws: reading `window.localStorage` alone throws a
 * SecurityError when storage is blocked, setItem throws QuotaExceededError when full (old Safari
 * private mode has a quota of 0), and document.cookie throws in sandboxed frames. Whatever fails,
 * the page keeps working on the memory copy.
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

const PREFIX = 'adb_'

interface Envelope { v: string; e: number }

function localStore(): Storage | undefined {
  try {
    const ls = window.localStorage
    return ls ?? undefined
  } catch {
    return undefined
  }
}

function parseEnvelope(raw: string | null | undefined): Envelope | undefined {
  if (!raw) return undefined
  try {
    const env = JSON.parse(raw) as Partial<Envelope>
    if (typeof env?.v === 'string' && typeof env.e === 'number') return { v: env.v, e: env.e }
  } catch {
    /* not ours, or damaged: treat as absent */
  }
  return undefined
}

/** Reads one cookie by exact name; undefined when absent or when cookies are unreadable. */
export function readCookie(name: string): string | undefined {
  try {
    for (const part of document.cookie.split(';')) {
      const eq = part.indexOf('=')
      if (eq < 0) continue
      if (part.slice(0, eq).trim() !== name) continue
      const value = part.slice(eq + 1).trim()
      try {
        return decodeURIComponent(value)
      } catch {
        return value
      }
    }
  } catch {
    /* cookies blocked */
  }
  return undefined
}

function writeCookie(name: string, value: string, maxAgeSec: number, domain?: string): void {
  try {
    // path=/ so every path of the site sees the same id: Topsort lost ids on other paths by
    // letting the cookie default to the directory of the first page.
    // A deletion uses a past date: max-age=0 is read by some engines (happy-dom) as "expires now",
    // still listed within the same millisecond.
    const age = maxAgeSec > 0 ? `max-age=${Math.floor(maxAgeSec)}` : 'expires=Thu, 01 Jan 1970 00:00:00 GMT'
    let c = `${name}=${encodeURIComponent(value)}; path=/; ${age}; SameSite=Lax`
    if (domain) c += `; domain=${domain}`
    if (location.protocol === 'https:') c += '; Secure'
    document.cookie = c
  } catch {
    /* cookies blocked */
  }
}

export function createStorage(opts: StorageOptions = {}): SafeStorage {
  const memory = new Map<string, Envelope>()
  let persistent = true

  const fromLocal = (name: string): Envelope | undefined => {
    try {
      return parseEnvelope(localStore()?.getItem(name))
    } catch {
      return undefined
    }
  }

  const toLocal = (name: string, env: Envelope): boolean => {
    try {
      const ls = localStore()
      if (!ls) return false
      ls.setItem(name, JSON.stringify(env))
      return true
    } catch {
      return false // quota or blocked: memory keeps it for this page
    }
  }
  // Keys whose newest value lives only in memory (its write failed, or consent was denied): the
  // stored copy, if any, is older and must not win.
  const unsaved = new Set<string>()

  const dropLocal = (name: string): void => {
    try {
      localStore()?.removeItem(name)
    } catch {
      /* blocked */
    }
  }

  return {
    get(key) {
      const name = PREFIX + key
      const t = now()
      const mem = memory.get(name)
      if (mem && mem.e <= t) memory.delete(name)
      const live = mem && mem.e > t ? mem : undefined
      if (live && unsaved.has(name)) return live.v
      const local = fromLocal(name)
      const cookie = readCookie(name)
      // An empty value is a deleted cookie some engines still list; it is no id.
      if (cookie) {
        // The cookie wins: it is the copy shared by every path and, with cookieDomain, every
        // subdomain, where each host's localStorage is its own. Bring localStorage back in line
        // (Segment's getAndSync), keeping the expiry we know.
        if (persistent && (!local || local.v !== cookie || local.e <= t)) {
          const e = local && local.v === cookie && local.e > t ? local.e : live && live.v === cookie ? live.e : t + 7 * 864e5
          toLocal(name, { v: cookie, e })
        }
        return cookie
      }
      if (local && local.e > t) return local.v
      if (local) dropLocal(name) // expired
      return live?.v
    },
    set(key, value, { maxAgeMs, mirror, essential }) {
      const name = PREFIX + key
      const env = { v: value, e: now() + maxAgeMs }
      memory.set(name, env)
      if (!persistent && !essential) {
        unsaved.add(name)
        return
      }
      if (toLocal(name, env)) unsaved.delete(name)
      else unsaved.add(name)
      if (mirror && persistent) writeCookie(name, value, maxAgeMs / 1000, opts.cookieDomain?.())
    },
    remove(key) {
      const name = PREFIX + key
      memory.delete(name)
      unsaved.delete(name)
      dropLocal(name)
      if (readCookie(name) !== undefined) {
        // Both the host-only cookie and the one on cookieDomain, whichever exists.
        writeCookie(name, '', 0)
        const domain = opts.cookieDomain?.()
        if (domain) writeCookie(name, '', 0, domain)
      }
    },
    setPersistent(on) {
      persistent = on
    },
  }
}
