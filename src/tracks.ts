// Mercado Pago Checkout Pro `tracks`, the preference shape
// ([{type:'facebook_ad', values:{pixel_id}}, {type:'google_ad', values:{conversion_id, conversion_label}}]),
// so a store moves its configuration over unchanged.
// https://www.mercadopago.com.mx/developers/en/docs/checkout-pro/checkout-customization/ads-conversion
import type { ConversionContext, Decision, ValidOrder } from './destinations/destination'
import type { Logger } from './log'
import { instantApproval } from './payments/mercadopago'
import type { Track } from './types'

export interface ParsedTracks {
  meta?: { pixelId: string }
  /** conversionId is the numeric part only ("AW-123" and "123" both give "123"); send_to adds "AW-". */
  google?: { conversionId: string; conversionLabel: string }
}

const str = (v: unknown): string => (typeof v === 'number' || typeof v === 'string' ? String(v).trim() : '')

/**
 * Validates Mercado Pago-style tracks with clear warnings. A preference holds one pixel and one
 * Google tag; the first valid one of each is used and any other is named in a warning.
 */
export function parseTracks(tracks: Track[], log: Logger): ParsedTracks {
  const out: ParsedTracks = {}
  if (!Array.isArray(tracks)) return out
  tracks.forEach((t, i) => {
    const at = `tracks[${i}]`
    const type = t && typeof t === 'object' ? t.type : undefined
    const v: Track['values'] = (t && typeof t === 'object' && t.values) || {}
    const bad = (field: keyof Track['values'], rule: string) =>
      log.warn(`${at} (${type}): values.${field} must be ${rule}; got ${JSON.stringify(v[field])}. This track is ignored.`)
    const extra = (what: string) => log.warn(`${at}: a Mercado Pago preference holds one ${type} track; the first is used, ${what} is ignored.`)
    if (type === 'facebook_ad') {
      const id = str(v.pixel_id)
      if (out.meta) extra(`pixel ${id}`)
      else if (/^\d+$/.test(id)) out.meta = { pixelId: id }
      // Mercado Pago's own C# sample sets type "facebook_ad" on its Google track.
      else bad('pixel_id', `the pixel's digits, e.g. "1234567890123456"${v.conversion_id ? ' (is this a google_ad track?)' : ''}`)
    } else if (type === 'google_ad') {
      const id = str(v.conversion_id).replace(/^AW-/i, '')
      const label = str(v.conversion_label)
      if (out.google) extra(`AW-${id}`)
      else if (!/^\d+$/.test(id)) bad('conversion_id', '"AW-" and digits, or the digits alone, e.g. "AW-123456789"')
      // A label is Google's opaque token (letters, digits, - and _); anything else would break send_to.
      else if (!/^[\w-]+$/.test(label)) bad('conversion_label', 'the conversion label, e.g. "AbC-D_efG"')
      else out.google = { conversionId: id, conversionLabel: label }
    } else {
      log.warn(`${at}: unknown track type ${JSON.stringify(type)}; use "facebook_ad" or "google_ad".`)
    }
  })
  return out
}

/**
 * The shared decision of the Meta and Google destinations. After a Checkout Pro return, only a
 * payment approved instantly is reported (Mercado Pago's own rule for tracks); both platforms need
 * a currency with a value, so without one the sale is skipped with a warning.
 */
export function decideAdPlatform(order: ValidOrder, ctx: ConversionContext, platform: string): Decision {
  if (ctx.payment) {
    const r = instantApproval(ctx.payment)
    if (!r.approved) return { report: false, status: 'held', reason: r.reason }
  }
  if (!order.currency) {
    const reason = `${platform} conversion not sent for order ${order.order_id}: no currency (give order.currency or data-currency)`
    ctx.log.warn(reason)
    return { report: false, status: 'skipped', reason }
  }
  return { report: true }
}
