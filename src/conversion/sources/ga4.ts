// Google Analytics 4's `purchase`, as a GTM data layer carries it (`{event: 'purchase',
// ecommerce: {…}}`) or gtag() pushes it (`gtag('event', 'purchase', {…})`, an `arguments`
// object). https://developers.google.com/analytics/devguides/collection/ga4/reference/events#purchase
import { assign, customerId, email, first, lines, num, obj, text, type SourcedOrder } from './fields'
import type { OrderItem } from '../../types'
import { idString } from '../../util'
import type { SourcedSale } from './vtex'

/**
 * The shopper's data where Google's tags take it: `user_data` (email, phone_number,
 * address.first_name / last_name, or their sha256_ forms; each may be a list) on the push, as
 * GTM's user-provided data and gtag's enhanced conversions read it
 * (https://support.google.com/google-ads/answer/13262500), and a `user_id`. A SHA-256 value is
 * passed on as it is: it was normalised by Google's rules, so for Gmail addresses (dots removed)
 * and phones (with "+") it may not match at Meta or VTEX; a raw value, when present, is preferred.
 */
export function googleUserData(...sources: unknown[]): Partial<SourcedOrder> {
  const out: Partial<SourcedOrder> = {}
  for (const source of sources) {
    const s = obj(source)
    const u = obj(s.user_data)
    const address = obj(first(u.address))
    assign(out, {
      email: out.email ?? email(first(u.email)) ?? email(first(u.email_address)) ?? email(first(u.sha256_email_address)),
      phone: out.phone ?? text(first(u.phone_number)) ?? text(first(u.sha256_phone_number)),
      first_name: out.first_name ?? text(address.first_name) ?? text(address.sha256_first_name),
      last_name: out.last_name ?? text(address.last_name) ?? text(address.sha256_last_name),
      user_id: out.user_id ?? customerId(s.user_id),
    })
  }
  return out
}

/** price + discount without binary noise (19.9 + 0.2 is 20.099999999999998). */
const listPrice = (price: number, discount: number): number => +(price + discount).toFixed(6)

/**
 * One GA4 purchase: `transaction_id` is the order id (no sale is read without it: it is what
 * dedupes). A line's `price` is the unit price after its `discount` (GA4's definition), so it is
 * the promotional price and price + discount the list price; `quantity` defaults to 1 as in GA4.
 * `item_id` is the sku (on VTEX stores, VTEX's GTM app puts the product id there and the sku in
 * item_variant: its orderPlaced push of the same sale carries the sku, and should win).
 */
export function ga4Sale(params: Record<string, unknown>, push: unknown): SourcedSale | undefined {
  const orderId = idString(params.transaction_id)
  if (!orderId) return undefined
  const order = assign<SourcedOrder>({ order_id: orderId, items: [] }, {
    items: lines(params.items, (it) => {
      const price = num(it.price)
      const discount = num(it.discount)
      return assign<OrderItem>({ sku: it.item_id as string, quantity: (it.quantity ?? 1) as number, price: (price !== undefined && discount! > 0 ? listPrice(price, discount!) : it.price) as number }, {
        promotional_price: price,
        name: text(it.item_name),
      })
    }) as SourcedOrder['items'],
    value: num(params.value),
    currency: text(params.currency),
    ...googleUserData(push, params),
  })
  return { order, aliases: [], shape: 'ga4' }
}
