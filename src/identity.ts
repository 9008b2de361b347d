import { DAY_MS } from './clock'
import type { ResolvedConfig } from './config'
import type { Logger } from './log'
import { readCookie, type SafeStorage } from './storage'
import { uuid } from './uuid'

export const SESSION_KEY = 'sid'
export const USER_KEY = 'uid'

export interface Identity {
  /** The persistent visitor id; created on first use. */
  sessionId(): string
  /** The store's customer id, when known. */
  userId(): string | undefined
  /** The store's customer id; null when the shopper signs out. */
  identify(userId: unknown): void
  /** Renews both ids' lifetime; called once per page view (VTEX: stable ≥ 14 days, renewed on use). */
  touch(): void
  /** Forgets both ids (a new shopper on a shared device). */
  reset(): void
}

const MAX_ID_LENGTH = 200

export function createIdentity(storage: SafeStorage, config: () => ResolvedConfig, log: Logger): Identity {
  // Kept in a variable too: when all storage fails, the page still uses one id throughout.
  let sid: string | undefined
  const ttl = () => config().sessionDays * DAY_MS

  const sessionId = (): string => {
    const stored = storage.get(SESSION_KEY)
    if (stored) sid = stored
    if (!sid) {
      sid = uuid()
      storage.set(SESSION_KEY, sid, { maxAgeMs: ttl(), mirror: true })
    }
    return sid
  }

  const userId = (): string | undefined => {
    const stored = storage.get(USER_KEY)
    if (stored) return stored
    // VTEX stores keep an anonymous customer id in a cookie (VtexRCMacIdv7); a store can name it.
    const name = config().userIdCookie
    const fromCookie = name ? readCookie(name) : undefined
    // A cookie holding an e-mail would send it raw as user_id: not an id adbeacon may use.
    return fromCookie && fromCookie.length <= MAX_ID_LENGTH && !fromCookie.includes('@') ? fromCookie : undefined
  }

  return {
    sessionId,
    userId,
    identify(value) {
      if (value === null) {
        // Signed out: the customer id goes, the visitor's session_id stays (same browser).
        storage.remove(USER_KEY)
        log.debug('customer id cleared (signed out)')
        return
      }
      const id = typeof value === 'number' ? String(value) : value
      if (typeof id !== 'string' || !id.trim() || id.length > MAX_ID_LENGTH) {
        // The value itself is not printed: it may be a customer object full of personal data.
        log.warn(`identify(userId) takes a non-empty customer id (string, at most 200 characters); got ${typeof value === 'string' ? `a string of ${value.length} characters` : typeof value}.`)
        return
      }
      if (id.includes('@')) {
        // A raw e-mail as user_id would leave the page in every beacon (Newtail's app did this).
        log.warn('identify(userId) was given something that looks like an e-mail; it is ignored. Pass the store customer id; e-mails go in the order and are hashed.')
        return
      }
      storage.set(USER_KEY, id.trim(), { maxAgeMs: ttl(), mirror: true })
      log.debug('identified the customer')
    },
    touch() {
      storage.set(SESSION_KEY, sessionId(), { maxAgeMs: ttl(), mirror: true })
      const stored = storage.get(USER_KEY)
      if (stored) storage.set(USER_KEY, stored, { maxAgeMs: ttl(), mirror: true })
    },
    reset() {
      sid = undefined
      storage.remove(SESSION_KEY)
      storage.remove(USER_KEY)
    },
  }
}
