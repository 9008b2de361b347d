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

export function validateOrder(input: unknown, config: ResolvedConfig, payment: MercadoPagoReturn | null, nowIso: string): OrderCheck {
  const errors: ValidationError[] = []
  const err = (instancePath: string, keyword: string, message: string, params: Record<string, unknown> = {}) =>
    errors.push({ instancePath, keyword, message, params })

  if (!isObject(input)) {
    err('', 'type', 'must be object', { type: 'object' })
    return { errors }
  }
  const o = input

  // A Checkout Pro return names the order in external_reference; the order's own id wins.
  const orderId = toId(o.order_id) ?? payment?.external_reference
  if (!orderId) err('', 'required', "must have required property 'order_id'", { missingProperty: 'order_id' })
  else if (orderId.length > MAX_ID) err('/order_id', 'maxLength', `must NOT have more than ${MAX_ID} characters`, { limit: MAX_ID })
  // The order id travels in clear (Meta eid, Google transaction_id, which must hold no PII).
  else if (orderId.includes('@')) err('/order_id', 'not', 'must not be an e-mail (it is sent unhashed as the event id)', {})

  const items: ValidOrder['items'] = []
  if (o.items === undefined) err('', 'required', "must have required property 'items'", { missingProperty: 'items' })
  else if (!Array.isArray(o.items)) err('/items', 'type', 'must be array', { type: 'array' })
  else if (o.items.length === 0) err('/items', 'minItems', 'must NOT have fewer than 1 items', { limit: 1 })
  else {
    o.items.forEach((raw: unknown, i: number) => {
      const at = `/items/${i}`
      if (!isObject(raw)) {
        err(at, 'type', 'must be object', { type: 'object' })
        return
      }
      const sku = toId(raw.sku)
      if (!sku) err(at, 'required', "must have required property 'sku'", { missingProperty: 'sku' })
      const quantity = toNumber(raw.quantity)
      if (raw.quantity === undefined) err(at, 'required', "must have required property 'quantity'", { missingProperty: 'quantity' })
      else if (quantity === undefined) err(`${at}/quantity`, 'type', 'must be number', { type: 'number' })
      else if (quantity <= 0) err(`${at}/quantity`, 'exclusiveMinimum', 'must be > 0', { comparison: '>', limit: 0 })
      const price = toNumber(raw.price)
      if (raw.price === undefined) err(at, 'required', "must have required property 'price'", { missingProperty: 'price' })
      else if (price === undefined) err(`${at}/price`, 'type', 'must be number', { type: 'number' })
      else if (price < 0) err(`${at}/price`, 'minimum', 'must be >= 0', { comparison: '>=', limit: 0 })
      // No promotion means the "for" price is the "from" price; VTEX needs both to measure a sale.
      const promo = raw.promotional_price === undefined || raw.promotional_price === null ? price : toNumber(raw.promotional_price)
      if (promo === undefined && raw.promotional_price !== undefined) err(`${at}/promotional_price`, 'type', 'must be number', { type: 'number' })
      else if (promo !== undefined && promo < 0) err(`${at}/promotional_price`, 'minimum', 'must be >= 0', { comparison: '>=', limit: 0 })
      const sellerId = raw.seller_id === null ? null : toId(raw.seller_id)
      if (sku && quantity !== undefined && quantity > 0 && price !== undefined && price >= 0 && promo !== undefined && promo >= 0) {
        const item: ValidOrder['items'][number] = { sku, quantity, price, promotional_price: promo }
        const productId = toId(raw.product_id)
        if (productId) item.product_id = productId
        if (sellerId !== undefined) item.seller_id = sellerId
        if (typeof raw.name === 'string' && raw.name.trim()) item.name = raw.name.trim()
        items.push(item)
      }
    })
  }

  const email = typeof o.email === 'string' ? o.email.trim() : undefined
  if (o.email === undefined || o.email === null) err('', 'required', "must have required property 'email'", { missingProperty: 'email' })
  else if (email === '') err('/email', 'minLength', 'must NOT be empty', { limit: 1 })
  else if (email === undefined) err('/email', 'type', 'must be string', { type: 'string' })
  else if (!/^[^\s@]+@[^\s@]+$/.test(email) && !/^[0-9a-f]{64}$/i.test(email)) err('/email', 'format', 'must match format "email" (or be its SHA-256 hex)', { format: 'email' })

  for (const f of ['phone', 'social_id', 'first_name', 'last_name', 'channel', 'brand', 'uf', 'city', 'currency', 'user_id'] as const) {
    const v = o[f]
    if (v !== undefined && v !== null && typeof v !== 'string' && !(f === 'social_id' || f === 'phone' || f === 'user_id' ? typeof v === 'number' : false)) {
      err(`/${f}`, 'type', 'must be string', { type: 'string' })
    }
  }
  if (o.user_id !== undefined && typeof o.user_id === 'string' && o.user_id.includes('@')) {
    err('/user_id', 'not', 'must be the store customer id, not an e-mail (it would leave the page unhashed)', {})
  }

  let gender: ValidOrder['gender']
  if (o.gender !== undefined && o.gender !== null) {
    const g = typeof o.gender === 'string' ? o.gender.trim().toUpperCase() : ''
    if (g === 'F' || g === 'M' || g === 'O') gender = g
    else err('/gender', 'enum', 'must be equal to one of the allowed values', { allowedValues: ['F', 'M', 'O', null] })
  } else if (o.gender === null) gender = null

  if (o.is_company !== undefined && typeof o.is_company !== 'boolean') err('/is_company', 'type', 'must be boolean', { type: 'boolean' })

  let createdAt = nowIso
  if (o.created_at !== undefined && o.created_at !== null) {
    const iso = toUtcIso(o.created_at)
    if (iso) createdAt = iso
    else err('/created_at', 'format', 'must be ISO-8601 with a time zone, e.g. "2026-01-01T09:20:00Z"', { format: 'date-time' })
  }

  let value: number | undefined
  if (o.value !== undefined && o.value !== null) {
    value = toNumber(o.value)
    if (value === undefined || value < 0) err('/value', 'minimum', 'must be a number >= 0', { comparison: '>=', limit: 0 })
  }
  let currency = config.currency
  if (typeof o.currency === 'string' && o.currency.trim()) {
    if (/^[A-Za-z]{3}$/.test(o.currency.trim())) currency = o.currency.trim().toUpperCase()
    else err('/currency', 'pattern', 'must be an ISO 4217 code such as "BRL"', { pattern: '^[A-Z]{3}$' })
  }

  if (errors.length || !orderId || email === undefined) return { errors }

  const sum = items.reduce((s, it) => s + it.promotional_price * it.quantity, 0)
  const order: ValidOrder = {
    order_id: orderId,
    items,
    created_at: createdAt,
    value: Math.round((value ?? sum) * 100) / 100,
    currency,
    email,
  }
  const str = (v: unknown) => (typeof v === 'number' ? String(v) : typeof v === 'string' && v.trim() ? v.trim() : undefined)
  const copy = { phone: str(o.phone), social_id: str(o.social_id), first_name: str(o.first_name), last_name: str(o.last_name), user_id: str(o.user_id), channel: str(o.channel), brand: str(o.brand), uf: str(o.uf), city: str(o.city) }
  for (const [k, v] of Object.entries(copy)) if (v !== undefined) (order as unknown as Record<string, unknown>)[k] = v
  if (gender !== undefined) order.gender = gender
  if (typeof o.is_company === 'boolean') order.is_company = o.is_company
  return { order, errors }
}
