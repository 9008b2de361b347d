import { getAds } from './ads.js'
import { addToCart, adbeacon, brl, CATALOG, esc, findProduct, priceHtml, productCard, productImage } from './store.js'

const sku = new URLSearchParams(location.search).get('sku') || CATALOG[0].sku
const p = findProduct(sku)
const pdp = document.getElementById('pdp')

if (!p) {
  pdp.innerHTML = `<p class="notice">No product with SKU ${esc(sku)}. <a href="/demo/search.html">Back to search</a></p>`
} else {
  document.title = `${p.name} · Aurora Farma (adbeacon demo)`
  const [top, sub] = p.category.split(' > ')
  document.getElementById('crumbs').innerHTML = `<a href="/">Home</a> › <a href="/demo/search.html?q=${encodeURIComponent(sub ?? top)}">${esc(top)}</a>${sub ? ` › ${esc(sub)}` : ''}`
  pdp.innerHTML = `<div class="pdp">
    <div class="gallery"><img src="${esc(productImage(p.sku))}" alt="" width="600" height="600"></div>
    <div class="buy">
      <div class="muted" style="font-weight:700;text-transform:uppercase;letter-spacing:.04em;font-size:13px">${esc(p.brand)}</div>
      <h1>${esc(p.name)}</h1>
      ${priceHtml(p)}
      <div class="muted" style="font-size:13px">or 3× ${brl(Math.round((p.promotional_price / 3) * 100) / 100)} interest-free</div>
      <dl>
        <dt>SKU</dt><dd class="mono">${esc(p.sku)}</dd>
        <dt>Product id</dt><dd class="mono">${esc(p.product_id)}</dd>
        <dt>Seller</dt><dd class="mono">${esc(p.seller_id)}</dd>
        <dt>Category</dt><dd>${esc(p.category)}</dd>
      </dl>
      <div class="buy-row">
        <div class="qty"><button type="button" data-step="-1" aria-label="One less">−</button><input type="number" id="qty" value="1" min="1" max="20" step="1" inputmode="numeric" aria-label="Quantity (1 to 20)"><button type="button" data-step="1" aria-label="One more">+</button></div>
        <button class="btn big" id="add-to-cart" type="button">Add to cart</button>
      </div>
      <p class="explain" style="margin-top:20px">The price you see is what the order will carry: <code>price</code> ${brl(p.price)} (from) and <code>promotional_price</code> ${brl(p.promotional_price)} (for), per unit, never multiplied by the quantity.</p>
    </div>
  </div>`
  // Whole units from 1 to 20: "2.5", "0" or "99" are brought back into range when the field is left.
  const qty = document.getElementById('qty')
  const quantity = () => Math.max(1, Math.min(20, Math.trunc(Number(qty.value)) || 1))
  qty.addEventListener('change', () => { qty.value = String(quantity()) })
  pdp.querySelectorAll('[data-step]').forEach((b) =>
    b.addEventListener('click', () => { qty.value = String(Math.max(1, Math.min(20, quantity() + Number(b.dataset.step)))) }),
  )
  document.getElementById('add-to-cart').addEventListener('click', () => {
    qty.value = String(quantity())
    addToCart(p.sku, quantity())
    location.href = '/demo/cart.html'
  })

  try {
    const response = await getAds({ context: 'product_page', product_sku: p.sku, placements: { pdp_shelf: { quantity: 5, types: ['product'] } } })
    // One more than the shelf holds, in case an ad server returns the product being viewed.
    const ads = (response.pdp_shelf || []).filter((ad) => ad.product_sku !== p.sku).slice(0, 4)
    document.getElementById('pdp-ads').innerHTML = ads
      .map((ad) => productCard(findProduct(ad.product_sku) ?? { sku: ad.product_sku, name: ad.product_name, brand: '', price: 0, promotional_price: 0 }, { href: ad.destination_url, image: ad.image_url, attrs: `data-ad-id="${esc(ad.ad_id)}"`, tag: 'Sponsored' }))
      .join('')
    adbeacon('ads', response)
  } catch (e) {
    document.getElementById('pdp-ads').innerHTML = `<p class="notice">Could not get ads: ${esc(e.message || e)}</p>`
  }
}
