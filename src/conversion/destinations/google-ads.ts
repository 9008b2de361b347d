// Google Ads conversion, from a google_ad track.
// https://support.google.com/google-ads/answer/6386790 (transaction_id)
// Google's script is never loaded here: when the page already has `gtag` the conversion goes
// through it when the page configured AW-<id>, otherwise through the conversion request to
// /pagead/conversion/<id>/.
import { GOOGLE_ENDPOINT } from '../endpoints'
import { hashFields } from '../hash'
import { decideAdPlatform } from '../tracks'
import type { DeliveryStatus } from '../../types'
import type { ConversionContext, Destination, ValidOrder } from './destination'

// transaction_id: up to 64 characters, no PII (https://support.google.com/google-ads/answer/6386790).
const MAX_TRANSACTION_ID = 64

/**
 * Has the page set up the Google tag for `AW-<id>`? A gtag on the page may serve GA4 only, and an
 * event sent to an AW- destination it was never configured for is dropped without a trace. gtag
 * pushes its `arguments` onto window.dataLayer (so gtag('config', 'AW-<id>') leaves an entry with
 * [0] 'config' and [1] 'AW-<id>', even before gtag.js loads); once loaded, the tag also registers
 * the destination in window.google_tag_manager.
 */
function awConfigured(sendId: string): boolean {
  const w = globalThis as { dataLayer?: Array<ArrayLike<unknown> | undefined>; google_tag_manager?: Record<string, unknown> }
  try {
    // A dataLayer that is missing or not an array throws here: not configured.
    return !!w.google_tag_manager?.[sendId] || w.dataLayer!.some((e) => e?.[0] === 'config' && e[1] === sendId)
  } catch {
    return false
  }
}

/** conversionId: the numeric part (parseTracks strips "AW-"). */
export function googleAdsDestination(conversionId: string, conversionLabel: string): Destination {
  const sendId = 'AW-' + conversionId
  return {
    name: 'google',
    decide: (order, ctx) => decideAdPlatform(order, ctx, 'Google Ads'),
    async deliver(order: ValidOrder, ctx: ConversionContext): Promise<DeliveryStatus> {
      // A longer id would be cut by Google, and two orders could then share one; Google's own
      // duplicate check is lost for this order, adbeacon's ledger still sends it once.
      const oid = order.order_id.length <= MAX_TRANSACTION_ID ? order.order_id : undefined
      if (!oid) ctx.log.warn('oid', `google: order_id longer than ${MAX_TRANSACTION_ID}: no transaction_id`)

      const gtag = (globalThis as { gtag?: unknown }).gtag
      // On a page whose gtag serves only GA4, gtag would accept the event and drop it, while the
      // order is recorded as sent for good; the conversion request reaches Google either way.
      if (typeof gtag == 'function' && !awConfigured(sendId)) ctx.log.debug(`google: gtag has no config for ${sendId}; sending the conversion request`)
      else if (typeof gtag == 'function') {
        // Enhanced conversions, normalised by Google's rules (E.164 phone with "+", no dots in a
        // gmail local part) and pre-hashed, so the raw values never reach gtag. Names are left out:
        // Google matches them only as part of a full address (with postal code and country).
        // sha256_email_address, sha256_phone_number
        const userData = await hashFields('google', ['email', 'phone'], order, ctx, (f) => `sha256_${f == 'email' ? 'email_address' : 'phone_number'}`)
        const params: Record<string, unknown> = { send_to: `${sendId}/${conversionLabel}`, value: order.value, currency: order.currency }
        if (oid) params.transaction_id = oid
        if (Object.keys(userData).length) params.user_data = userData
        try {
          gtag('event', 'conversion', params)
          ctx.log.debug('google: gtag', params)
          return 'sent'
        } catch (e) {
          ctx.log.debug('google: gtag threw', e)
        }
      }

      // The tag's image request (legacy conversion.js noscript snippet [observed]): label, value,
      // currency_code (not "currency"), oid = order id (what gtag sends; not in an official page),
      // guid=ON&script=0. No hashed e-mail: Google documents no parameter for it on this request.
      const q = new URLSearchParams({ label: conversionLabel, value: `${order.value}`, currency_code: order.currency ?? '', oid: oid ?? '', guid: 'ON', script: '0' })
      if (!oid) q.delete('oid')
      const endpoint = (ctx.config.googleEndpoint ?? GOOGLE_ENDPOINT).replace(/\/?$/, '/')
      return ctx.send({ destination: 'google', method: 'GET', url: `${endpoint}${conversionId}/?${q}`, key: 'google:' + order.order_id })
    },
  }
}
