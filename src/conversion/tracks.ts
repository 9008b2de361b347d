// Mercado Pago Checkout Pro `tracks`, the preference shape
// ([{type:'facebook_ad', values:{pixel_id}}, {type:'google_ad', values:{conversion_id, conversion_label}}]),
// so a store moves its configuration over unchanged.
// https://www.mercadopago.com.mx/developers/en/docs/checkout-pro/checkout-customization/ads-conversion
import type { ConversionContext, Decision, ValidOrder } from './destinations/destination'
import type { Logger } from '../log'
import { notInstant } from './payments/mercadopago'
import type { Track } from '../types'
import { idString, isObject } from '../util'

export interface ParsedTracks {
  meta?: { pixelId: string }
  /** conversionId is the numeric part only ("AW-123" and "123" both give "123"); send_to adds "AW-". */
  google?: { conversionId: string; conversionLabel: string }
  /** Why a configured platform cannot be sent, naming what the store developer wrote. */
  problems: { meta?: string; google?: string }
}

const str = (v: unknown): string => idString(v) ?? ''

/**
 * Validates Mercado Pago-style tracks. A preference holds one pixel and one Google tag; the first
 * valid one of each is used and any other is named in a warning. A problem names the data
 * attribute when the track came from one (`fromAttributes`), else `tracks[i]`.
 */
export function parseTracks(tracks: Track[], log: Logger, fromAttributes = false): ParsedTracks {
  const out: ParsedTracks = { problems: {} }
  if (!Array.isArray(tracks)) return out
  tracks.forEach((t, i) => {
    const { type, values } = isObject(t) ? t : {}
    const v: Track['values'] = values || {}
    const warn = (problem: string) => log.warn('track', problem)
    /** `field` is not what `platform` needs: named as the attribute (data-facebook-pixel-id, data-google-conversion-id…) or the track. */
    const bad = (platform: 'meta' | 'google', field: keyof Track['values'], rule: string) => {
      const problem = `${fromAttributes ? `data-${(type as string).slice(0, -3)}-${field.replace('_', '-')}` : `tracks[${i}].values.${field}`}=${JSON.stringify(v[field] ?? '')} must be ${rule}`
      out.problems[platform] ??= problem
      warn(problem)
    }
    const ignored = (what: string) => warn(`tracks[${i}]: one ${type} track is used, ${what} is ignored`)
    if (type === 'facebook_ad') {
      const id = str(v.pixel_id)
      if (out.meta) ignored('pixel ' + id)
      // Mercado Pago's own C# sample sets type "facebook_ad" on its Google track.
      else if (/^\d+$/.test(id)) out.meta = { pixelId: id }
      else bad('meta', 'pixel_id', `the pixel's digits${v.conversion_id ? ' (is this a google_ad track?)' : ''}`)
    } else if (type === 'google_ad') {
      const id = str(v.conversion_id).replace(/^AW-/i, '')
      const label = str(v.conversion_label)
      if (out.google) ignored('AW-' + id)
      else if (!/^\d+$/.test(id)) bad('google', 'conversion_id', '"AW-" and digits, e.g. "AW-123456789"')
      // A label is Google's opaque token (letters, digits, - and _); anything else would break send_to.
      else if (!/^[\w-]+$/.test(label)) bad('google', 'conversion_label', 'the conversion label, e.g. "AbC-D_efG"')
      else out.google = { conversionId: id, conversionLabel: label }
    } else warn(`tracks[${i}].type ${JSON.stringify(type)} is unknown`)
  })
  if (out.meta) delete out.problems.meta
  if (out.google) delete out.problems.google
  return out
}

/**
 * The shared decision of the Meta and Google destinations. After a Checkout Pro return, only a
 * payment approved instantly is reported (Mercado Pago's own rule for tracks); both platforms need
 * a currency with a value, so without one the sale is skipped with a warning.
 */
export function decideAdPlatform(order: ValidOrder, ctx: ConversionContext, platform: string): Decision {
  const held = ctx.payment && notInstant(ctx.payment)
  if (held) return { report: false, status: 'held', reason: held }
  if (!order.currency) {
    const reason = `no currency: give order.currency or ${ctx.config.from.currency ?? 'data-currency'}`
    ctx.log.warn('currency', `${platform} conversion not sent for order ${order.order_id}: ${reason}`)
    return { report: false, status: 'skipped', reason }
  }
  return { report: true }
}
