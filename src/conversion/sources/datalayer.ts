// One entry pushed to `window.dataLayer`: a GA4 purchase (a GTM object or gtag()'s `arguments`),
// a Universal Analytics purchase, or VTEX's `orderPlaced` (GTM app or legacy checkout). Anything
// else, including the `{ecommerce: null}` reset that GTM setups push before each ecommerce event
// (https://developers.google.com/analytics/devguides/collection/ga4/ecommerce?client_type=gtm#clear_the_ecommerce_object),
// is no sale.
import { isObject } from '../../util'
import { ga4Sale } from './ga4'
import { uaSale } from './universal-analytics'
import { vtexSale, type SourcedSale } from './vtex'

/** gtag() pushes its `arguments` object, which is neither an array nor a plain record. */
const isArgs = (v: object): v is ArrayLike<unknown> => Object.prototype.toString.call(v) == '[object Arguments]' || Array.isArray(v)

export function dataLayerSale(push: unknown): SourcedSale | undefined {
  if (typeof push != 'object' || push === null) return undefined
  if (isArgs(push)) return push[0] === 'event' && push[1] === 'purchase' && isObject(push[2]) ? ga4Sale(push[2], undefined) : undefined
  const entry = push as Record<string, unknown>
  // VTEX's push also carries a UA-shaped ecommerce.purchase of the same sale; its own fields are
  // richer (the e-mail, sku and selling price), so they are read first.
  if (entry.event === 'orderPlaced' && Array.isArray(entry.transactionProducts)) return vtexSale(entry)
  const ecommerce = entry.ecommerce
  if (!isObject(ecommerce)) return undefined
  if (isObject(ecommerce.purchase)) return uaSale(ecommerce, entry)
  return entry.event === 'purchase' ? ga4Sale(ecommerce, entry) : undefined
}
