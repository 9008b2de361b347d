// Shared helpers of the demo store pages: the adbeacon command queue, the cart (the store's own
// state, in localStorage under demo_*; the tracker's keys start with adb_), the header, cards.
import { brl, CATALOG, findProduct } from './catalog.js'

export { brl, CATALOG, findProduct }

// The documented queue stub: commands given before adbeacon.js has loaded are replayed by it.
window.adbeacon = window.adbeacon || function () { (window.adbeacon.q = window.adbeacon.q || []).push(arguments) }

/** adbeacon('command', ...args): through the queue, so it works before the script has loaded. */
export function adbeacon(...args) {
  return window.adbeacon(...args)
}

/** The collector's origin, written into the page by the demo server. */
export function collectorOrigin() {
  const meta = document.querySelector('meta[name="demo-collector"]')
  return meta ? meta.getAttribute('content') : ''
}

/**
 * Resolves once adbeacon.js has replaced the stub and adbeacon-debug.js (the pages' data-debug)
 * answers debugState(), which the demo reads the shopper's ids from (or after timeoutMs, with false).
 */
export function trackerReady(timeoutMs = 4000) {
  return new Promise((resolve) => {
    const started = Date.now()
    const tick = () => {
      if (window.adbeacon && window.adbeacon.loaded && trackerState()) resolve(true)
      else if (Date.now() - started > timeoutMs) resolve(false)
      else setTimeout(tick, 25)
    }
    tick()
  })
}

/** The tracker's own view of the shopper, when it exposes one. */
export function trackerState() {
  try {
    return typeof window.adbeacon?.debugState === 'function' ? window.adbeacon.debugState() : undefined
  } catch {
    return undefined
  }
}

// ---------- cart ----------
const CART_KEY = 'demo_cart'
const ORDERS_KEY = 'demo_orders'

/** @returns {{sku: string, quantity: number}[]} */
export function getCart() {
  try {
    const v = JSON.parse(localStorage.getItem(CART_KEY) || '[]')
    return Array.isArray(v) ? v.filter((l) => findProduct(l.sku) && l.quantity > 0) : []
  } catch {
    return []
  }
}

export function setCart(lines) {
  localStorage.setItem(CART_KEY, JSON.stringify(lines))
  updateCartCount()
}

export function addToCart(sku, quantity = 1) {
  const cart = getCart()
  const line = cart.find((l) => l.sku === sku)
  if (line) line.quantity += quantity
  else cart.push({ sku, quantity })
  setCart(cart)
}

export function cartLines() {
  return getCart().map((l) => ({ ...l, product: findProduct(l.sku) }))
}

export function cartTotal() {
  return round2(cartLines().reduce((sum, l) => sum + l.product.promotional_price * l.quantity, 0))
}

export function saveOrder(order) {
  const all = loadOrders()
  all[order.order_id] = order
  localStorage.setItem(ORDERS_KEY, JSON.stringify(all))
}

export function loadOrders() {
  try {
    return JSON.parse(localStorage.getItem(ORDERS_KEY) || '{}') || {}
  } catch {
    return {}
  }
}

export const round2 = (n) => Math.round(n * 100) / 100

function updateCartCount() {
  const n = getCart().reduce((s, l) => s + l.quantity, 0)
  document.querySelectorAll('[data-cart-count]').forEach((el) => { el.textContent = String(n) })
}

// ---------- markup ----------
export const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** Creates an element from HTML (the first element of it). */
export function html(markup) {
  const t = document.createElement('template')
  t.innerHTML = markup.trim()
  return t.content.firstElementChild
}

export function priceHtml(p) {
  const off = Math.round((1 - p.promotional_price / p.price) * 100)
  return `<div class="price">${off > 0 ? `<span class="from">${brl(p.price)}</span>` : ''}<span class="for">${brl(p.promotional_price)}</span>${off >= 5 ? `<span class="off">−${off}%</span>` : ''}</div>`
}

export function productImage(sku) {
  return `${collectorOrigin()}/__collector/img/product/${encodeURIComponent(sku)}.svg`
}

/** A product card; `attrs` go on the link (e.g. data-ad-id), `tag` is the sponsored label. */
export function productCard(p, { href, image, attrs = '', tag = '' } = {}) {
  return `<a class="product-card" href="${esc(href ?? `/demo/product.html?sku=${p.sku}`)}" ${attrs}>
    ${tag ? `<span class="ad-tag${tag === 'Sponsored · data-ad-*' ? ' direct' : ''}">${esc(tag)}</span>` : ''}
    <div class="thumb"><img src="${esc(image ?? productImage(p.sku))}" alt="" loading="lazy" width="300" height="300"></div>
    <div class="info">
      <span class="brand">${esc(p.brand)}</span>
      <span class="name">${esc(p.name)}</span>
      ${priceHtml(p)}
    </div>
  </a>`
}

const NAV = [
  ['home', '/', 'Home'],
  ['search', '/demo/search.html?q=deodorant', 'Search'],
  ['checkout', '/demo/checkout.html', 'Checkout'],
]

/** Fills <header data-site-header="page"> and the demo ribbon. */
export function renderHeader() {
  const header = document.querySelector('[data-site-header]')
  if (!header) return
  const active = header.getAttribute('data-site-header')
  const q = new URLSearchParams(location.search).get('q') ?? ''
  header.className = 'site-header'
  header.innerHTML = `<div class="bar">
      <a class="logo" href="/"><span class="mark">✚</span>Aurora Farma <small>demo</small></a>
      <form class="search-box" action="/demo/search.html" role="search">
        <input name="q" type="search" placeholder="Search deodorant, sunscreen, shampoo…" value="${esc(active === 'search' ? q : '')}" aria-label="Search">
        <button type="submit">Search</button>
      </form>
      <nav class="nav">
        ${NAV.map(([id, href, label]) => `<a href="${href}" class="${id === active ? 'active' : ''}">${label}</a>`).join('')}
        <a class="cart-pill" href="/demo/cart.html">Cart <span class="count" data-cart-count>0</span></a>
      </nav>
    </div>`
  const ribbon = html(`<div class="demo-ribbon"><strong>adbeacon QA store</strong><span>Beacons go to the local collector <code>${esc(collectorOrigin())}</code>; watch them in the inspector</span><span class="spacer"></span><a href="/#landing">Arrive from an ad</a></div>`)
  header.before(ribbon)
  updateCartCount()
}

renderHeader()
