import { VTEX_CONVERSION_URL } from '../endpoints'
import { hashFields } from '../hash'
import type { DeliveryStatus } from '../../types'
import type { ConversionContext, Decision, Destination, ValidOrder } from './destination'

// Payment outcomes that mean there was no sale. VTEX Ads wants every completed sale, whether or
// not an ad was involved, reported once the order is created "without waiting for payment
// confirmation" (VAD 5.7): so approved and pending both count; a refused payment is not a sale.
const NO_SALE = /^(rejected|cancelled|refunded|charged_back)$/

export function vtexAdsDestination(): Destination {
  return {
    name: 'vtex',
    decide(order: ValidOrder, ctx: ConversionContext): Decision {
      const id = ctx.config.publisherId
      const named = `${ctx.config.from.publisherId ?? 'publisherId'}="${id}"`
      const p = ctx.payment
      // The README's placeholder, pasted as is: VTEX would refuse every sale.
      const problem = !id ? 'no publisher id (data-publisher-id / publisherId)' : /^your[-_ ]/i.test(id) ? `${named} is the README's placeholder` : ''
      if (problem) return { report: false, status: 'skipped', reason: problem, code: 'publisher' }
      // email_hashed is required by VTEX Ads' conversion API (POST /v1/beacon/conversion, its
      // published schema): the sale goes to Meta and Google alone, and the store is told.
      if (!order.email) return { report: false, status: 'skipped', reason: 'order.email is missing, and VTEX Ads requires the hashed e-mail', code: 'no email' }
      // An implausible id is a warning of the debug build (debug/check-options.ts); VTEX answers for it.
      if (p && (!p.status || NO_SALE.test(p.status))) return { report: false, status: 'held', reason: `${p.status ? 'payment ' + p.status : 'no payment'}: no sale to report` }
      return { report: true }
    },
    async deliver(order: ValidOrder, ctx: ConversionContext): Promise<DeliveryStatus> {
      const c = ctx.config
      // email_hashed, phone_hashed, social_id_hashed, first_name_hashed, last_name_hashed
      const hashed = await hashFields('vtex', ['email', 'phone', 'social_id', 'first_name', 'last_name'], order, ctx, (f) => f + '_hashed')
      if (!hashed.email_hashed) {
        ctx.log.error('vtex: e-mail not hashed (no Web Crypto)')
        return 'failed'
      }
      // Fields left undefined are absent on the wire (JSON.stringify drops them).
      const body = {
        channel: order.channel ?? c.channel,
        publisher_id: c.publisherId,
        // Required by VTEX; when the shopper was never identified, the hashed e-mail stands in
        // (never the raw one: Newtail's app leaked it that way).
        user_id: ctx.userId ?? hashed.email_hashed,
        session_id: ctx.sessionId,
        order_id: order.order_id,
        items: order.items,
        created_at: order.created_at,
        brand: order.brand ?? (c.brand || undefined),
        is_company: order.is_company,
        gender: order.gender,
        uf: order.uf,
        city: order.city,
        ...hashed,
      }
      return ctx.send({
        destination: 'vtex',
        url: c.conversionUrl ?? VTEX_CONVERSION_URL,
        method: 'POST',
        // application/json as VTEX's own apps send it; Chromium preflights it (measured), and the
        // events server answers the credentialed preflight.
        contentType: 'application/json',
        body: JSON.stringify(body),
        key: 'vtex:' + order.order_id,
      })
    },
  }
}
