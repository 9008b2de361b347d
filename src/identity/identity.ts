import type { ResolvedConfig } from '../config'
import type { Logger } from '../log'
import { DAY_MS, idString, MAX_ID, uuid } from '../util'
import { readCookie, type SafeStorage } from './storage'

export const SESSION_KEY = 'sid'
export const USER_KEY = 'uid'

export interface Identity {
  /** The persistent visitor id; created on first use. */
  sessionId(): string
  /** The store's customer id, when known. */
  userId(): string | undefined
  /** The store's customer id; null when the shopper signs out. */
  identify(userId: unknown): void
  /** Forgets both ids (a new shopper on a shared device). */
  reset(): void
}

/** A value that may travel as user_id: a short id, never an e-mail (it would leave the page raw). */
const usableId = (v: string | undefined): v is string => !!v && v.length <= MAX_ID && !v.includes('@')

export function createIdentity(storage: SafeStorage, config: () => ResolvedConfig, log: Logger): Identity {
  // Kept in a variable too: when all storage fails, the page still uses one id throughout.
  let sid: string | undefined
  const keep = (key: string, value: string) => storage.set(key, value, { maxAgeMs: config().sessionDays * DAY_MS, mirror: true })

  // Both ids are renewed on use, once per page view: VTEX wants the visitor id stable for at
  // least 14 days and renewed on use (https://github.com/vtex/vtexads-api-docs, session_id). A page
  // view with no event leaves storage and cookies untouched: their first access is a synchronous
  // IPC that costs milliseconds on every page of the store.
  let renewed = false
  const sessionId = (): string => {
    sid = storage.get(SESSION_KEY) ?? sid ?? uuid()
    if (!renewed) {
      renewed = true
      keep(SESSION_KEY, sid)
      const uid = storage.get(USER_KEY)
      if (uid) keep(USER_KEY, uid)
    }
    return sid
  }

  // VTEX stores keep an anonymous customer id in a cookie (VtexRCMacIdv7); a store can name it.
  // The store's cookie is read only when no customer id is kept: each document.cookie read is a synchronous IPC.
  const userId = (): string | undefined => {
    const name = config().userIdCookie
    return storage.get(USER_KEY) ?? [name && readCookie(name)].find(usableId)
  }

  return {
    sessionId,
    userId,
    identify(value) {
      // Signed out: the customer id goes, the visitor's session_id stays (same browser).
      if (value === null) return storage.remove(USER_KEY)
      const id = idString(value)
      // The value itself is not printed: it may be a customer object, or an e-mail.
      if (!usableId(id)) log.warn('not a customer id', 'identify()')
      else keep(USER_KEY, id)
    },
    reset() {
      sid = undefined
      renewed = false
      storage.remove(SESSION_KEY)
      storage.remove(USER_KEY)
    },
  }
}
