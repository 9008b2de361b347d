// Universal Analytics enhanced ecommerce's purchase: `ecommerce.purchase.actionField` (id,
// revenue) and `products` (id, price per unit, quantity), the currency in `ecommerce.currencyCode`.
// https://developers.google.com/analytics/devguides/collection/ua/gtm/enhanced-ecommerce#purchases
import { assign, lines, num, obj, text, type SourcedOrder } from './fields'
import type { OrderItem } from '../../types'
import { googleUserData } from './ga4'
import { idString } from '../../util'
import type { SourcedSale } from './vtex'

export function uaSale(ecommerce: Record<string, unknown>, push: unknown): SourcedSale | undefined {
  const purchase = obj(ecommerce.purchase)
  const action = obj(purchase.actionField)
  const orderId = idString(action.id)
  if (!orderId) return undefined
  const order = assign<SourcedOrder>({ order_id: orderId, items: [] }, {
    items: lines(purchase.products, (p) => assign<OrderItem>({ sku: p.id as string, quantity: p.quantity as number, price: p.price as number }, { name: text(p.name) })) as SourcedOrder['items'],
    value: num(action.revenue),
    currency: text(ecommerce.currencyCode),
    ...googleUserData(push),
  })
  return { order, aliases: [], shape: 'ua' }
}
