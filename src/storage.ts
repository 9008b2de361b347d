import { now } from './clock'

/**
 * Safe first-party storage: localStorage, mirrored in a cookie for the keys that ask for it, and
 * always in memory. No method ever throws: reading `window.localStorage` alone throws a
 * SecurityError when storage is blocked, setItem throws QuotaExceededError when full (old Safari
 * private mode has a quota of 0), and document.cookie throws in sandboxed frames. Whatever fails,
 * the page keeps working on the memory copy.
 */
export interface SafeStorage {
  get(key: string): string | undefined
  /** maxAgeMs: how long the value lives without being written again. mirror: also in a cookie. */
  set(key: string, value: string, opts: { maxAgeMs: number; mirror?: boolean }): void
  remove(key: string): void
  /** false: nothing is written beyond memory (consent denied, or storage blocked). */
  setPersistent(on: boolean): void
}

export interface StorageOptions {
  /** Cookie domain (e.g. ".shop.com" to share ids across subdomains); default: the host only. */
  cookieDomain?: string
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
    let c = `${name}=${encodeURIComponent(value)}; path=/; max-age=${Math.max(0, Math.floor(maxAgeSec))}; SameSite=Lax`
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

  const toLocal = (name: string, env: Envelope): void => {
    try {
      localStore()?.setItem(name, JSON.stringify(env))
    } catch {
      /* quota or blocked: memory keeps it for this page */
    }
  }

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
      const local = fromLocal(name)
      if (local && local.e > t) return local.v
      if (local) dropLocal(name) // expired
      const cookie = readCookie(name)
      // An empty value is a deleted cookie some engines still list; it is no id.
      if (cookie) {
        // The cookie survived where localStorage did not (cleared, or another subdomain):
        // copy it back so both agree again, as Segment's getAndSync does.
        const mem = memory.get(name)
        const env = { v: cookie, e: mem && mem.v === cookie ? mem.e : t + 7 * 864e5 }
        if (persistent) toLocal(name, env)
        return cookie
      }
      const mem = memory.get(name)
      if (mem && mem.e > t) return mem.v
      memory.delete(name)
      return undefined
    },
    set(key, value, { maxAgeMs, mirror }) {
      const name = PREFIX + key
      const env = { v: value, e: now() + maxAgeMs }
      memory.set(name, env)
      if (!persistent) return
      toLocal(name, env)
      if (mirror) writeCookie(name, value, maxAgeMs / 1000, opts.cookieDomain)
    },
    remove(key) {
      const name = PREFIX + key
      memory.delete(name)
      dropLocal(name)
      if (readCookie(name) !== undefined) writeCookie(name, '', 0, opts.cookieDomain)
    },
    setPersistent(on) {
      persistent = on
    },
  }
}
