import type { ResolvedConfig } from '../config'
import type { SafeStorage } from '../identity/storage'
import type { Logger } from '../log'
import { attempt, DAY_MS, isObject, now } from '../util'

/** One arrival from an ad click: the validated parameters and when they were seen. */
export interface Touch {
  /** ms since epoch */
  at: number
  /** validated ad-click parameters (naid, ncid, gadv_id, gclid, gbraid, wbraid, fbclid, the standard utm_*) */
  params: Record<string, string>
}

export interface LandingContext {
  /** newest first, only those inside the attribution window */
  touches: Touch[]
  /** Meta click id cookie value fb.1.<ms>.<fbclid>, from the newest touch with an fbclid */
  fbc?: string
}

/**
 * Storage is split so that no large record travels in a cookie, and so that removing one key
 * forgets everything (reset() and a storage-consent denial remove LANDING_KEY):
 *
 * - LANDING_KEY (adb_landing): the click ids (no utm) of the newest touch that has any, at most
 *   COOKIE_BUDGET, or [] when none. Mirrored in a cookie only with cookieDomain, so that a
 *   checkout on another subdomain still sees the click.
 * - TOUCHES_KEY (adb_landing_touches): every touch, in this host's localStorage only.
 */
export const LANDING_KEY = 'landing'
export const TOUCHES_KEY = 'landing_touches'
/** Touches kept at most; utm-only touches go first, then the oldest. */
export const MAX_TOUCHES = 10
/** Longest accepted value; real click ids are far shorter (fbclid ~200 characters). */
export const MAX_VALUE_LENGTH = 500
/**
 * Largest cookie mirror (after cookie encoding). Every request to the store's server carries it,
 * and stores (VTEX) already send big cookies: a few KB more ends in "400/431 header too large".
 */
export const COOKIE_BUDGET = 512

/**
 * Click ids: VTEX Ads offsite (`naid` ad id, `ncid` campaign id, `gadv_id`), Google (`gclid`,
 * `gbraid`, `wbraid`), Meta (`fbclid`). Opaque tokens, kept exactly as they appear in the URL,
 * never decoded or case-folded: fbclid is case-sensitive
 * (https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/fbp-and-fbc/).
 * A token with characters outside TOKEN is refused rather than repaired.
 */
export const CLICK_IDS = 'naid|ncid|gadv_id|gclid|gbraid|wbraid|fbclid'.split('|')
const TOKEN = /^[\w.~+/=-]+$/
/** The standard utm parameters; made-up utm_ names are ignored. */
export const UTMS = ['source', 'medium', 'campaign', 'term', 'content', 'id'].map((k) => 'utm_' + k)
/** A URL that could carry any of them: most page views do not, and pay nothing more. */
const MAY_CARRY = /[?#&](naid|ncid|gadv_id|gclid|gbraid|wbraid|fbclid|utm_)/
// utm values are free text ("promoção de verão"): decoded, but no control characters and none of
// the characters that would turn into markup if a report ever shows them unescaped.
const UTM_VALUE_BAD = /[\u0000-\u001f\u007f<>"'`\\]/
// Newsletters put the subscriber in them (utm_term=ana@x.com, utm_content=customer 12345678):
// an e-mail or a long number is personal data, not a campaign name.
export const UTM_PERSONAL = /@|\d{8}/

export const hasClickId = (t: Touch): boolean => CLICK_IDS.some((k) => t.params[k])

const decode = (s: string): string | undefined => attempt(() => decodeURIComponent(s.replace(/\+/g, ' ')))

/** Raw name → raw value pairs, first occurrence wins (URLSearchParams would decode click ids). */
function rawParams(query: string, out: Map<string, string>): void {
  for (const part of query.split('&')) {
    const eq = part.indexOf('=')
    const name = decode(eq < 0 ? part : part.slice(0, eq))
    if (name && !out.has(name)) out.set(name, eq < 0 ? '' : part.slice(eq + 1))
  }
}

/** Ad-click parameters of an absolute URL (location.href), validated; refused ones are named in a warning. */
export function landingParams(href: string, log?: Logger): Record<string, string> {
  const params: Record<string, string> = {}
  if (!MAY_CARRY.test(href)) return params
  // location.href as the URL parser wrote it: its search and hash are the raw text.
  const { search, hash } = new URL(href)
  const raw = new Map<string, string>()
  rawParams(search.slice(1), raw)
  // Hash routers (#/search?gclid=…) carry the query after the fragment; the real query wins.
  const q = hash.indexOf('?')
  if (q >= 0) rawParams(hash.slice(q + 1), raw)
  for (const name of CLICK_IDS.concat(UTMS)) {
    const utm = name[0] == 'u'
    const v = utm ? decode(raw.get(name) ?? '')?.trim() : raw.get(name)
    if (!v) continue
    const bad = v.length > MAX_VALUE_LENGTH ? 'too long' : utm ? (UTM_VALUE_BAD.test(v) ? 'markup characters' : UTM_PERSONAL.test(v) ? 'looks like personal data' : '') : TOKEN.test(v) ? '' : 'not a click id'
    if (bad) log?.warn('refused landing parameter', `${name} (${bad})`)
    else params[name] = v
  }
  return params
}

/**
 * Newest first, at most MAX_TOUCHES. utm-only touches (internal links tagged with utm, a
 * newsletter) go before any touch with a click id, so they cannot push a paid click, and fbc with
 * it, out; the newest touch always stays.
 */
export function trim(touches: Touch[]): Touch[] {
  const out = touches.sort((a, b) => b.at - a.at)
  for (let i = out.length - 1; out.length > MAX_TOUCHES && i > 0; i--) if (!hasClickId(out[i]!)) out.splice(i, 1)
  return out.slice(0, MAX_TOUCHES)
}

function write(storage: SafeStorage, config: ResolvedConfig, touches: Touch[]): void {
  // Both live as long as the newest touch; older touches are filtered on read by their time.
  const maxAgeMs = Math.max(1, touches[0]!.at + config.attributionDays * DAY_MS - now())
  storage.set(TOUCHES_KEY, JSON.stringify(touches), { maxAgeMs })
  // The click ids (no utm) of the newest touch that has any, as many as fit the cookie budget.
  const click = touches.find(hasClickId)
  let ids = '[]'
  if (click) {
    const params: Record<string, string> = {}
    for (const k of CLICK_IDS) {
      const v = click.params[k]
      if (!v) continue
      const next = JSON.stringify([{ at: click.at, params: { ...params, [k]: v } }])
      if (encodeURIComponent(next).length > COOKIE_BUDGET) continue
      params[k] = v
      ids = next
    }
  }
  // Without cookieDomain, a mirror an earlier configuration left must go (remove() drops cookies).
  if (!config.cookieDomain) storage.remove(LANDING_KEY)
  storage.set(LANDING_KEY, ids, { maxAgeMs, mirror: !!config.cookieDomain && ids !== '[]' })
}

/**
 * Keeps the ad-click parameters of `href` as a new touch. Storage is read and written only when
 * the URL carries any: most page views pay nothing here.
 */
export function captureLanding(storage: SafeStorage, config: ResolvedConfig, log: Logger, href: string): void {
  const params = landingParams(href, log)
  const keys = Object.keys(params)
  if (!keys.length) return
  // Stored touches, read lightly (the conversion part validates them when it reads, touches.ts):
  // this host's, plus the click of LANDING_KEY, which a cookie may bring from another subdomain
  // (or an older version kept every touch in). Removed LANDING_KEY (reset(), a consent denial)
  // means they are forgotten.
  const t = now()
  const ids = storage.get(LANDING_KEY)
  const touches: Touch[] = []
  if (ids !== undefined)
    for (const raw of [storage.get(TOUCHES_KEY), ids]) {
      const list: unknown = attempt(() => JSON.parse(raw ?? '[]'))
      if (Array.isArray(list))
        for (const x of list)
          if (isObject(x) && isObject(x.params) && (x.at as number) > t - config.attributionDays * DAY_MS && !touches.some((y) => y.at === x.at)) touches.push(x as unknown as Touch)
    }
  // The same parameters again are the same click (a reload, the back button, a shared link
  // opened twice): keep the first time, which is the click time fbc must carry.
  const same = (t: Touch) => keys.length == Object.keys(t.params).length && keys.every((k) => t.params[k] === params[k])
  if (touches.some(same)) return
  write(storage, config, trim([{ at: t, params }, ...touches]))
  log.debug('landing', params)
}

