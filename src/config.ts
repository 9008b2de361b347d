import type { Logger } from './log'
import type { ConsentState, Track } from './types'
import { isObject, own } from './util'

/** Options, in JavaScript names; each has a data attribute (publisherId → data-publisher-id). */
export interface Options {
  /** VTEX Ads publisher id (required for VTEX conversions). */
  publisherId?: string
  /** VTEX Ads conversion endpoint. Default https://events.newtail-media.newtail.com.br/v1/beacon/conversion */
  conversionUrl?: string
  /** Extra hosts ("host" or "host:port") allowed for ad event URLs, besides VTEX Ads' own. */
  eventHosts?: string[] | string
  /** Cookie holding the store's customer id (VTEX stores: VtexRCMacIdv7). */
  userIdCookie?: string
  /** ISO 4217 currency used when an order has none (Meta and Google need one). */
  currency?: string
  /** Country (ISO alpha-2 or calling code) for phones written without a country code. */
  defaultCountry?: string
  /** Log every step to the console (and load adbeacon-debug.js with the tag build). */
  debug?: boolean
  /** VTEX Ads conversion channel. Default "ecommerce". */
  channel?: string
  /** VTEX Ads brand (required by VTEX when a publisher runs several sites). */
  brand?: string
  /** How long session_id / user_id live without a visit, in days. Default 365 (VTEX wants ≥ 14). */
  sessionDays?: number
  /** How long landing-page ad-click context is kept, in days. Default 14 (the conversion window). */
  attributionDays?: number
  /** How long an order id is remembered as sent, in days. Default 30 (VTEX's idempotency window). */
  dedupDays?: number
  /** Mercado Pago Checkout Pro-style tracks: one facebook_ad and one google_ad. */
  tracks?: Track[]
  /** Meta pixel endpoint (for a test collector). Default https://www.facebook.com/tr */
  metaEndpoint?: string
  /** Google Ads conversion endpoint prefix. Default https://www.googleadservices.com/pagead/conversion/ */
  googleEndpoint?: string
  /** Cookie domain for the id cookies, e.g. ".shop.com". Default: the page's host. */
  cookieDomain?: string
  /** Bind `[data-ad-id]` / `[data-ad-*-url]` elements automatically. Default true. */
  autoBind?: boolean
  /**
   * Where adbeacon also reads the sale from, besides conversion() and the order block: "datalayer"
   * (a GA4 / Universal Analytics purchase or VTEX's orderPlaced pushed to dataLayer), "vtex" (VTEX
   * IO's vtex:orderPlaced message), a comma list of them, or "none". Default: both.
   */
  orderSource?: string[] | string
  /**
   * Consent known when the script starts, before any id is written: "denied", "granted", or
   * {ad_storage, ad_user_data}. Default: granted (the store's own configuration decides).
   */
  consent?: 'granted' | 'denied' | ConsentState
}

export interface ResolvedConfig {
  publisherId?: string
  /** Unset: the conversion part uses the documented VTEX Ads endpoint (conversion/endpoints.ts). */
  conversionUrl?: string
  eventHosts: string[]
  userIdCookie?: string
  currency?: string
  defaultCountry?: string
  debug: boolean
  channel: string
  brand?: string
  sessionDays: number
  attributionDays: number
  dedupDays: number
  tracks: Track[]
  metaEndpoint?: string
  googleEndpoint?: string
  cookieDomain?: string
  autoBind: boolean
  orderSource: string[]
  consent: ConsentState
  /** Where each option came from when it was a data attribute, so a warning names what the developer wrote. */
  from: Partial<Record<string, string>>
}

export const DEFAULTS: ResolvedConfig = {
  eventHosts: [],
  debug: false,
  channel: 'ecommerce',
  sessionDays: 365,
  attributionDays: 14,
  dedupDays: 30,
  tracks: [],
  autoBind: true,
  orderSource: ['datalayer', 'vtex'],
  consent: {},
  from: {},
}

/**
 * Each option and its kind, after a colon: u URL, l host list, b boolean, d days, t tracks,
 * c consent; none: a string. One string costs fewer bytes than an object of names. Currency,
 * country and tracks are checked further by the conversion part, which uses them.
 */
const KINDS: Record<string, string> = {}
for (const o of 'publisherId userIdCookie currency defaultCountry channel brand cookieDomain conversionUrl:u metaEndpoint:u googleEndpoint:u eventHosts:l orderSource:l debug:b autoBind:b sessionDays:d attributionDays:d dedupDays:d tracks:t consent:c'.split(' ')) {
  const [name, kind] = o.split(':')
  KINDS[name!] = kind ?? 's'
}

/** publisherId → data-publisher-id */
export const attributeOf = (option: string): string => 'data-' + option.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())

/**
 * Is this URL acceptable for sending shopper data: written as a plain absolute https URL, or http
 * on the local machine (tabs or newlines inside "ht\ttps://", which the URL parser drops, fail).
 */
export const isSafeUrl = (value: string): boolean => /^(https:\/\/|http:\/\/(localhost|127\.0\.0\.1|\[::1\])([:/?#]|$))/i.test(value)

const GRANTS = ['granted', 'denied']

/**
 * Reads a consent value: "granted" / "denied" for both purposes, or an object with ad_storage /
 * ad_user_data set to "granted" or "denied" (Google Consent Mode names,
 * https://developers.google.com/tag-platform/security/guides/consent). Anything else is warned about and ignored.
 */
export function parseConsent(value: unknown, log: Logger): ConsentState | undefined {
  if (GRANTS.includes(value as string)) return { ad_storage: value as 'granted', ad_user_data: value as 'granted' }
  if (!isObject(value)) {
    log.warn('invalid', 'consent', value)
    return undefined
  }
  const out: ConsentState = {}
  for (const k of ['ad_storage', 'ad_user_data'] as const) {
    const v = value[k]
    if (GRANTS.includes(v as string)) out[k] = v as 'granted'
    else if (v !== undefined) log.warn('invalid', 'consent.' + k, v)
  }
  return out
}

/** The value of an option of `kind`, or undefined when it is not one. Attributes give strings. */
function coerce(kind: string, value: unknown, log: Logger): unknown {
  const v = typeof value == 'string' ? value.trim() : value
  const n = typeof v == 'string' ? +v : v
  return kind == 'c' ? parseConsent(v, log)
    : kind == 't' ? (Array.isArray(v) ? v : undefined)
    : kind == 'b' ? (v === true || v === '' || v === 'true' || v === '1' ? true : v === false || v === 'false' || v === '0' ? false : undefined)
    : kind == 'd' ? (typeof n == 'number' && n > 0 && n < 1e5 ? n : undefined)
    : kind == 'l' ? ((typeof v == 'string' ? v.split(/[\s,]+/) : v) as unknown[] | undefined)?.map?.((h) => String(h).trim().toLowerCase()).filter(Boolean)
    : typeof v == 'number' ? String(v)
    : typeof v != 'string' || !v || (kind == 'u' && !isSafeUrl(v)) ? undefined
    : v
}

/**
 * Merges options into a resolved configuration. Unknown or malformed options get a warning that
 * names them (the attribute, when it came from one) and the value got; the rest still applies.
 * Thousands of hostile keys cost one line with the count, not a line each.
 */
export function applyOptions(base: ResolvedConfig, options: unknown, log: Logger, from: Record<string, string> = {}): ResolvedConfig {
  const next: ResolvedConfig = { ...base, from: { ...base.from, ...from } }
  const named = (name: string) => (own(from, name) ? from[name]! : name)
  if (options == null) return next
  if (!isObject(options)) return log.warn('invalid', 'config()', options), next
  let unknown = 0
  for (const name of Object.keys(options)) {
    const value = options[name]
    const kind = own(KINDS, name) && KINDS[name]
    if (!kind) unknown++ < 3 && log.warn('unknown option', named(name))
    else if (value !== undefined) {
      const ok = coerce(kind, value, log)
      if (ok === undefined) log.warn('invalid', named(name), value)
      else (next as unknown as Record<string, unknown>)[name] = ok
    }
  }
  if (unknown > 3) log.warn('unknown option', `${unknown} in all`)
  return next
}

/**
 * Reads options from a script tag's data attributes, with where each came from. The three track
 * attributes become one `tracks` array in the Mercado Pago preference shape.
 */
export function optionsFromAttributes(el: Element): { options: Record<string, unknown>; from: Record<string, string> } {
  const options: Record<string, unknown> = {}
  const from: Record<string, string> = {}
  const t: Record<string, string> = {}
  for (const { name, value } of el.attributes) {
    const m = /^data-(facebook-pixel-id|google-conversion-(id|label))$/.exec(name)
    if (m) t[m[1]!] = value.trim()
    else if (name.startsWith('data-')) {
      // An attribute that is no option keeps its own name, so the unknown-option warning names it.
      const option = name.slice(5).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())
      const key = attributeOf(option) == name && own(KINDS, option) ? option : name
      options[key] = value
      from[key] = name
    }
  }
  const tracks: Track[] = []
  if ('facebook-pixel-id' in t) tracks.push({ type: 'facebook_ad', values: { pixel_id: t['facebook-pixel-id'] } })
  if ('google-conversion-id' in t || 'google-conversion-label' in t) tracks.push({ type: 'google_ad', values: { conversion_id: t['google-conversion-id'], conversion_label: t['google-conversion-label'] } })
  if (tracks.length) {
    options.tracks = tracks
    from.tracks = 'data-*'
  }
  return { options, from }
}
