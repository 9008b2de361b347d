// Hostile input stays cheap (issue 10, part 6): lengths and counts are bounded before the work
// that grows with them, and each bound costs one warning line, not one per value.
import type { Logger } from '../log'
import { isObject, MAX_ID } from '../util'
import type { ValidOrder } from './destinations/destination'
import type { OrderCheck } from './validate'

// A real order has far fewer lines: 10,000 would be a body of over 1 MB.
const MAX_ITEMS = 10_000

/** An order with more lines than any real one: refused before each line is validated. */
export function tooManyItems(input: unknown): OrderCheck | undefined {
  const items = isObject(input) ? input.items : undefined
  return Array.isArray(items) && items.length > MAX_ITEMS
    ? { errors: [{ instancePath: '/items', keyword: 'maxItems', message: `must NOT have more than ${MAX_ITEMS} items`, params: { limit: MAX_ITEMS } }] }
    : undefined
}

const FIELDS = ['phone', 'social_id', 'first_name', 'last_name', 'user_id'] as const

/**
 * Leaves out, before any of them is normalised, the personal fields longer than any real one
 * (MAX_ID characters): the phone rules backtrack on such a value (an 80,000-character phone held
 * the page for 3 s in a fuzz run), and no platform would match it anyway. One warning names the
 * fields, never their values; the sale still goes.
 */
export function dropLongFields(order: ValidOrder, log: Logger): void {
  const long = FIELDS.filter((f) => String(order[f] ?? '').length > MAX_ID)
  for (const f of long) delete order[f]
  if (long.length) log.warn('too long', `order.${long.join(', order.')} (over ${MAX_ID} characters) left out`)
}
