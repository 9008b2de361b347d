import type { ResolvedConfig } from '../config'
import type { SafeStorage } from '../identity/storage'
import { DAY_MS, isObject, now } from '../util'
import { CLICK_IDS, LANDING_KEY, TOUCHES_KEY, trim, UTM_PERSONAL, UTMS, type LandingContext, type Touch } from './landing'

// The reading side of the landing context, for the conversion part and the debug build: the
// every-page script only writes touches (landing.ts).

/** Well-formed touches of a stored record inside the window; the future (a wrong clock, edited storage) is refused too. */
function parseTouches(raw: string | undefined, config: ResolvedConfig): Touch[] {
  let list: unknown
  try {
    list = JSON.parse(raw ?? '[]')
  } catch {
    return []
  }
  const t = now()
  const touches: Touch[] = []
  if (Array.isArray(list))
    for (const item of list) {
      const { at, params } = isObject(item) ? item : {}
      if (typeof at != 'number' || !(at > t - config.attributionDays * DAY_MS && at < t + DAY_MS) || !isObject(params)) continue
      const clean: Record<string, string> = {}
      // Records from older versions may hold made-up utm_ keys or personal data: read by today's rules.
      for (const k in params) {
        const v = params[k]
        if (typeof v == 'string' && (CLICK_IDS.includes(k) || (UTMS.includes(k) && !UTM_PERSONAL.test(v)))) clean[k] = v
      }
      touches.push({ at, params: clean })
    }
  return touches
}

/** Stored touches, newest first: this host's, plus the click of LANDING_KEY (shared by cookie). */
function storedTouches(storage: SafeStorage, config: ResolvedConfig): Touch[] {
  const ids = storage.get(LANDING_KEY)
  // Removed by reset() or a consent denial: the touches are forgotten with it.
  if (ids === undefined) return []
  const touches = parseTouches(storage.get(TOUCHES_KEY), config)
  // The same time is the same touch (written to both by this host).
  for (const c of parseTouches(ids, config)) if (!touches.some((t) => t.at === c.at)) touches.push(c)
  return trim(touches)
}

export function readLanding(storage: SafeStorage, config: ResolvedConfig): LandingContext {
  const touches = storedTouches(storage, config)
  const fb = touches.find((t) => t.params.fbclid)
  // Meta's format: fb.<subdomainIndex>.<creationTime ms>.<fbclid>; index 1 when we make it
  // ourselves, and the time is when the click id was first seen
  // (https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/fbp-and-fbc/).
  return fb ? { touches, fbc: `fb.1.${fb.at}.${fb.params.fbclid}` } : { touches }
}
