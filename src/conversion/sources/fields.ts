// Reading another platform's data: every value is checked for its type before it is used, and a
// value of the wrong kind is passed on as it came so that validation names it (validate.ts
// already reads numeric strings such as "15.25", as Universal Analytics pushes carry them).
import type { Order } from '../../types'
import { idString, isObject } from '../../util'
import { isSha256Hex } from '../hash'

/**
 * An order read from a platform's own data. `email` may be missing (a GA4 purchase usually has
 * none): such an order goes to Meta and Google, not to VTEX Ads, see order-source.ts.
 */
export type SourcedOrder = Omit<Order, 'email'> & { email?: string }

/** The lines read at most: one more than bounds.ts accepts, so an order that long is still refused (with its warning) and never costs more. */
const MAX_LINES = 10_001

/** An object's own fields, or none. */
export const obj = (v: unknown): Record<string, unknown> => (isObject(v) ? v : {})

/** The first of a value that may come as a list (Google's user_data takes several e-mails or addresses). */
export const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v)

/** A finite number, from a number or a numeric string. */
export const num = (v: unknown): number | undefined => {
  const n = typeof v == 'string' && v.trim() ? +v : v
  return typeof n == 'number' && Number.isFinite(n) ? n : undefined
}

/** Lines mapped one by one, at most MAX_LINES; a value that is no list goes on as it came. */
export const lines = <T>(v: unknown, map: (line: Record<string, unknown>) => T): T[] | unknown =>
  Array.isArray(v) ? v.slice(0, MAX_LINES).map((line) => map(obj(line))) : v

/**
 * An e-mail as the platforms hash it, or its SHA-256 hex; undefined otherwise. A masked address
 * ("j***@gmail.com", as VTEX shows a shopper it did not authenticate) is no address: its hash
 * would match nobody.
 */
export const email = (v: unknown): string | undefined => {
  const s = typeof v == 'string' ? v.trim() : ''
  return /^[^\s@*]+@[^\s@*]+$/.test(s) || isSha256Hex(s) ? s : undefined
}

/** A customer id that may travel as user_id: never an e-mail (validation would refuse the whole order). */
export const customerId = (v: unknown): string | undefined => {
  const id = idString(v)
  return id && !id.includes('@') ? id : undefined
}

/** A text field: a non-empty string, trimmed. */
export const text = (v: unknown): string | undefined => (typeof v == 'string' && v.trim() ? v.trim() : undefined)

/** Copies into `order` the fields that have a value: an absent field stays absent, not undefined. */
export function assign<T extends object>(target: T, fields: Partial<T>): T {
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) (target as Record<string, unknown>)[k] = v
  return target
}
