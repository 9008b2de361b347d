import { getAds } from './ads.js'
import { adbeacon, esc, findProduct, priceHtml, productCard } from './store.js'

const q = (new URLSearchParams(location.search).get('q') || 'deodorant').trim()
document.getElementById('search-title').textContent = `“${q}”`
document.title = `${q} · Search · Aurora Farma (adbeacon demo)`

const placements = {
  search_top_banner: { quantity: 1, types: ['banner'], size: 'desktop' },
  search_brand: { quantity: 1, types: ['sponsored_brand'], size: 'desktop' },
  search_results: { quantity: 24, types: ['product'] },
  search_partners: { quantity: 2, types: ['product'] },
}

function productOf(ad) {
  const p = findProduct(ad.product_sku)
  if (p) return p
  const m = ad.product_metadata || {}
  return { sku: ad.product_sku, name: ad.product_name, brand: m.brand || '', price: m.price || 0, promotional_price: m.promotional_price || 0 }
}

function renderBanner(ad) {
  const slot = document.getElementById('banner-slot')
  if (!ad) return slot.remove()
  slot.innerHTML = `<a class="banner-ad" href="${esc(ad.destination_url)}" data-ad-id="${esc(ad.ad_id)}" data-testid="banner-ad">
    <img src="${esc(ad.media_url)}" alt="${esc(ad.campaign_name)}" width="1280" height="256"><span class="ad-tag">Sponsored</span></a>`
}

function renderBrand(ad) {
  const slot = document.getElementById('brand-slot')
  if (!ad) return slot.remove()
  // A sponsored brand's products share the brand's ad_id and are told apart by data-ad-sku.
  slot.innerHTML = `<div class="section-head"><h2>Sponsored brand · ${esc(ad.brand_name)}</h2><p>${esc(ad.description)}</p></div>
    <div class="brand-ad">
      <a class="brand-hero" href="${esc(ad.destination_url)}" data-ad-id="${esc(ad.ad_id)}" data-testid="brand-ad">
        <img src="${esc(ad.media_url)}" alt="${esc(ad.brand_name)}" width="480" height="240">
        <span class="ad-tag">Sponsored</span>
      </a>
      <div class="brand-products">
        ${(ad.products || []).map((bp) => {
          const p = productOf(bp)
          return `<a class="mini" href="${esc(bp.destination_url)}" data-ad-id="${esc(ad.ad_id)}" data-ad-sku="${esc(bp.product_sku)}">
            <img src="${esc(bp.image_url)}" alt="" width="84" height="84">
            <span class="n">${esc(p.name)}</span>${priceHtml(p)}</a>`
        }).join('')}
      </div>
    </div>`
}

const words = q.toLowerCase().split(/\s+/).filter(Boolean)
const matches = (p) => words.some((w) => `${p.name} ${p.brand} ${p.category}`.toLowerCase().includes(w))

function renderProducts(ads) {
  // The ads that match the term first; the ones the ad server added to fill the placement after them.
  const card = (ad) => productCard(productOf(ad), { href: ad.destination_url, image: ad.image_url, attrs: `data-ad-id="${esc(ad.ad_id)}" data-testid="product-ad"`, tag: 'Sponsored' })
  const hits = ads.filter((ad) => matches(productOf(ad)))
  const fill = ads.filter((ad) => !matches(productOf(ad)))
  document.getElementById('search-count').textContent = `${hits.length} matching sponsored product${hits.length === 1 ? '' : 's'}${fill.length ? ` · ${fill.length} more` : ''}`
  document.getElementById('product-grid').innerHTML = hits.map(card).join('') || `<p class="muted">No sponsored product matches “${esc(q)}”.</p>`
  const more = document.getElementById('more-products')
  more.hidden = !fill.length
  document.getElementById('more-grid').innerHTML = fill.map(card).join('')
}

// Server-rendered style: the element carries its ad's URLs itself; ads() is not involved.
function renderDirect(ads) {
  document.getElementById('direct-ads').innerHTML = ads
    .map((ad) => {
      const p = productOf(ad)
      return `<a class="side-ad" href="${esc(ad.destination_url)}" data-testid="direct-ad"
        data-ad-id="${esc(ad.ad_id)}"
        data-ad-impression-url="${esc(ad.impression_url)}"
        data-ad-view-url="${esc(ad.view_url)}"
        data-ad-click-url="${esc(ad.click_url)}">
        <span class="ad-tag direct">Sponsored · data-ad-*</span>
        <img src="${esc(ad.image_url)}" alt="" width="96" height="96">
        <span><strong>${esc(p.brand)}</strong><br>${esc(p.name)}${priceHtml(p)}</span></a>`
    })
    .join('')
}

try {
  const response = await getAds({ context: 'search', term: q, placements })
  renderBanner(response.search_top_banner?.[0])
  renderBrand(response.search_brand?.[0])
  renderProducts(response.search_results || [])
  renderDirect(response.search_partners || [])
  // Everything but the partners placement goes through ads(): the tracker binds [data-ad-id]
  // elements to these ads and fires impression / view / click on the URLs given here.
  const { search_partners: _direct, ...bound } = response
  adbeacon('ads', bound)
  document.body.setAttribute('data-ads-ready', 'true')
} catch (e) {
  document.getElementById('banner-slot').remove()
  document.getElementById('ads-error').innerHTML = `<p class="notice">Could not get ads: ${esc(e.message || e)}</p>`
  document.body.setAttribute('data-ads-ready', 'error')
}
