import type { Logger } from '../log'
import { idString, isObject } from '../util'

export type AdEventKind = 'impression' | 'view' | 'click'

export const KINDS: readonly AdEventKind[] = ['impression', 'view', 'click']

/** The three beacon URLs of one ad, exactly as Get ads returned them (they are signed). */
export type AdUrls = Partial<Record<AdEventKind, string>>

/**
 * Sponsored-brand products have no ad_id of their own: they carry the brand's ad_id in their URLs
 * and are told apart by product_sku (https://github.com/vtex/vtexads-api-docs, examples of
 * SPONSORED_BRANDS). An element names one with data-ad-id="<brand ad_id>" data-ad-sku="<product_sku>".
 */
export const adKey = (adId: string, sku?: string): string => (sku ? `${adId}\u0000${sku}` : adId)

/** The URL fields of an ad-like object; undefined when it has none. */
export function urlsOf(ad: unknown): AdUrls | undefined {
  if (!isObject(ad)) return undefined
  const urls: AdUrls = {}
  let any = false
  for (const kind of KINDS) {
    const v = ad[`${kind}_url`]
    if (typeof v == 'string' && v) any = !!(urls[kind] = v)
  }
  return any ? urls : undefined
}

/**
 * Adds a Get ads response (placement name → array of ads) to `registry`: every ad, and every
 * product of a sponsored-brand ad, since VTEX wants events for the brand and for each product.
 * Top-level keys whose value is not an array (`request_id`, `query_at`) are not placements.
 * Malformed ads are skipped with a warning that names them; the rest are kept. A later response
 * (a new query, an SPA route) replaces the URLs of the same ad. Returns how many were added.
 */
export function addAdsResponse(registry: Map<string, AdUrls>, response: unknown, log: Logger): number {
  const before = registry.size
  const placements = Array.isArray(response) ? { '': response } : isObject(response) ? response : undefined
  if (!placements) log.warn('invalid', 'ads()', response)
  for (const placement in placements) {
    const ads = placements[placement]
    if (Array.isArray(ads))
      ads.forEach((ad: unknown, i) => {
        const where = `${placement}[${i}]`
        const adId = idString((ad as Record<string, unknown> | null)?.ad_id)
        if (!adId) return log.warn('invalid ad', where + '.ad_id')
        const ad_ = ad as Record<string, unknown>
        registry.set(adKey(adId), urlsOf(ad_) ?? {})
        if (Array.isArray(ad_.products))
          ad_.products.forEach((p: unknown, j) => {
            const urls = urlsOf(p)
            // Products without URLs (the API's minimal example) have nothing to send.
            if (!urls) return
            // urlsOf found URLs: p is an object.
            const sku = idString((p as Record<string, unknown>).product_sku)
            if (!sku) return log.warn('invalid ad', `${where}.products[${j}].product_sku`)
            registry.set(adKey(adId, sku), urls)
            // Some responses also give each product an ad_id of its own: data-ad-id alone finds it then.
            const own = idString((p as Record<string, unknown>).ad_id)
            if (own) registry.set(adKey(own), urls)
          })
      })
  }
  return registry.size - before
}
