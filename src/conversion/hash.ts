// Per-platform normalisation, then SHA-256 lowercase hex (Web Crypto). The platforms match hashes,
// not people: one character of difference in the normalised string is a lost match, so every rule
// here follows a platform's published one and the tests use Meta's official vectors. Meta:
// https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/customer-information-parameters
// Google: https://developers.google.com/google-ads/api/docs/conversions/enhance-conversions
// VTEX Ads: https://developers.vtex.com/docs/guides/integrating-audiences and "PII hashing" in
// https://developers.vtex.com/docs/api-reference/vtex-ads-api
import type { ConversionContext, ValidOrder } from './destinations/destination'
import { idString } from '../util'

export type Platform = 'vtex' | 'meta' | 'google'
export type PiiField = 'email' | 'phone' | 'social_id' | 'first_name' | 'last_name' | 'external_id'

export const isSha256Hex = (v: string): boolean => /^[0-9a-f]{64}$/i.test(v)

export async function sha256Hex(input: string): Promise<string> {
  const buf = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(input))
  return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('')
}

// Meta hashes the UTF-8 of the NFC form: `valéry` matches its official vector only when composed
// (the decomposed `vale\u0301ry` hashes differently; Meta's customer-information page above).
const base = (v: string): string => v.normalize('NFC').trim().toLowerCase()

/**
 * E-mail: trim, NFC, lowercase for every platform (Meta, Google, VTEX). Whitespace inside is
 * removed too (Google's Data Manager rule; an address cannot contain any). Google alone also drops
 * the dots of a gmail.com / googlemail.com local part (its published rule; `+alias` is kept, as
 * google-ads-python's tests expect). Undefined when it is not something@something.
 */
export function normalizeEmail(value: string, platform: Platform): string | undefined {
  const v = base(value).replace(/\s+/g, '')
  if (!/.@[^@]+$/.test(v)) return undefined
  return platform == 'google' ? v.replace(/^(.+)(@g(oogle)?mail\.com)$/, (_, local: string, domain: string) => local.replace(/\./g, '') + domain) : v
}

// Country → calling code and the longest national significant number (after the trunk zero), for
// the Americas, Iberia and a few more. The length tells a national number from one that already
// carries its country code: in Brazil "55 99999-9999" (area code 55, 11 digits) is national,
// "55 11 99999-9999" (13 digits) is not. Italy is left out on purpose: it keeps its leading zero
// in E.164 (+39 06…), which the trunk-zero rule below would break.
const COUNTRIES = 'US1.10CA1.10MX52.10BR55.11AR54.11CL56.9CO57.10PE51.9VE58.10EC593.9BO591.8PY595.9UY598.8CR506.8PA507.8GT502.8DO1.10PR1.10ES34.9PT351.9GB44.10FR33.9DE49.11'
const CALLING: Record<string, [string, number]> = {}
COUNTRIES.replace(/([A-Z]{2})(\d+)\.(\d+)/g, (_, c: string, code: string, len: string) => {
  CALLING[c] = [code, +len]
  // A calling code given instead of a country resolves to the first country listed with it.
  CALLING[code] ??= [code, +len]
  return ''
})

/**
 * defaultCountry → [calling code, longest national number]; a calling code outside the table gets
 * 10. Keys are uppercased, so no Object.prototype name ("constructor", "__proto__") can match.
 */
function countryOf(code: string | undefined): readonly [string, number] | undefined {
  const dc = (code ?? '').trim().replace(/^\+/, '').toUpperCase()
  return CALLING[dc] ?? (/^\d{1,3}$/.test(dc) ? [dc, 10] : undefined)
}

/**
 * Whether `code` can serve as defaultCountry: an ISO alpha-2 country of the table above, or a
 * calling code of 1–3 digits (with or without "+"). Any other value drops every national phone.
 */
export const knownCountry = (code: string): boolean => countryOf(code) !== undefined

// A trailing extension ("ext. 3", "x 12", "#3", "ramal 21") is not part of the number: left in, its
// digits would be folded into it and make another number.
const EXTENSION = /(\d)[\s).-]*(ext\w*|x|#|ramal)[\s:.]*\d{1,6}\s*$/i

/**
 * Phone → E.164 digits, then the platform's form: `+` and digits for VTEX and Google (E.164),
 * digits with the country code and no `+` for Meta. An international number keeps its country
 * code: a `+` before its first digit (`(+1) 650…`, `Tel: +1 …`, or after an invisible direction
 * mark), or the `00` prefix; zeros after either are the international prefix written twice
 * (`+00 1 …`, `+0055 …`) and go, as Meta's parameter builder drops every leading zero. A national
 * number gets `defaultCountry`'s code (ISO alpha-2 such as "BR", or a calling code such as "55")
 * after its trunk zeros are dropped. A trailing extension is dropped first. Undefined when the
 * country cannot be known or the result is not 7–15 digits (E.164 allows 15). Argentina's mobile
 * "15" → "9" rewrite is not done.
 */
export function normalizePhone(value: string, platform: Platform, defaultCountry?: string): string | undefined {
  // "+44 (0)20 …": the "(0)" is the trunk prefix, written for callers inside the country.
  const v = value.trim().replace(EXTENSION, '$1').replace(/\(0\)/g, '')
  let digits = v.replace(/\D/g, '')
  const international = /^\D*\+/.test(v) || digits.startsWith('00')
  digits = digits.replace(/^0+/, '')
  if (!international) {
    const country = countryOf(defaultCountry)
    if (!country) return undefined
    const [code, len] = country
    if (!(digits.startsWith(code) && digits.length > len)) digits = code + digits
  }
  if (digits.length < 7 || digits.length > 15 || digits[0] === '0') return undefined
  return platform === 'meta' ? digits : '+' + digits
}

/**
 * CPF/CNPJ: VTEX says digits only. Letters are kept (uppercase) rather than dropped: Brazil's
 * alphanumeric CNPJ (from July 2026) would otherwise lose most of itself; a numeric id is unchanged.
 */
export const normalizeSocialId = (value: string): string | undefined =>
  value.replace(/[^0-9a-z]/gi, '').toUpperCase() || undefined

// Meta's "whitespace_and_punctuation" strip (capi-param-builder SharedUtils, the rule its pixel
// applies to fn/ln): every whitespace and the ASCII punctuation !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~.
// Only ASCII: a curly apostrophe (’) or other Unicode punctuation stays, as it does for Meta.
// The ranges are exactly those characters: ! to /, : to @, [ to `, { to ~.
const META_NAME_STRIP = /[\s!-/:-@[-`{-~]+/g

/**
 * Meta's order: strip, then lowercase (capi-param-builder getNormalizeString). Lowercased first, a
 * capital sigma before a space or hyphen becomes the final ς (toLowerCase's Final_Sigma rule:
 * `ΟΔΥΣΣΕΑΣ ΠΑΠΑΣ` → `οδυσσεας παπας`), which Meta, having removed the space, writes σ.
 */
const metaStrip = (value: string, strip: RegExp): string => value.normalize('NFC').replace(strip, '').toLowerCase()

/**
 * First / last name: NFC, trim, lowercase, accents kept (`Valéry` → `valéry`, Meta's vector).
 * Meta removes all whitespace and ASCII punctuation (`María José` → `maríajosé`, `O'Brien` →
 * `obrien`; its SDK's own test: `  John Smith  ` → `johnsmith`); VTEX keeps single inner spaces.
 */
export function normalizeName(value: string, platform: Platform): string | undefined {
  return (platform === 'meta' ? metaStrip(value, META_NAME_STRIP) : base(value).replace(/\s+/g, ' ')) || undefined
}

/** Normalises `value` for `platform`'s rules; undefined when it is empty or unusable. */
export function normalizeField(platform: Platform, field: PiiField, value: string, defaultCountry?: string): string | undefined {
  return field == 'email' ? normalizeEmail(value, platform)
    : field == 'phone' ? normalizePhone(value, platform, defaultCountry)
    : field == 'social_id' ? normalizeSocialId(value)
    : field != 'external_id' ? normalizeName(value, platform)
    // external_id is Meta's field: lowercased with every whitespace removed (capi-param-builder
    // getNormalizedExternalID, strip "whitespace_only"), so the store's Conversions API copy
    // normalised by Meta's SDK hashes to the same value.
    : metaStrip(value, /\s+/g) || undefined
}

/**
 * Normalises `value` for `platform`'s rules and hashes it; undefined when empty or unusable, and
 * when Web Crypto is missing (crypto.subtle exists only in secure contexts): never rejects.
 * A value that is already SHA-256 hex passes through, lowercased.
 */
export async function hashField(platform: Platform, field: PiiField, value: unknown, defaultCountry?: string): Promise<string | undefined> {
  try {
    const v = idString(value) ?? ''
    if (isSha256Hex(v)) return v.toLowerCase()
    const normalized = v && normalizeField(platform, field, v, defaultCountry)
    // Without Web Crypto, sha256Hex throws here.
    return normalized ? await sha256Hex(normalized) : undefined
  } catch {
    return undefined
  }
}

/**
 * The order's `fields` (external_id: the customer id) for one platform, hashed in parallel, under
 * the platform's name for each (`name`), in the order of `fields`; a value missing, or that cannot
 * be normalised or hashed, is left out. Never rejects.
 */
export async function hashFields(platform: Platform, fields: readonly PiiField[], order: ValidOrder, ctx: Pick<ConversionContext, 'userId' | 'config'>, name: (field: PiiField) => string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  const hashes = await Promise.all(fields.map((f) => hashField(platform, f, f == 'external_id' ? ctx.userId : order[f], ctx.config.defaultCountry)))
  fields.forEach((f, i) => hashes[i] && (out[name(f)] = hashes[i]))
  return out
}
