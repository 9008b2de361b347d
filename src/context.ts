import type { SafeStorage } from './storage'
import type { ResolvedConfig } from './config'
import type { Logger } from './log'
import { DAY_MS, now } from './clock'

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
 * forgets everything (reset() and a storage-consent denial in tracker.ts remove LANDING_KEY):
 *
 * - LANDING_KEY (adb_landing): the click ids (no utm) of the newest touch that has any, at most
 *   COOKIE_BUDGET, or [] when none. Mirrored in a cookie only with cookieDomain, so that a
 *   checkout on another subdomain still sees the click. Without it, the touches are forgotten.
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
 * Click ids: VTEX Ads offsite (`naid` ad id, `ncid` campaign id, `gadv_id`; the vtex.ads-agent data
 * model, https://developers.vtex.com/docs/apps/vtex.ads-agent@2.0.0/data-model), Google
 * (`gclid`, `gbraid`, `wbraid`), Meta (`fbclid`). They are opaque tokens, so they are kept exactly
 * as they appear in the URL, never decoded or case-folded: fbclid and gbraid are case-sensitive
 * (https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/fbp-and-fbc,
 * https://support.google.com/analytics/answer/16297842), and a decoded value would no longer be the
 * token the platform
 * issued. A token with characters outside this set is refused rather than repaired.
 */
const CLICK_IDS = ['naid', 'ncid', 'gadv_id', 'gclid', 'gbraid', 'wbraid', 'fbclid'] as const
const TOKEN = /^[A-Za-z0-9._~+/=-]+$/
/** The standard utm parameters; made-up utm_ names are ignored. */
const UTMS = ['source', 'medium', 'campaign', 'term', 'content', 'id'].map((k) => 'utm_' + k)
// utm values are free text ("promoção de verão"): decoded, but no control characters and none of
// the characters that would turn into markup if a report ever shows them unescaped.
const UTM_VALUE_BAD = /[\u0000-\u001f\u007f<>"'`\\]/
// Newsletters put the subscriber in them (utm_term=ana@x.com, utm_content=customer 12345678):
// an e-mail or a long number is personal data, not a campaign name.
const UTM_PERSONAL = /@|\d{8}/

const hasClickId = (t: Touch): boolean => CLICK_IDS.some((k) => t.params[k])

const decode = (s: string): string | undefined => {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '))
  } catch {
    return undefined
  }
}

/**
 * Raw name → raw value pairs of a query string, first occurrence wins. URLSearchParams would
 * decode the values, which click ids must not be (see CLICK_IDS).
 */
function rawParams(query: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const part of query.split('&')) {
    if (!part) continue
    const eq = part.indexOf('=')
    const name = decode(eq < 0 ? part : part.slice(0, eq))
    if (name === undefined || out.has(name)) continue
    out.set(name, eq < 0 ? '' : part.slice(eq + 1))
  }
  return out
}

/** Ad-click parameters of a URL, validated; refused ones are named in a warning. */
export function landingParams(href: string, log?: Logger): Record<string, string> {
  let u: URL
  try {
    u = new URL(href)
  } catch {
    return {}
  }
  const raw = rawParams(u.search.replace(/^\?/, ''))
  // Hash routers (#/search?gclid=…) carry the query after the fragment; the real query wins.
  const q = u.hash.indexOf('?')
  if (q >= 0) for (const [k, v] of rawParams(u.hash.slice(q + 1))) if (!raw.has(k)) raw.set(k, v)

  const params: Record<string, string> = {}
  const refuse = (name: string, why: string) => log?.warn(`landing URL parameter "${name}" ${why}; it is ignored.`)
  for (const name of CLICK_IDS) {
    const v = raw.get(name)
    if (v === undefined || v === '') continue
    if (v.length > MAX_VALUE_LENGTH) refuse(name, `is longer than ${MAX_VALUE_LENGTH} characters`)
    else if (!TOKEN.test(v)) refuse(name, 'has characters a click id does not have')
    else params[name] = v
  }
  for (const name of UTMS) {
    const v = decode(raw.get(name) ?? '')?.trim()
    if (!v) continue
    if (v.length > MAX_VALUE_LENGTH) refuse(name, `is longer than ${MAX_VALUE_LENGTH} characters`)
    else if (UTM_VALUE_BAD.test(v)) refuse(name, 'contains control characters or <>"\'`\\')
    else if (UTM_PERSONAL.test(v)) refuse(name, 'looks like an e-mail or a customer id')
    else params[name] = v
  }
  return params
}

const windowMs = (config: ResolvedConfig): number => config.attributionDays * DAY_MS

const sameParams = (a: Record<string, string>, b: Record<string, string>): boolean => {
  const ka = Object.keys(a)
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k])
}

/** Well-formed touches of a stored record inside the window; the future (a wrong clock, edited storage) is refused too. */
function parseTouches(raw: string | undefined, config: ResolvedConfig): Touch[] {
  let list: unknown
  try {
    list = JSON.parse(raw ?? '[]')
  } catch {
    return []
  }
  if (!Array.isArray(list)) return []
  const t = now()
  const oldest = t - windowMs(config)
  const touches: Touch[] = []
  for (const item of list) {
    if (typeof item !== 'object' || item === null) continue
    const { at, params } = item as { at?: unknown; params?: unknown }
    if (typeof at !== 'number' || !Number.isFinite(at) || at <= oldest || at > t + DAY_MS) continue
    if (typeof params !== 'object' || params === null || Array.isArray(params)) continue
    const clean: Record<string, string> = {}
    // Records from older versions may hold made-up utm_ keys or personal data: read by today's rules.
    for (const [k, v] of Object.entries(params)) if (typeof v === 'string' && (CLICK_IDS.includes(k as never) || (UTMS.includes(k) && !UTM_PERSONAL.test(v)))) clean[k] = v
    touches.push({ at, params: clean })
  }
  return touches
}

/**
 * Newest first, at most MAX_TOUCHES. utm-only touches (internal links tagged with utm, a
 * newsletter) go before any touch with a click id, so they cannot push a paid click, and fbc with
 * it, out; the newest touch always stays.
 */
function trim(touches: Touch[]): Touch[] {
  const out = touches.sort((a, b) => b.at - a.at)
  for (let i = out.length - 1; out.length > MAX_TOUCHES && i > 0; i--) if (!hasClickId(out[i]!)) out.splice(i, 1)
  return out.slice(0, MAX_TOUCHES)
}

/** Stored touches, newest first: this host's, plus the click of LANDING_KEY (shared by cookie). */
function storedTouches(storage: SafeStorage, config: ResolvedConfig): Touch[] {
  const ids = storage.get(LANDING_KEY)
  // Removed by reset() or a consent denial: the touches are forgotten with it.
  if (ids === undefined) return []
  // Older versions kept every touch under LANDING_KEY: read like the ids record.
  const touches = parseTouches(storage.get(TOUCHES_KEY), config)
  // The same time is the same touch (written to both by this host).
  for (const c of parseTouches(ids, config)) if (!touches.some((t) => t.at === c.at)) touches.push(c)
  return trim(touches)
}

function toContext(touches: Touch[]): LandingContext {
  const ctx: LandingContext = { touches }
  const fb = touches.find((t) => t.params.fbclid)
  // Meta's format: fb.<subdomainIndex>.<creationTime ms>.<fbclid>; index 1 when we make it
  // ourselves, and the time is when the click id was first seen
  // (https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/fbp-and-fbc).
  if (fb) ctx.fbc = `fb.1.${fb.at}.${fb.params.fbclid}`
  return ctx
}

function write(storage: SafeStorage, config: ResolvedConfig, touches: Touch[]): void {
  // remove() deletes the cookies too: the one of an older version (every touch, up to 3 KB) and
  // the mirror, written again below only with cookieDomain.
  storage.remove(LANDING_KEY)
  storage.remove(TOUCHES_KEY)
  const newest = touches[0]
  if (!newest) return
  // Both live as long as the newest touch; older touches are filtered on read by their time.
  const maxAgeMs = Math.max(1, newest.at + windowMs(config) - now())
  storage.set(TOUCHES_KEY, JSON.stringify(touches), { maxAgeMs })
  // The click ids (no utm) of the newest touch that has any, as many as fit the budget.
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
  storage.set(LANDING_KEY, ids, { maxAgeMs, mirror: !!config.cookieDomain && ids !== '[]' })
}

/** Reads ad-click parameters from `href`, stores a new touch if any, returns the current context. */
export function captureLanding(storage: SafeStorage, config: ResolvedConfig, log: Logger, href: string): LandingContext {
  try {
    const params = landingParams(href, log)
    const touches = storedTouches(storage, config)
    // The same parameters again are the same click (a reload, the back button, a shared link
    // opened twice): keep the first time, which is the click time fbc must carry.
    const fresh = Object.keys(params).length > 0 && !touches.some((t) => sameParams(t.params, params))
    const next = fresh ? trim([{ at: now(), params }, ...touches]) : touches
    // Written on every page view, which also brings storage of an older version (every touch in a
    // cookie) or of another configuration (a mirror without cookieDomain) in line, and clears
    // the touches left after reset() or a consent denial removed LANDING_KEY.
    write(storage, config, next)
    if (fresh) log.debug('landing: ad click parameters kept', params)
    return toContext(next)
  } catch (e) {
    log.debug('landing: could not read the landing URL', e)
    return { touches: [] }
  }
}

export function readLanding(storage: SafeStorage, config: ResolvedConfig): LandingContext {
  try {
    return toContext(storedTouches(storage, config))
  } catch {
    return { touches: [] }
  }
}
