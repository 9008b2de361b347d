// VTEX's order, as its stores publish it on the order-placed page: the `vtex:orderPlaced` message
// of VTEX IO's pixel apps (window.postMessage, the data's `eventName`), and the same object
// pushed to dataLayer as `{event: 'orderPlaced', …}` by VTEX's Google Tag Manager app (which
// spreads the message's data into the push) and by VTEX's legacy checkout. Field names: the
// Order type of VTEX's pixel apps (vtex-apps/vtex-ads react/typings/events.d.ts, and the
// orderPlaced case of vtex-apps/google-tag-manager react/modules/enhancedEcommerceEvents.ts).
import { toUtcIso } from '../validate'
import { assign, email, lines, num, text, type SourcedOrder } from './fields'
import type { OrderItem } from '../../types'
import { idString } from '../../util'

export interface SourcedSale {
  order: SourcedOrder
  /** The other ids under which the same sale may arrive from another source (for dedup). */
  aliases: string[]
  /** The shape it was read from; a richer one (vtex) may be preferred to ga4 for the same sale. */
  shape: 'ga4' | 'ua' | 'vtex'
}

/** The ids that differ from `orderId`, each once. */
export const otherIds = (orderId: string | undefined, ids: unknown[]): string[] =>
  [...new Set(ids.map(idString))].filter((id): id is string => !!id && id !== orderId)

/**
 * A VTEX order. Which id is the order_id: VTEX splits a purchase from several sellers into an
 * order group ("1310750551387") of sub-orders ("1310750551387-01", "-02"). VTEX Ads' own IO app
 * reports `ordersInOrderGroup[0] || orderGroup` (vtex-apps/vtex-ads react/hooks/useAds), while
 * VTEX's GTM app reports the group (its GA4 `transaction_id` and UA `actionField.id` are
 * `orderGroup`). adbeacon takes the first sub-order, as VTEX Ads' app does: VTEX Ads is the
 * destination that dedupes on order_id for 30 days, so a store moving from that app to adbeacon
 * (or running both for a while) has the sale counted once there. The group and the transaction
 * id are returned as aliases, so the GTM app's GA4 / UA push of the same sale is known as the
 * same sale. The other sub-orders are not aliases: VTEX Ads' app reports the whole group's lines
 * under the first, and a store reporting a seller's sub-order itself reports another sale.
 */
export function vtexSale(d: Record<string, unknown>): SourcedSale | undefined {
  const firstSubOrder = Array.isArray(d.ordersInOrderGroup) ? d.ordersInOrderGroup[0] : undefined
  const orderId = idString(firstSubOrder) ?? idString(d.orderGroup) ?? idString(d.transactionId)
  if (!orderId) return undefined
  // visitorContactInfo is [e-mail, first name, last name].
  const contact = Array.isArray(d.visitorContactInfo) ? d.visitorContactInfo : []
  const order = assign<SourcedOrder>({ order_id: orderId, items: [] }, {
    // price / promotional_price as VTEX Ads' app maps them: `price` and `sellingPrice`, per unit.
    items: lines(d.transactionProducts, (p) => assign<OrderItem>({ sku: p.sku as string, quantity: p.quantity as number, price: p.price as number }, {
      promotional_price: p.sellingPrice == null ? undefined : (p.sellingPrice as number),
      product_id: idString(p.id),
      seller_id: idString(p.sellerId),
      name: text(p.name),
    })) as SourcedOrder['items'],
    email: email(contact[0]),
    first_name: text(contact[1]),
    last_name: text(contact[2]),
    phone: text(d.visitorContactPhone),
    currency: text(d.currency) ?? text(d.transactionCurrency),
    value: num(d.transactionTotal),
    // A date validation would refuse would lose the sale: then the time of the report stands in.
    created_at: toUtcIso(d.transactionDate),
    uf: text(d.visitorAddressState),
    city: text(d.visitorAddressCity),
  })
  return { order, aliases: otherIds(orderId, [d.orderGroup, d.transactionId]), shape: 'vtex' }
}
