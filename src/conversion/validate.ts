import type { ResolvedConfig } from '../config'
import type { ValidationError } from '../types'
import { idString as toId, isObject, MAX_ID } from '../util'
import type { ValidOrder } from './destinations/destination'
import type { MercadoPagoReturn } from './payments/mercadopago'

/**
 * Validates an order before anything is sent: an invalid order sends nothing, and its errors come
 * in the shape of the VTEX Ads API's own 422 array (Ajv: instancePath, keyword, message, params),
 * so a store developer sees locally what the platform would have answered.
 */
export interface OrderCheck {
  order?: ValidOrder
  errors: ValidationError[]
}

/** An ISO 4217 currency code, in any case. */
export const CURRENCY = /^[A-Za-z]{3}$/

/** Accepts numbers, and numeric strings such as "1899.00" (back ends often serialise decimals so). */
function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined
  // A 400-digit string is Infinity, which JSON would send as null.
  if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) && Number.isFinite(Number(v))) return Number(v)
  return undefined
}

/**
 * ISO-8601 with a time zone → UTC "YYYY-MM-DDTHH:MM:SSZ". A local time without zone is refused:
 * guessing the zone would shift the sale by hours against the attribution window.
 */
export function toUtcIso(v: unknown): string | undefined {
  let d: Date | undefined
  if (v instanceof Date) d = v
  else if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(v.trim())) d = new Date(v.trim())
  if (!d || Number.isNaN(d.getTime())) return undefined
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** Collects errors in the Ajv shape, with Ajv's messages, so they read like the API's own 422. */
function collector() {
  const errors: ValidationError[] = []
  const err = (instancePath: string, keyword: string, message: string, params: Record<string, unknown> = {}) => void errors.push({ instancePath, keyword, message, params })
  return {
    errors,
    err,
    required: (at: string, prop: string) => err(at, 'required', `must have required property '${prop}'`, { missingProperty: prop }),
    type: (path: string, type: string) => err(path, 'type', `must be ${type}`, { type }),
    /** a number below its minimum (strict: > limit) */
    min: (path: string, strict: boolean) => err(path, strict ? 'exclusiveMinimum' : 'minimum', strict ? 'must be > 0' : 'must be >= 0', { comparison: strict ? '>' : '>=', limit: 0 }),
  }
}
type Errors = ReturnType<typeof collector>

/** A number field that must be ≥ 0 (> 0 when strict): its value, or undefined with an error. */
function amount(raw: Record<string, unknown>, at: string, key: string, e: Errors, strict = false): number | undefined {
  const n = toNumber(raw[key])
  if (raw[key] === undefined) e.required(at, key)
  else if (n === undefined) e.type(`${at}/${key}`, 'number')
  else if (strict ? n <= 0 : n < 0) e.min(`${at}/${key}`, strict)
  else return n
  return undefined
}

/** One line of the order; undefined (with errors) when it is not valid. */
function validateItem(raw: unknown, at: string, e: Errors): ValidOrder['items'][number] | undefined {
  if (!isObject(raw)) return void e.type(at, 'object')
  const sku = toId(raw.sku)
  if (!sku) e.required(at, 'sku')
  const quantity = amount(raw, at, 'quantity', e, true)
  const price = amount(raw, at, 'price', e)
  // No promotion means the "for" price is the "from" price; VTEX needs both to measure a sale.
  const promo = raw.promotional_price == null ? price : amount(raw, at, 'promotional_price', e)
  if (!sku || quantity === undefined || price === undefined || promo === undefined) return undefined
  const item: ValidOrder['items'][number] = { sku, quantity, price, promotional_price: promo }
  const productId = toId(raw.product_id)
  if (productId) item.product_id = productId
  if (raw.seller_id !== undefined) {
    const sellerId = raw.seller_id === null ? null : toId(raw.seller_id)
    if (sellerId !== undefined) item.seller_id = sellerId
  }
  if (typeof raw.name === 'string' && raw.name.trim()) item.name = raw.name.trim()
  return item
}

function validateItems(items: unknown, e: Errors): ValidOrder['items'] {
  const out: ValidOrder['items'] = []
  if (items === undefined) e.required('', 'items')
  else if (!Array.isArray(items)) e.type('/items', 'array')
  else if (items.length === 0) e.err('/items', 'minItems', 'must NOT have fewer than 1 items', { limit: 1 })
  else
    items.forEach((raw: unknown, i: number) => {
      const item = validateItem(raw, `/items/${i}`, e)
      if (item) out.push(item)
    })
  return out
}

/** The e-mail (trimmed) and the other personal and descriptive fields' types. */
function validatePerson(o: Record<string, unknown>, e: Errors): string | undefined {
  const email = typeof o.email === 'string' ? o.email.trim() : undefined
  if (o.email == null) e.required('', 'email')
  else if (email === '') e.err('/email', 'minLength', 'must NOT be empty', { limit: 1 })
  else if (email === undefined) e.type('/email', 'string')
  else if (!/^[^\s@]+@[^\s@]+$/.test(email) && !/^[0-9a-f]{64}$/i.test(email)) e.err('/email', 'format', 'must match format "email" (or be its SHA-256 hex)', { format: 'email' })
  for (const f of ['phone', 'social_id', 'first_name', 'last_name', 'channel', 'brand', 'uf', 'city', 'currency', 'user_id']) {
    const v = o[f]
    if (v != null && typeof v !== 'string' && !(typeof v === 'number' && (f === 'social_id' || f === 'phone' || f === 'user_id'))) e.type(`/${f}`, 'string')
  }
  if (typeof o.user_id === 'string' && o.user_id.includes('@')) e.err('/user_id', 'not', 'must be the store customer id, not an e-mail (it would leave the page unhashed)')
  if (o.gender != null && !/^[FMO]$/.test(String(o.gender).trim().toUpperCase())) e.err('/gender', 'enum', 'must be equal to one of the allowed values', { allowedValues: ['F', 'M', 'O', null] })
  if (o.is_company !== undefined && typeof o.is_company !== 'boolean') e.type('/is_company', 'boolean')
  return email
}

export function validateOrder(input: unknown, config: ResolvedConfig, payment: MercadoPagoReturn | null, nowIso: string): OrderCheck {
  const e = collector()
  if (!isObject(input)) {
    e.type('', 'object')
    return { errors: e.errors }
  }
  const o = input
  // A Checkout Pro return names the order in external_reference; the order's own id wins.
  const orderId = toId(o.order_id) ?? payment?.external_reference
  if (!orderId) e.required('', 'order_id')
  else if (orderId.length > MAX_ID) e.err('/order_id', 'maxLength', `must NOT have more than ${MAX_ID} characters`, { limit: MAX_ID })
  // The order id travels in clear (Meta eid, Google transaction_id, which must hold no PII).
  else if (orderId.includes('@')) e.err('/order_id', 'not', 'must not be an e-mail (it is sent unhashed as the event id)')
  const items = validateItems(o.items, e)
  const email = validatePerson(o, e)
  const createdAt = o.created_at == null ? nowIso : toUtcIso(o.created_at)
  if (!createdAt) e.err('/created_at', 'format', 'must be ISO-8601 with a time zone, e.g. "2026-01-01T09:20:00Z"', { format: 'date-time' })
  const value = o.value == null ? undefined : toNumber(o.value)
  if (o.value != null && !(value! >= 0)) e.err('/value', 'minimum', 'must be a number >= 0', { comparison: '>=', limit: 0 })
  let currency = config.currency
  if (typeof o.currency === 'string' && o.currency.trim()) {
    if (CURRENCY.test(o.currency.trim())) currency = o.currency.trim().toUpperCase()
    else e.err('/currency', 'pattern', 'must be an ISO 4217 code such as "BRL"', { pattern: '^[A-Z]{3}$' })
  }
  if (e.errors.length || !orderId || !email || !createdAt) return { errors: e.errors }

  const sum = items.reduce((s, it) => s + it.promotional_price * it.quantity, 0)
  const order: ValidOrder = { order_id: orderId, items, created_at: createdAt, value: Math.round((value ?? sum) * 100) / 100, currency, email }
  for (const k of ['phone', 'social_id', 'first_name', 'last_name', 'user_id', 'channel', 'brand', 'uf', 'city'] as const) {
    const v = toId(o[k])
    if (v !== undefined) order[k] = v
  }
  if (o.gender !== undefined) order.gender = o.gender === null ? null : (String(o.gender).trim().toUpperCase() as 'F')
  if (typeof o.is_company === 'boolean') order.is_company = o.is_company
  return { order, errors: e.errors }
}
