import { knownCountry } from './hash'
import type { Logger } from './log'
import type { ConsentState, Track } from './types'

/** Options, in JavaScript names. Every one can also be given as a data attribute (see ATTRIBUTES). */
export interface Options {
  /** VTEX Ads publisher id (a UUID from the VTEX Ads team). Required for VTEX Ads conversions. */
  publisherId?: string
  /** Where VTEX Ads conversions go. Default: the documented events endpoint. */
  conversionUrl?: string
  /** Extra hosts (host or host:port) allowed for ad event URLs, besides VTEX Ads' own. */
  eventHosts?: string[]
  /** A cookie that holds the store's customer id (VTEX stores: "VtexRCMacIdv7"). */
  userIdCookie?: string
  /** ISO 4217 currency used when an order gives none (Meta and Google need one). */
  currency?: string
  /** ISO 3166 country (e.g. "BR") or calling code (e.g. "55") for phones written without one. */
  defaultCountry?: string
  /** Log every step to the console. */
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
   * Consent known when the script starts, before any id is written: "denied", "granted", or
   * {ad_storage, ad_user_data}. Default: granted (the store's own configuration decides).
   */
  consent?: 'granted' | 'denied' | ConsentState
}

export interface ResolvedConfig {
  publisherId: string | undefined
  conversionUrl: string
  eventHosts: string[]
  userIdCookie: string | undefined
  currency: string | undefined
  defaultCountry: string | undefined
  debug: boolean
  channel: string
  brand: string | undefined
  sessionDays: number
  attributionDays: number
  dedupDays: number
  tracks: Track[]
  metaEndpoint: string
  googleEndpoint: string
  cookieDomain: string | undefined
  autoBind: boolean
  consent: ConsentState
}

export const DEFAULT_CONVERSION_URL = 'https://events.newtail-media.newtail.com.br/v1/beacon/conversion'

export const DEFAULTS: ResolvedConfig = {
  publisherId: undefined,
  conversionUrl: DEFAULT_CONVERSION_URL,
  eventHosts: [],
  userIdCookie: undefined,
  currency: undefined,
  defaultCountry: undefined,
  debug: false,
  channel: 'ecommerce',
  brand: undefined,
  sessionDays: 365,
  attributionDays: 14,
  dedupDays: 30,
  tracks: [],
  metaEndpoint: 'https://www.facebook.com/tr',
  googleEndpoint: 'https://www.googleadservices.com/pagead/conversion/',
  cookieDomain: undefined,
  autoBind: true,
  consent: {},
}

type Kind = 'string' | 'url' | 'list' | 'bool' | 'days' | 'currency' | 'tracks' | 'country' | 'consent'

const KINDS: Record<keyof Options, Kind> = {
  publisherId: 'string',
  conversionUrl: 'url',
  eventHosts: 'list',
  userIdCookie: 'string',
  currency: 'currency',
  defaultCountry: 'country',
  debug: 'bool',
  channel: 'string',
  brand: 'string',
  sessionDays: 'days',
  attributionDays: 'days',
  dedupDays: 'days',
  tracks: 'tracks',
  metaEndpoint: 'url',
  googleEndpoint: 'url',
  cookieDomain: 'string',
  autoBind: 'bool',
  consent: 'consent',
}

const CONSENT_KEYS = ['ad_storage', 'ad_user_data'] as const

/**
 * Reads a consent value: "granted" / "denied" for both purposes, or an object with ad_storage /
 * ad_user_data set to "granted" or "denied". Anything else is warned about and ignored.
 */
export function parseConsent(value: unknown, log: Logger): ConsentState | undefined {
  const ok = (v: unknown): v is 'granted' | 'denied' => v === 'granted' || v === 'denied'
  if (ok(value)) return { ad_storage: value, ad_user_data: value }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    log.warn('consent takes "granted", "denied" or {ad_storage, ad_user_data} with "granted"/"denied"; got', value)
    return undefined
  }
  const out: ConsentState = {}
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (!(CONSENT_KEYS as readonly string[]).includes(k)) log.warn(`consent "${k}" is not used by adbeacon (it reads ${CONSENT_KEYS.join(', ')}).`)
    else if (!ok(v)) log.warn(`consent ${k} must be "granted" or "denied"; got`, v)
    else out[k as (typeof CONSENT_KEYS)[number]] = v
  }
  return out
}

/** Is this URL acceptable for sending shopper data: https, or http on the local machine. */
export function isSafeUrl(value: string): boolean {
  try {
    const u = new URL(value)
    if (u.protocol === 'https:') return true
    return u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname === '127.0.0.1' || u.hostname === '[::1]')
  } catch {
    return false
  }
}

function coerce(name: string, kind: Kind, value: unknown, log: Logger): { ok: true; value: unknown } | { ok: false } {
  const bad = (why: string) => {
    log.warn(`option "${name}" ${why}; it is ignored and the default is used.`, value)
    return { ok: false as const }
  }
  switch (kind) {
    case 'string':
      if (typeof value === 'number') return { ok: true, value: String(value) }
      if (typeof value !== 'string' || !value.trim()) return bad('must be a non-empty string')
      return { ok: true, value: value.trim() }
    case 'url':
      if (typeof value !== 'string' || !isSafeUrl(value.trim())) return bad('must be an https URL (http only for localhost)')
      return { ok: true, value: value.trim() }
    case 'list': {
      const items = typeof value === 'string' ? value.split(/[\s,]+/) : Array.isArray(value) ? value : null
      if (!items || items.some((h) => typeof h !== 'string')) return bad('must be a list of host names')
      return { ok: true, value: (items as string[]).map((h) => h.trim().toLowerCase()).filter(Boolean) }
    }
    case 'bool':
      if (typeof value === 'boolean') return { ok: true, value }
      if (value === '' || value === 'true' || value === '1') return { ok: true, value: true }
      if (value === 'false' || value === '0') return { ok: true, value: false }
      return bad('must be true or false')
    case 'days': {
      const n = typeof value === 'string' ? Number(value) : value
      if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) return bad('must be a positive number of days')
      return { ok: true, value: n }
    }
    case 'currency':
      if (typeof value !== 'string' || !/^[A-Za-z]{3}$/.test(value.trim())) return bad('must be an ISO 4217 code such as "BRL"')
      return { ok: true, value: value.trim().toUpperCase() }
    case 'tracks':
      if (!Array.isArray(value)) return bad('must be an array like [{type:"facebook_ad", values:{pixel_id}}]')
      return { ok: true, value }
    case 'country':
      if (typeof value !== 'string' || !/^([A-Za-z]{2}|\+?\d{1,3})$/.test(value.trim())) return bad('must be an ISO country such as "BR" or a calling code such as "55"')
      // A country outside adbeacon's calling-code table would drop every national phone.
      if (!knownCountry(value.trim())) return bad('is a country adbeacon has no calling code for; give the calling code instead (e.g. "39")')
      return { ok: true, value: value.trim().toUpperCase() }
    case 'consent': {
      const c = parseConsent(value, log)
      return c ? { ok: true, value: c } : { ok: false }
    }
  }
}

/**
 * Merges options into a resolved configuration. Unknown or malformed options get a warning that
 * names them and are skipped; everything else still applies.
 */
export function applyOptions(base: ResolvedConfig, options: unknown, log: Logger): ResolvedConfig {
  const next: ResolvedConfig = { ...base }
  if (options === undefined || options === null) return next
  if (typeof options !== 'object' || Array.isArray(options)) {
    log.warn('config() takes an object of options; got', options)
    return next
  }
  for (const [name, value] of Object.entries(options as Record<string, unknown>)) {
    if (value === undefined) continue
    // Own keys only: "constructor" or "toString" must not find Object.prototype's.
    const kind = Object.prototype.hasOwnProperty.call(KINDS, name) ? (KINDS as Record<string, Kind>)[name] : undefined
    if (!kind) {
      log.warn(`unknown option "${name}" is ignored. Known options: ${Object.keys(KINDS).join(', ')}.`)
      continue
    }
    const r = coerce(name, kind, value, log)
    if (r.ok) (next as unknown as Record<string, unknown>)[name] = r.value
  }
  if (next.sessionDays < 14 && next.sessionDays !== base.sessionDays) {
    log.warn(`sessionDays ${next.sessionDays} is shorter than VTEX Ads' 14-day conversion window: sales after it lose their ad.`)
  }
  return next
}

/** data-attribute → option. Attributes outside this list that start with data- are warned about. */
export const ATTRIBUTES: Record<string, keyof Options | 'facebookPixelId' | 'googleConversionId' | 'googleConversionLabel'> = {
  'data-publisher-id': 'publisherId',
  'data-conversion-url': 'conversionUrl',
  'data-event-hosts': 'eventHosts',
  'data-user-id-cookie': 'userIdCookie',
  'data-currency': 'currency',
  'data-default-country': 'defaultCountry',
  'data-debug': 'debug',
  'data-channel': 'channel',
  'data-brand': 'brand',
  'data-session-days': 'sessionDays',
  'data-attribution-days': 'attributionDays',
  'data-dedup-days': 'dedupDays',
  'data-meta-endpoint': 'metaEndpoint',
  'data-google-endpoint': 'googleEndpoint',
  'data-cookie-domain': 'cookieDomain',
  'data-auto-bind': 'autoBind',
  'data-consent': 'consent',
  'data-facebook-pixel-id': 'facebookPixelId',
  'data-google-conversion-id': 'googleConversionId',
  'data-google-conversion-label': 'googleConversionLabel',
}

/**
 * Reads options from a script tag's data attributes. The three track attributes become one
 * `tracks` array in the Mercado Pago preference shape.
 */
export function optionsFromAttributes(el: Element, log: Logger): Options {
  const out: Record<string, unknown> = {}
  const track: Record<string, string> = {}
  for (const attr of Array.from(el.attributes)) {
    if (!attr.name.startsWith('data-')) continue
    const option = ATTRIBUTES[attr.name]
    if (!option) {
      log.warn(`unknown attribute "${attr.name}" on the adbeacon script tag is ignored.`)
      continue
    }
    if (option === 'facebookPixelId' || option === 'googleConversionId' || option === 'googleConversionLabel') track[option] = attr.value.trim()
    else out[option] = attr.value
  }
  const tracks: Track[] = []
  if (track.facebookPixelId) tracks.push({ type: 'facebook_ad', values: { pixel_id: track.facebookPixelId } })
  if (track.googleConversionId || track.googleConversionLabel) {
    tracks.push({ type: 'google_ad', values: { conversion_id: track.googleConversionId, conversion_label: track.googleConversionLabel } })
  }
  if (tracks.length) out.tracks = tracks
  return out as Options
}
