import type { Logger } from './log'

export type AdEventKind = 'impression' | 'view' | 'click'

export const KINDS: readonly AdEventKind[] = ['impression', 'view', 'click']

/** The three beacon URLs of one ad, exactly as Get ads returned them (they are signed). */
export type AdUrls = Partial<Record<AdEventKind, string>>

/** One thing on the page that has its own event URLs: an ad, or a product of a sponsored brand. */
export interface AdEntry {
  /** adKey(adId, sku) */
  key: string
  adId: string
  /** set for the products of a sponsored-brand ad, which share the brand's ad_id */
  sku?: string
  placement: string
  type?: string
  urls: AdUrls
}

/**
 * Sponsored-brand products have no ad_id of their own: they carry the brand's ad_id in their URLs
 * and are told apart by product_sku (vtexads-api-docs examples/*SPONSORED_BRANDS*.md). An element
 * names one with data-ad-id="<brand ad_id>" data-ad-sku="<product_sku>".
 */
export const adKey = (adId: string, sku?: string): string => (sku ? `${adId}\u0000${sku}` : adId)

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

const idString = (v: unknown): string | undefined => {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  return typeof v === 'string' && v.trim() ? v.trim() : undefined
}

/** The URL fields of an ad-like object; undefined when it has none. */
export function urlsOf(ad: unknown): AdUrls | undefined {
  if (!isObject(ad)) return undefined
  const urls: AdUrls = {}
  for (const kind of KINDS) {
    const v = ad[`${kind}_url`]
    if (typeof v === 'string' && v) urls[kind] = v
  }
  return Object.keys(urls).length ? urls : undefined
}

/**
 * Flattens a Get ads response (placement name → array of ads) into entries: every ad, and every
 * product of a sponsored-brand ad, since VTEX wants events for the brand and for each product
 * (https://developers.vtex.com/docs/guides/retrieving-ads). Top-level keys whose value is not an
 * array (`request_id`,
 * `query_at`, `query_id`) are not placements. Malformed ads are skipped with a warning that names
 * them; the rest are kept.
 */
export function parseAdsResponse(response: unknown, log: Logger): AdEntry[] {
  const out: AdEntry[] = []
  let placements: Array<[string, unknown[]]>
  if (Array.isArray(response)) {
    placements = [['', response]]
  } else if (isObject(response)) {
    placements = Object.entries(response).filter((e): e is [string, unknown[]] => Array.isArray(e[1]))
  } else {
    log.warn('ads() takes the Get ads response object (placement name → array of ads); got', response)
    return out
  }
  for (const [placement, ads] of placements) {
    ads.forEach((ad, i) => {
      const where = placement ? `${placement}[${i}]` : `[${i}]`
      if (!isObject(ad)) {
        log.warn(`ads(): ${where} is not an ad object; it is skipped.`)
        return
      }
      const adId = idString(ad.ad_id)
      if (!adId) {
        log.warn(`ads(): ${where}.ad_id is missing; the ad is skipped.`)
        return
      }
      const type = typeof ad.type === 'string' ? ad.type : undefined
      const urls = urlsOf(ad) ?? {}
      if (!Object.keys(urls).length && !Array.isArray(ad.products)) {
        log.warn(`ads(): ${where} (ad ${adId}) has no impression_url, view_url or click_url.`)
      }
      out.push({ key: adKey(adId), adId, placement, type, urls })
      if (!Array.isArray(ad.products)) return
      ad.products.forEach((p, j) => {
        const pUrls = urlsOf(p)
        const sku = isObject(p) ? idString(p.product_sku) : undefined
        if (!pUrls) return // products without URLs (the spec's minimal example) have nothing to send
        if (!sku) {
          log.warn(`ads(): ${where}.products[${j}].product_sku is missing; that product cannot be bound.`)
          return
        }
        out.push({ key: adKey(adId, sku), adId, sku, placement, type, urls: pUrls })
        // Some responses (and our demo collector) also give each product an ad_id of its own:
        // then data-ad-id="<that id>" alone finds it as well.
        const own = isObject(p) ? idString(p.ad_id) : undefined
        if (own && own !== adId) out.push({ key: adKey(own), adId: own, sku, placement, type, urls: pUrls })
      })
    })
  }
  return out
}
