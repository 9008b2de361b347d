// Shopify's checkout_completed as adbeacon's order
// (https://shopify.dev/docs/api/web-pixels-api/standard-events/checkout_completed).
import type { Order, OrderItem } from '../types'
import { idString } from '../util'
import type { Checkout, Init, PixelEvent } from './web-pixels-api'

const str = (v: unknown): string | undefined => (typeof v == 'string' && v.trim() ? v.trim() : undefined)
const amount = (m: { amount?: unknown } | null | undefined): number | undefined => {
  const n = m?.amount
  return typeof n == 'number' && Number.isFinite(n) ? n : undefined
}

/**
 * One line: the variant's sku (its id when the store set none), the product id, the unit price
 * before discounts (`variant.price`) and after them (`finalLinePrice` over the quantity, rounded
 * to the cent).
 */
function line(it: NonNullable<Checkout['lineItems']>[number]): OrderItem {
  const v = it.variant ?? {}
  const quantity = it.quantity as number
  const final = amount(it.finalLinePrice)
  const item: OrderItem = { sku: (str(v.sku) ?? idString(v.id)) as string, quantity, price: amount(v.price) as number }
  if (final !== undefined && quantity > 0) item.promotional_price = Math.round((final / quantity) * 100) / 100
  const productId = idString(v.product?.id)
  if (productId) item.product_id = productId
  const name = str(it.title)
  if (name) item.name = name
  return item
}

/**
 * The order of a checkout_completed event: `order.id` is the order_id (the checkout's token when
 * Shopify gives no order id), the buyer from the checkout and its billing (else shipping)
 * address, the customer id from the order (else the signed-in customer of `init`), the time of
 * the event. Undefined when the event has no checkout.
 */
export function checkoutOrder(event: PixelEvent<{ checkout?: Checkout }>, init?: Init): (Omit<Order, 'email'> & { email?: string }) | undefined {
  const c = event.data?.checkout
  if (!c || typeof c != 'object') return undefined
  const address = c.billingAddress ?? c.shippingAddress ?? {}
  const order: Omit<Order, 'email'> & { email?: string } = {
    order_id: idString(c.order?.id) ?? idString(c.token),
    items: Array.isArray(c.lineItems) ? c.lineItems.map((it) => line(it ?? {})) : [],
    value: amount(c.totalPrice),
    currency: str(c.currencyCode) ?? str(c.totalPrice?.currencyCode),
    created_at: str(event.timestamp),
  }
  const fields: Partial<Order> = {
    email: str(c.email),
    phone: str(c.phone) ?? str(address.phone),
    first_name: str(address.firstName),
    last_name: str(address.lastName),
    city: str(address.city),
    uf: str(address.provinceCode),
    user_id: idString(c.order?.customer?.id) ?? idString(init?.data?.customer?.id),
  }
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) (order as Record<string, unknown>)[k] = v
  return order
}

/** The buyer's country (ISO alpha-2), for phones written without a country code. */
export const checkoutCountry = (c: Checkout | undefined): string | undefined => str((c?.billingAddress ?? c?.shippingAddress)?.countryCode)
