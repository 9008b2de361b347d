import { VTEX_CONVERSION_URL } from '../endpoints'
import { hashFields } from '../hash'
import type { DeliveryStatus } from '../../types'
import type { ConversionContext, Decision, Destination, ValidOrder } from './destination'

// Payment outcomes that mean there was no sale. VTEX Ads wants every completed sale, whether or
// not an ad was involved, reported once the order is created "without waiting for payment
// confirmation" (VAD 5.7): so approved and pending both count; a refused payment is not a sale.
const NO_SALE = new Set(['rejected', 'cancelled', 'refunded', 'charged_back'])

export function vtexAdsDestination(): Destination {
  return {
    name: 'vtex',
    decide(order: ValidOrder, ctx: ConversionContext): Decision {
      void order
      const id = ctx.config.publisherId
      const named = ctx.config.from.publisherId ?? 'publisherId'
      if (!id) return { report: false, status: 'skipped', reason: 'no publisher id (data-publisher-id / publisherId)' }
      // The README's placeholder, pasted as is: VTEX would refuse every sale.
      if (/^your[-_ ]/i.test(id)) return { report: false, status: 'skipped', reason: `${named}="${id}" is the README's placeholder: put the publisher id VTEX Ads gave the store` }
      // VTEX Ads publisher ids are UUIDs; anything that is no plausible id at all is worth a warning.
      if (!/^[\w.-]{1,64}$/.test(id)) ctx.log.warn('publisher', `${named}="${id}" does not look like a VTEX Ads publisher id`)
      const p = ctx.payment
      if (p && (!p.status || NO_SALE.has(p.status))) {
        return { report: false, status: 'held', reason: p.status ? `payment ${p.status}: no sale to report` : 'the shopper came back without paying: no sale to report' }
      }
      return { report: true }
    },
    async deliver(order: ValidOrder, ctx: ConversionContext): Promise<DeliveryStatus> {
      const { email, phone, social_id: socialId, first_name: firstName, last_name: lastName } = await hashFields(
        'vtex',
        { email: order.email, phone: order.phone, social_id: order.social_id, first_name: order.first_name, last_name: order.last_name },
        ctx.config.defaultCountry,
      )
      if (!email) {
        ctx.log.error('VTEX Ads conversion not sent: the e-mail could not be hashed (Web Crypto needs https).')
        return 'failed'
      }
      const body: Record<string, unknown> = {
        channel: order.channel ?? ctx.config.channel,
        publisher_id: ctx.config.publisherId,
        // Required by VTEX; when the shopper was never identified, the hashed e-mail stands in
        // (never the raw one: Newtail's app leaked it that way).
        user_id: ctx.userId ?? email,
        session_id: ctx.sessionId,
        order_id: order.order_id,
        email_hashed: email,
        items: order.items.map((it) => {
          const line: Record<string, unknown> = { sku: it.sku, quantity: it.quantity, price: it.price, promotional_price: it.promotional_price }
          if (it.seller_id !== undefined) line.seller_id = it.seller_id
          if (it.product_id !== undefined) line.product_id = it.product_id
          return line
        }),
        created_at: order.created_at,
      }
      const brand = order.brand ?? ctx.config.brand
      if (brand) body.brand = brand
      if (order.is_company !== undefined) body.is_company = order.is_company
      if (order.gender !== undefined) body.gender = order.gender
      if (order.uf) body.uf = order.uf
      if (order.city) body.city = order.city
      if (phone) body.phone_hashed = phone
      if (socialId) body.social_id_hashed = socialId
      if (firstName) body.first_name_hashed = firstName
      if (lastName) body.last_name_hashed = lastName
      const outcome = await ctx.send({
        destination: 'vtex',
        url: ctx.config.conversionUrl ?? VTEX_CONVERSION_URL,
        method: 'POST',
        // application/json as VTEX's own apps send it; Chromium preflights it (measured), and the
        // events server answers the credentialed preflight.
        contentType: 'application/json',
        body: JSON.stringify(body),
        key: `vtex:${order.order_id}`,
      })
      return outcome
    },
  }
}
