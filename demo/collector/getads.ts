// A mock of VTEX Ads "Get ads" (POST /v1/rma/{publisher_id}), answering in the platform's real
// shape (https://developers.vtex.com/docs/guides/retrieving-ads): an object keyed by placement
// name, each an array of ads, plus the
// top-level request_id / query_at / query_id that real responses carry. Event URLs point at the
// collector and look like the real ones, signature included, so that a tracker that builds or
// edits an event URL instead of using it as returned is caught (see `signature` on events).
import { createHash, createHmac, randomUUID } from 'node:crypto'
import { BANNERS, BRANDS, CATALOG, findProduct, type Product } from '../catalog.js'

export type AdEventKind = 'impression' | 'view' | 'click'

export interface GetAdsRequest {
  publisherId: string
  /** the request body (already validated against the spec when the fixture is called) */
  body: Record<string, unknown>
  /** the collector's own origin, where event URLs must point */
  collectorOrigin: string
  /** the page's origin (the request's Origin header), for destination_url; '' when unknown */
  pageOrigin: string
  /** builds a signed event URL like the real ones */
  eventUrl(kind: AdEventKind, adId: string, params: Record<string, string | undefined>): string
}

/** A deterministic UUID-looking id, so the same product ad keeps its ad_id across queries. */
export function stableId(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`
}

export function createSigner(secret: string) {
  const sign = (pathAndQuery: string) => createHmac('sha256', secret).update(pathAndQuery).digest('hex')
  return {
    /** Appends `sign` (HMAC of path + query) to the URL. */
    url(origin: string, path: string, params: Record<string, string | undefined>): string {
      const q = new URLSearchParams()
      for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v)
      const unsigned = `${path}?${q.toString()}`
      return `${origin}${unsigned}&sign=${sign(unsigned)}`
    },
    /** 'valid' | 'mismatch' | 'absent' for a received path + query. */
    check(pathAndQuery: string): 'valid' | 'mismatch' | 'absent' {
      const m = /^(.*)[?&]sign=([0-9a-f]{64})$/.exec(pathAndQuery)
      if (!m) return /[?&]sign=/.test(pathAndQuery) ? 'mismatch' : 'absent'
      return sign(m[1]!) === m[2] ? 'valid' : 'mismatch'
    },
  }
}

interface Placement { quantity?: number; types?: string[]; size?: string }

/**
 * Products for a search term: the matching ones first, then their neighbours (same category, then
 * same top-level category or brand), then the rest. `exclude` drops a SKU (the product page's own).
 */
function rank(term: string | undefined, exclude?: string): Product[] {
  const pool = exclude ? CATALOG.filter((p) => p.sku !== exclude) : CATALOG
  if (!term) return pool
  const words = term.toLowerCase().split(/\s+/).filter(Boolean)
  const score = (p: Product) => words.filter((w) => `${p.name} ${p.brand} ${p.category}`.toLowerCase().includes(w)).length
  const matches = pool.filter((p) => score(p) > 0)
  const categories = new Set(matches.map((p) => p.category.split(' > ').slice(0, 2).join(' > ')))
  const tops = new Set(matches.map((p) => p.category.split(' > ')[0]))
  const brands = new Set(matches.map((p) => p.brand))
  const near = (p: Product) =>
    categories.has(p.category.split(' > ').slice(0, 2).join(' > ')) ? 2 : tops.has(p.category.split(' > ')[0]) || brands.has(p.brand) ? 1 : 0
  return [...pool].sort((a, b) => score(b) - score(a) || near(b) - near(a))
}

export function buildGetAdsResponse(req: GetAdsRequest): Record<string, unknown> {
  const body = req.body
  const requestId = randomUUID()
  const context = typeof body.context === 'string' ? body.context : 'search'
  const channel = typeof body.channel === 'string' ? body.channel : 'site'
  const sessionId = typeof body.session_id === 'string' ? body.session_id : undefined
  const userId = typeof body.user_id === 'string' ? body.user_id : undefined
  const queryAt = new Date()
  const requestedAt = String(queryAt.getTime())
  const term = context === 'search' && typeof body.term === 'string' ? body.term : undefined
  const page = (path: string) => `${req.pageOrigin}${path}`
  const img = (path: string) => `${req.collectorOrigin}/__collector/img/${path}`

  // Parameter order and names as in the real examples (vtexads-api-docs examples/SEARCH_*.md):
  // one event_id shared by the three URLs of an ad; sponsored-brand products reuse the brand's
  // ad_id and are told apart by product_sku.
  const urls = (adId: string, adType: string, campaignId: string, pname: string, productSku?: string) => {
    const eventId = stableId(`${requestId}:${adId}:${productSku ?? ''}`)
    const params = {
      publisher_id: req.publisherId,
      ad_type: adType,
      campaign_id: campaignId,
      pname,
      context,
      search_term: term,
      product_sku: productSku,
      channel,
      event_id: eventId,
      request_id: requestId,
      session_id: sessionId,
      user_id: userId,
      requested_at: requestedAt,
    }
    return {
      click_url: req.eventUrl('click', adId, params),
      impression_url: req.eventUrl('impression', adId, params),
      view_url: req.eventUrl('view', adId, params),
    }
  }

  const productAd = (p: Product, position: number, pname: string, round: number) => {
    const adId = stableId(`product:${p.sku}:${round}`)
    const campaignId = stableId(`campaign:${p.brand}`)
    return {
      ad_id: adId,
      type: 'product',
      product_sku: p.sku,
      product_name: p.name,
      image_url: img(`product/${p.sku}.svg`),
      destination_url: page(`/demo/product.html?sku=${p.sku}`),
      position,
      seller_id: p.seller_id,
      campaign_name: `${p.brand} · always on`,
      product_metadata: { product_id: p.product_id, brand: p.brand, category: p.category, price: p.price, promotional_price: p.promotional_price },
      ...urls(adId, 'product', campaignId, pname),
    }
  }

  const bannerAd = (i: number, pname: string, size: string) => {
    const b = BANNERS[i % BANNERS.length]!
    const adId = stableId(`banner:${i}`)
    return {
      ad_id: adId,
      type: 'banner',
      media_url: img(`banner/${i % BANNERS.length}.svg`),
      asset_type: 'image',
      size,
      destination_url: page(`/demo/search.html?q=${encodeURIComponent(b.title.split(' ')[0]!.toLowerCase())}`),
      seller_id: null,
      campaign_name: b.title,
      ...urls(adId, 'banner', stableId(`campaign:banner:${i}`), pname),
    }
  }

  const brandAd = (i: number, pname: string) => {
    const b = BRANDS[i % BRANDS.length]!
    const adId = stableId(`brand:${i}`)
    const campaignId = stableId(`campaign:brand:${b.brand_name}`)
    return {
      ad_id: adId,
      type: 'sponsored_brand',
      brand_name: b.brand_name,
      brand_url: page(`/demo/search.html?q=${encodeURIComponent(b.brand_name)}`),
      headline: b.headline,
      description: b.description,
      destination_url: page(`/demo/search.html?q=${encodeURIComponent(b.brand_name)}`),
      asset_type: 'image',
      media_url: img(`brand/${i % BRANDS.length}.svg`),
      assets: [{ dimension: '480x240', type: 'image', url: img(`brand/${i % BRANDS.length}.svg`) }],
      position: i,
      seller_id: null,
      campaign_name: `${b.brand_name} brand`,
      ...urls(adId, 'sponsored_brand', campaignId, pname),
      products: b.skus
        .map((sku) => findProduct(sku))
        .filter((p): p is Product => !!p)
        .map((p) => ({
          product_sku: p.sku,
          product_name: p.name,
          image_url: img(`product/${p.sku}.svg`),
          destination_url: page(`/demo/product.html?sku=${p.sku}`),
          seller_id: p.seller_id,
          product_metadata: { product_id: p.product_id, price: p.price, promotional_price: p.promotional_price },
          ...urls(adId, 'sponsored_brand', campaignId, pname, p.sku),
        })),
    }
  }

  const out: Record<string, unknown> = {}
  const placements = (body.placements && typeof body.placements === 'object' ? body.placements : {}) as Record<string, Placement>
  // A product page's shelf never advertises the product being viewed.
  const viewedSku = context === 'product_page' && typeof body.product_sku === 'string' ? body.product_sku : undefined
  const ranked = rank(typeof body.term === 'string' ? body.term : undefined, viewedSku)
  let productCursor = 0
  let bannerCursor = 0
  let brandCursor = 0
  for (const [pname, placement] of Object.entries(placements)) {
    const quantity = Math.max(0, Math.min(100, Math.floor(Number(placement.quantity) || 0)))
    const types = Array.isArray(placement.types) && placement.types.length ? placement.types : ['product']
    const ads: unknown[] = []
    for (let i = 0; i < quantity; i++) {
      const type = types[i % types.length]
      if (type === 'banner') ads.push(bannerAd(bannerCursor++, pname, placement.size ?? 'desktop'))
      else if (type === 'sponsored_brand') ads.push(brandAd(brandCursor++, pname))
      else if (type === 'digital_signage') {
        const adId = stableId(`signage:${i}`)
        ads.push({ ad_id: adId, type: 'digital_signage', media_url: img(`banner/${i % BANNERS.length}.svg`), duration: 15, seller_id: null, ...urls(adId, 'digital_signage', stableId('campaign:signage'), pname) })
      } else {
        const round = Math.floor(productCursor / ranked.length)
        ads.push(productAd(ranked[productCursor % ranked.length]!, ads.length, pname, round))
        productCursor++
      }
    }
    out[pname] = ads
  }
  out.request_id = requestId
  out.query_at = queryAt.toISOString()
  out.query_id = stableId(`query:${requestId}`)
  return out
}
