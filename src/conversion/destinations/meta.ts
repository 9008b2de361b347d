// Meta Pixel `Purchase`, from a facebook_ad track.
// https://developers.facebook.com/docs/meta-pixel/reference
// Meta's script is never loaded here: when the page already has `fbq` the event goes through it,
// otherwise through the documented image-pixel request to /tr.
import { META_ENDPOINT } from '../endpoints'
import { hashFields } from '../hash'
import { decideAdPlatform } from '../tracks'
import type { DeliveryStatus } from '../../types'
import type { ConversionContext, Destination, ValidOrder } from './destination'

type Fbq = ((...args: unknown[]) => void) & {
  getState?: () => { pixels?: Array<{ id?: unknown }> }
  queue?: ArrayLike<ArrayLike<unknown>>
}

/** Has the page already run (or queued) fbq('init', pixelId)? */
function pixelInitialised(fbq: Fbq, pixelId: string): boolean {
  try {
    // Loaded fbevents.js exposes its state; before it loads, the base code's stub keeps a queue.
    if (fbq.getState?.().pixels?.some((p) => String(p.id) === pixelId)) return true
    return Array.from(fbq.queue ?? []).some((a) => a[0] === 'init' && String(a[1]) === pixelId)
  } catch {
    return false
  }
}

// A URL this long risks a 414 at a proxy on the way; the line items are the part to drop.
const MAX_URL = 8000

// Meta's advanced-matching names for the fields adbeacon hashes (external_id keeps its own).
const USER_DATA: Record<string, string> = { email: 'em', phone: 'ph', first_name: 'fn', last_name: 'ln' }

export function metaDestination(pixelId: string): Destination {
  return {
    name: 'meta',
    decide: (order, ctx) => decideAdPlatform(order, ctx, 'Meta Purchase'),
    async deliver(order: ValidOrder, ctx: ConversionContext): Promise<DeliveryStatus> {
      // Advanced matching, normalised by Meta's rules (phone without "+", names without
      // punctuation) and hashed here: raw PII never leaves the page, not even to fbq.
      const ud = await hashFields('meta', ['email', 'phone', 'first_name', 'last_name', 'external_id'], order, ctx, (f) => USER_DATA[f] ?? f)
      if (order.email && !ud.em) ctx.log.debug('meta: e-mail not hashed (no Web Crypto)')

      const items = order.items
      // Meta's Purchase requires value and currency; content_ids + contents (with content_type
      // "product") serve catalog ads (https://developers.facebook.com/docs/meta-pixel/reference).
      const data = {
        value: order.value,
        currency: order.currency,
        content_ids: items.map((it) => it.sku),
        content_type: 'product',
        contents: items.map((it) => ({ id: it.sku, quantity: it.quantity, item_price: it.promotional_price })),
        num_items: items.reduce((n, it) => n + it.quantity, 0),
      }

      const fbq = (globalThis as { fbq?: Fbq }).fbq
      if (typeof fbq == 'function') {
        try {
          // The pixel takes advanced matching only through init (its docs; "set" does not work,
          // facebook/GoogleTagManager-WebTemplate-For-FacebookPixel#11). A pixel the page already
          // initialised is never re-initialised: a second init would replace the store's own
          // advanced-matching object (ct, zp, db, external_id…) for the store's later events and
          // log "Duplicate Pixel ID". The store's matching stays, and adbeacon's hashed user data
          // is then not attached through fbq. A pixel the page did not set up is initialised here
          // with autoConfig off first, so adbeacon's init does not switch on Meta's automatic
          // events (button clicks, page metadata) for the store. SHA-256 values are accepted by the
          // pixel as they are. trackSingle keeps the event off the page's other pixels;
          // eventID = order id deduplicates against the store's Conversions API copy (48 h).
          if (pixelInitialised(fbq, pixelId)) {
            if (Object.keys(ud).length) ctx.log.debug('meta: already initialised by the page: hashes not attached')
          } else {
            fbq('set', 'autoConfig', false, pixelId)
            fbq('init', pixelId, ud)
          }
          fbq('trackSingle', pixelId, 'Purchase', data, { eventID: order.order_id })
          ctx.log.debug('meta: fbq', data)
          return 'sent'
        } catch (e) {
          ctx.log.debug('meta: fbq threw', e)
        }
      }

      // The image pixel (https://developers.facebook.com/docs/meta-pixel/advanced): cd[…] custom
      // data (arrays as JSON, as fbevents.js sends them), eid = event id, ud[…] hashed user data.
      const q = new URLSearchParams({ id: pixelId, ev: 'Purchase', eid: order.order_id })
      for (const [k, v] of Object.entries(data)) q.set(`cd[${k}]`, typeof v == 'object' ? JSON.stringify(v) : String(v))
      for (const [k, v] of Object.entries(ud)) q.set(`ud[${k}]`, v)
      // fbc is the click id cookie value, sent as is (never hashed, case-sensitive); fbevents.js
      // sends it as a top-level `fbc` parameter [observed].
      if (ctx.landing.fbc) q.set('fbc', ctx.landing.fbc)
      const endpoint = ctx.config.metaEndpoint ?? META_ENDPOINT
      const url = () => endpoint + (endpoint.includes('?') ? '&' : '?') + q
      if (url().length > MAX_URL) q.delete('cd[contents]')
      return ctx.send({ destination: 'meta', method: 'GET', url: url(), key: 'meta:' + order.order_id })
    },
  }
}
