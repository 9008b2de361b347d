import type { ResolvedConfig } from '../config'
import type { ValidationError } from '../types'
import { idString as toId, isObject, MAX_ID } from '../util'
import type { ValidOrder } from './destinations/destination'
import { isSha256Hex } from './hash'
import type { MercadoPagoReturn } from './payments/mercadopago'

/**
 * Validates an order before anything is sent: an invalid order sends nothing, and its errors come
 * in the shape of the VTEX Ads API's own 422 array (Ajv: instancePath, keyword, message, params,
 * with Ajv's messages), so a store developer sees locally what the platform would have answered.
 * Why a rule exists is explained by the debug build (src/debug/messages.ts, code "order").
 */
export interface OrderCheck {
  order?: ValidOrder
  errors: ValidationError[]
}

/** An ISO 4217 currency code, in any case. */
export const CURRENCY = /^[A-Za-z]{3}$/

// ISO-8601 with a time zone. A local time without zone is refused: guessing the zone would shift
// the sale by hours against the attribution window.
const ISO_WITH_ZONE = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/i

// The order's text fields: ids and descriptive data sent as they are, personal data hashed. A back
// end may send the ones in NUMERIC as numbers; currency is checked further against CURRENCY.
const TEXT = ['email', 'phone', 'social_id', 'first_name', 'last_name', 'user_id', 'channel', 'brand', 'uf', 'city', 'currency'] as const
const NUMERIC = /^(phone|social_id|user_id)$/

/** Accepts numbers, and numeric strings such as "1899.00" (back ends often serialise decimals so). */
function toNumber(v: unknown): number | undefined {
  // A 400-digit string is Infinity, which JSON would send as null.
  const n = typeof v == 'number' ? v : typeof v == 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? +v : NaN
  return Number.isFinite(n) ? n : undefined
}

/** ISO-8601 with a time zone (or a Date) → UTC "YYYY-MM-DDTHH:MM:SSZ"; undefined otherwise. */
export function toUtcIso(v: unknown): string | undefined {
  const d = v instanceof Date ? v : typeof v == 'string' && ISO_WITH_ZONE.test(v.trim()) ? new Date(v.trim()) : undefined
  return d && !Number.isNaN(d.getTime()) ? d.toISOString().replace(/\.\d+Z$/, 'Z') : undefined
}

// The errors of the check under way: validateOrder is synchronous, so one list serves every helper.
let errors: ValidationError[] = []

const fail = (instancePath: string, keyword: string, message: string, params: Record<string, unknown> = {}): undefined => void errors.push({ instancePath, keyword, message, params })
const required = (at: string, prop: string) => fail(at, 'required', `must have required property '${prop}'`, { missingProperty: prop })
const wrongType = (path: string, type: string) => fail(path, 'type', 'must be ' + type, { type })
// order_id and user_id travel unhashed (Meta eid, Google transaction_id, every VTEX event).
const anEmail = (path: string) => fail(path, 'not', 'must NOT be an e-mail')
/** A number under its minimum: 0, or above 0 when `strict`. */
const belowMin = (path: string, strict?: boolean, comparison = strict ? '>' : '>=') => fail(path, strict ? 'exclusiveMinimum' : 'minimum', `must be ${comparison} 0`, { comparison, limit: 0 })

/** A number field that must be ≥ 0 (> 0 when strict): its value, or undefined with an error. */
function amount(raw: Record<string, unknown>, at: string, key: string, strict?: boolean): number | undefined {
  const n = toNumber(raw[key])
  const path = `${at}/${key}`
  if (raw[key] === undefined) required(at, key)
  else if (n === undefined) wrongType(path, 'number')
  else if (strict ? n <= 0 : n < 0) belowMin(path, strict)
  else return n
  return undefined
}

/** One line of the order; undefined (with errors) when it is not valid. */
function validateItem(raw: unknown, at: string): ValidOrder['items'][number] | undefined {
  if (!isObject(raw)) return wrongType(at, 'object')
  const sku = toId(raw.sku)
  if (!sku) required(at, 'sku')
  const quantity = amount(raw, at, 'quantity', true)
  const price = amount(raw, at, 'price')
  // No promotion means the "for" price is the "from" price; VTEX needs both to measure a sale.
  const promo = raw.promotional_price == null ? price : amount(raw, at, 'promotional_price')
  if (!sku || quantity === undefined || price === undefined || promo === undefined) return undefined
  // Optional fields left undefined are absent on the wire (JSON.stringify drops them). The display
  // name is not kept: no platform's payload carries it (VTEX's items have no name, Meta's contents
  // take id, quantity and item_price).
  return { sku, quantity, price, promotional_price: promo, product_id: toId(raw.product_id), seller_id: raw.seller_id === null ? null : toId(raw.seller_id) }
}

/** The lines; an invalid one leaves an error, and then no order is built from them. */
function validateItems(items: unknown): ValidOrder['items'] {
  if (items === undefined) required('', 'items')
  else if (!Array.isArray(items)) wrongType('/items', 'array')
  else if (!items.length) fail('/items', 'minItems', 'must NOT have fewer than 1 items', { limit: 1 })
  else return items.map((raw: unknown, i) => validateItem(raw, '/items/' + i)!)
  return []
}

/**
 * `emailOptional`: the order may come without an e-mail (Meta or Google can take the sale without
 * it; VTEX Ads, which requires it, then skips it). A malformed e-mail is an error either way.
 */
export function validateOrder(input: unknown, config: ResolvedConfig, payment: MercadoPagoReturn | null, nowIso: string, emailOptional = false): OrderCheck {
  errors = []
  if (!isObject(input)) {
    wrongType('', 'object')
    return { errors }
  }
  const o = input
  // A Checkout Pro return names the order in external_reference; the order's own id wins.
  const orderId = toId(o.order_id) ?? payment?.external_reference
  if (!orderId) required('', 'order_id')
  else if (orderId.length > MAX_ID) fail('/order_id', 'maxLength', `must NOT have more than ${MAX_ID} characters`, { limit: MAX_ID })
  else if (orderId.includes('@')) anEmail('/order_id')
  const items = validateItems(o.items)
  const text: Partial<Record<(typeof TEXT)[number], string>> = {}
  for (const f of TEXT) {
    const v = o[f]
    if (v != null && typeof v != 'string' && !(typeof v == 'number' && NUMERIC.test(f))) wrongType('/' + f, 'string')
    text[f] = toId(v)
  }
  // The e-mail (trimmed), or its SHA-256 hex.
  const email = text.email
  if (o.email == null) {
    if (!emailOptional) required('', 'email')
  } else if (typeof o.email != 'string') {
    // a type error, with the other text fields
  } else if (!email) fail('/email', 'minLength', 'must NOT be empty', { limit: 1 })
  else if (!/^[^\s@]+@[^\s@]+$/.test(email) && !isSha256Hex(email)) fail('/email', 'format', 'must match format "email"', { format: 'email' })
  if (text.user_id?.includes('@')) anEmail('/user_id')
  const currency = text.currency
  if (currency && !CURRENCY.test(currency)) fail('/currency', 'pattern', 'must match pattern "^[A-Z]{3}$"', { pattern: '^[A-Z]{3}$' })
  const gender = o.gender == null ? o.gender : String(o.gender).trim().toUpperCase()
  if (gender != null && !/^[FMO]$/.test(gender)) fail('/gender', 'enum', 'must be equal to one of the allowed values', { allowedValues: ['F', 'M', 'O', null] })
  if (o.is_company !== undefined && typeof o.is_company != 'boolean') wrongType('/is_company', 'boolean')
  const createdAt = o.created_at == null ? nowIso : toUtcIso(o.created_at)
  if (!createdAt) fail('/created_at', 'format', 'must match format "date-time"', { format: 'date-time' })
  const value = o.value == null ? 0 : toNumber(o.value)
  if (!(value! >= 0)) belowMin('/value')
  if (errors.length) return { errors }

  const sum = items.reduce((s, it) => s + it.promotional_price * it.quantity, 0)
  const order: ValidOrder = {
    ...text,
    order_id: orderId!,
    items,
    created_at: createdAt!,
    value: Math.round((o.value == null ? sum : value!) * 100) / 100,
    currency: currency?.toUpperCase() ?? config.currency,
    gender: gender as ValidOrder['gender'],
    is_company: o.is_company as boolean | undefined,
  }
  return { order, errors }
}
