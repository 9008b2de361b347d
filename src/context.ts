import type { SafeStorage } from './storage'
import type { ResolvedConfig } from './config'
import type { Logger } from './log'
import { DAY_MS, now } from './clock'

/** One arrival from an ad click: the validated parameters and when they were seen. */
export interface Touch {
  /** ms since epoch */
  at: number
  /** validated ad-click parameters (naid, ncid, gadv_id, gclid, gbraid, wbraid, fbclid, utm_*) */
  params: Record<string, string>
}

export interface LandingContext {
  /** newest first, only those inside the attribution window */
  touches: Touch[]
  /** Meta click id cookie value fb.1.<ms>.<fbclid>, from the newest touch with an fbclid */
  fbc?: string
}

/** Storage key (stored as adb_landing). */
export const LANDING_KEY = 'landing'
/** Touches kept at most; the oldest go first. */
export const MAX_TOUCHES = 10
/** Longest accepted value; real click ids are far shorter (fbclid ~200 characters). */
export const MAX_VALUE_LENGTH = 500
/** utm_* keys kept from one URL, against URLs stuffed with made-up utm_ parameters. */
const MAX_UTM_KEYS = 10
/**
 * Above this size (after cookie encoding) the record is not mirrored in a cookie: a cookie is
 * limited to about 4 KB including its name and attributes, and every request to the store's own
 * server carries it.
 */
const COOKIE_BUDGET = 3000

/**
 * Click ids: VTEX Ads offsite (`naid` ad id, `ncid` campaign id, `gadv_id`; vtex-ads.md §6), Google
 * (`gclid`, `gbraid`, `wbraid`), Meta (`fbclid`). They are opaque tokens, so they are kept exactly
 * as they appear in the URL, never decoded or case-folded: fbclid and gbraid are case-sensitive
 * (conversion-platforms.md §2-3), and a decoded value would no longer be the token the platform
 * issued. A token with characters outside this set is refused rather than repaired.
 */
const CLICK_IDS = ['naid', 'ncid', 'gadv_id', 'gclid', 'gbraid', 'wbraid', 'fbclid'] as const
const TOKEN = /^[A-Za-z0-9._~+/=-]+$/
const UTM_NAME = /^utm_[a-z0-9_]{1,40}$/
// utm values are free text ("promoção de verão"): decoded, but no control characters and none of
// the characters that would turn into markup if a report ever shows them unescaped.
const UTM_VALUE_BAD = /[\u0000-\u001f\u007f<>"'`\\]/

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
  let utms = 0
  for (const [name, rawValue] of raw) {
    if (!name.startsWith('utm_')) continue
    if (!UTM_NAME.test(name)) {
      refuse(name, 'is not a utm_ parameter name (lowercase letters, digits, _)')
      continue
    }
    const v = decode(rawValue)?.trim()
    if (!v) continue
    if (utms >= MAX_UTM_KEYS) {
      refuse(name, `is beyond the first ${MAX_UTM_KEYS} utm_ parameters`)
      continue
    }
    if (v.length > MAX_VALUE_LENGTH) refuse(name, `is longer than ${MAX_VALUE_LENGTH} characters`)
    else if (UTM_VALUE_BAD.test(v)) refuse(name, 'contains control characters or <>"\'`\\')
    else {
      params[name] = v
      utms++
    }
  }
  return params
}

const windowMs = (config: ResolvedConfig): number => config.attributionDays * DAY_MS

const sameParams = (a: Record<string, string>, b: Record<string, string>): boolean => {
  const ka = Object.keys(a)
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k])
}

/** Stored touches that are well formed and inside the window, newest first. */
function storedTouches(storage: SafeStorage, config: ResolvedConfig): Touch[] {
  const raw = storage.get(LANDING_KEY)
  if (!raw) return []
  let list: unknown
  try {
    list = JSON.parse(raw)
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
    if (typeof at !== 'number' || !Number.isFinite(at) || at <= oldest) continue
    if (typeof params !== 'object' || params === null || Array.isArray(params)) continue
    const clean: Record<string, string> = {}
    for (const [k, v] of Object.entries(params)) if (typeof v === 'string') clean[k] = v
    touches.push({ at, params: clean })
  }
  return touches.sort((a, b) => b.at - a.at).slice(0, MAX_TOUCHES)
}

function toContext(touches: Touch[]): LandingContext {
  const ctx: LandingContext = { touches }
  const fb = touches.find((t) => t.params.fbclid)
  // Meta's format: fb.<subdomainIndex>.<creationTime ms>.<fbclid>; index 1 when we make it
  // ourselves, and the time is when the click id was first seen (conversion-platforms.md §2).
  if (fb) ctx.fbc = `fb.1.${fb.at}.${fb.params.fbclid}`
  return ctx
}

function write(storage: SafeStorage, config: ResolvedConfig, touches: Touch[]): void {
  const newest = touches[0]
  if (!newest) {
    storage.remove(LANDING_KEY)
    return
  }
  // The record lives as long as its newest touch; older ones are filtered on read by their time.
  const maxAgeMs = Math.max(1, newest.at + windowMs(config) - now())
  let list = touches
  let value = JSON.stringify(list)
  // Mirrored in a cookie so that a checkout on another subdomain (cookieDomain) still sees the
  // click; trimmed from the oldest touch to fit a cookie.
  while (list.length > 1 && encodeURIComponent(value).length > COOKIE_BUDGET) {
    list = list.slice(0, -1)
    value = JSON.stringify(list)
  }
  if (encodeURIComponent(value).length > COOKIE_BUDGET) {
    // Even one touch is too big for a cookie: keep it in localStorage only, and drop a stale
    // mirror that would otherwise be read back where localStorage is empty.
    storage.remove(LANDING_KEY)
    storage.set(LANDING_KEY, JSON.stringify(touches), { maxAgeMs })
    return
  }
  storage.set(LANDING_KEY, value, { maxAgeMs, mirror: true })
}

/** Reads ad-click parameters from `href`, stores a new touch if any, returns the current context. */
export function captureLanding(storage: SafeStorage, config: ResolvedConfig, log: Logger, href: string): LandingContext {
  try {
    const params = landingParams(href, log)
    const touches = storedTouches(storage, config)
    if (!Object.keys(params).length) return toContext(touches)
    // The same parameters again are the same click (a reload, the back button, a shared link
    // opened twice): keep the first time, which is the click time fbc must carry.
    if (touches.some((t) => sameParams(t.params, params))) return toContext(touches)
    const next = [{ at: now(), params }, ...touches].slice(0, MAX_TOUCHES)
    write(storage, config, next)
    log.debug('landing: ad click parameters kept', params)
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
