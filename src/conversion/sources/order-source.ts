// The sale where a store already publishes it (issue 11): a dataLayer push or a VTEX IO pixel
// message, read into adbeacon's order. Pure functions: the caller hooks dataLayer.push and the
// message listener, and dedupes across the ids.
//
// What a sale without an e-mail carries (a GA4 purchase usually has none, unless its push holds
// Google's `user_data`): the order id, lines, value and currency, the customer id when the push
// has `user_id` (else the identified user), and no e-mail. Meta (Purchase with external_id) and
// Google (the conversion, without enhanced data) take it. VTEX Ads cannot: `email_hashed` is
// required by its conversion schema and documented as the hashed e-mail; a hashed customer id in
// its place would be matched against e-mail hashes (it would match nobody, or be taken for an
// address), and the customer id already travels as `user_id`. So VTEX Ads skips it, unclaimed,
// and the same sale arriving with the e-mail by another way still reaches it (report-sourced.ts).
import { isObject } from '../../util'
import { dataLayerSale } from './datalayer'
import { vtexSale, type SourcedSale } from './vtex'

export type { SourcedOrder } from './fields'
export type { SourcedSale } from './vtex'
export type OrderSourceKind = 'datalayer' | 'vtex'

/**
 * `datalayer`: one entry pushed to window.dataLayer. `vtex`: a `message` event's `data` (the
 * caller checks that the message came from the page itself). Undefined when it is no sale.
 * Never throws, whatever the data (a getter that throws, a Proxy).
 */
export function orderFromSource(kind: OrderSourceKind, data: unknown): SourcedSale | undefined {
  try {
    if (kind == 'datalayer') return dataLayerSale(data)
    return isObject(data) && data.eventName === 'vtex:orderPlaced' ? vtexSale(data) : undefined
  } catch {
    return undefined
  }
}
