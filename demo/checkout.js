import { addToCart, adbeacon, brl, cartLines, cartTotal, esc, round2, saveOrder } from './store.js'

// The simulated Mercado Pago Checkout Pro. The buttons send the shopper to the confirmation page
// with the parameters Checkout Pro really appends to back_urls
// (https://www.mercadopago.com.mx/developers/en/docs/checkout-pro/configure-back-urls):
// collection_id, collection_status, payment_id, status, external_reference, payment_type,
// merchant_order_id, preference_id, site_id, processing_mode, merchant_account_id=null.

const STATUSES = ['approved', 'pending', 'rejected']
const TYPES = [
  ['credit_card', 'Credit card'],
  ['account_money', 'Account money'],
  ['ticket', 'Boleto (ticket)'],
  ['digital_currency', 'Mercado Crédito'],
]
// What the tracker should do (Checkout Pro's rule for the ad platforms; VTEX wants every sale).
// Mercado Crédito (digital_currency) is an instant approval only on MLA and MLB.
const SITES = [
  ['MLB', 'MLB · Brazil'],
  ['MLA', 'MLA · Argentina'],
  ['MLM', 'MLM · Mexico'],
]
const SITE_KEY = 'demo_site_id'
let site = (() => {
  const v = localStorage.getItem(SITE_KEY)
  return SITES.some(([id]) => id === v) ? v : 'MLB'
})()
const instant = (type) => ['credit_card', 'debit_card', 'account_money'].includes(type) || (type === 'digital_currency' && ['MLA', 'MLB'].includes(site))
const expected = (status, type) =>
  status === 'rejected' ? 'nothing' : status === 'approved' && instant(type) ? 'VTEX + Meta + Google' : 'VTEX only'

const digits = (n) => Array.from({ length: n }, (_, i) => (i === 0 ? 1 + Math.floor(Math.random() * 9) : Math.floor(Math.random() * 10))).join('')
const uuid = () => (crypto.randomUUID ? crypto.randomUUID() : `${digits(8)}-0000-4000-8000-${digits(12)}`)

function renderSummary() {
  const lines = cartLines()
  const box = document.getElementById('checkout-summary')
  if (!lines.length) {
    box.innerHTML = `<h2>Order summary</h2><p class="muted">Your cart is empty.</p><button class="btn block" type="button" id="sample-items">Add two sample items</button>`
    document.getElementById('sample-items').addEventListener('click', () => {
      addToCart('100101', 2)
      addToCart('100110', 1)
      renderSummary()
    })
  } else {
    box.innerHTML = `<h2>Order summary</h2>
      ${lines.map((l) => `<div class="row item"><span>${l.quantity} × ${esc(l.product.name)}</span><span class="amount">${brl(round2(l.product.promotional_price * l.quantity))}</span></div>`).join('')}
      <div class="row total"><span>Total</span><span>${brl(cartTotal())}</span></div>`
  }
  document.querySelectorAll('#mp-panel button').forEach((b) => { b.disabled = !lines.length })
}

function newOrderId() {
  const d = new Date()
  const ymd = `${String(d.getFullYear()).slice(2)}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`
  return `AUR-${ymd}-${digits(5)}`
}

/** The order in the VTEX wire shape, as the store's back end would render it on the confirmation page. */
function buildOrder(orderId) {
  const form = new FormData(document.getElementById('checkout-form'))
  const field = (k) => String(form.get(k) ?? '').trim()
  const order = {
    order_id: orderId,
    items: cartLines().map((l) => ({
      sku: l.sku,
      product_id: l.product.product_id,
      seller_id: l.product.seller_id,
      quantity: l.quantity,
      price: l.product.price,
      promotional_price: l.product.promotional_price,
      name: l.product.name,
    })),
    currency: 'BRL',
    created_at: new Date().toISOString(),
  }
  for (const k of ['email', 'phone', 'social_id', 'first_name', 'last_name', 'city', 'uf']) if (field(k)) order[k] = field(k)
  const customerId = form.get('signed_in') ? field('customer_id') : ''
  return { order, customerId }
}

function place(returnParams) {
  const form = document.getElementById('checkout-form')
  if (!form.reportValidity()) return
  const orderId = newOrderId()
  const { order, customerId } = buildOrder(orderId)
  if (!order.items.length) return
  // A signed-in shopper: the store tells the tracker its customer id (VTEX user_id).
  adbeacon('identify', customerId || null)
  saveOrder({ order_id: orderId, order, customer_id: customerId || undefined, placed_at: new Date().toISOString() })
  const q = new URLSearchParams(returnParams(orderId))
  location.href = `/demo/confirmation.html?${q.toString()}`
}

function mercadoPagoReturn(status, type) {
  return (orderId) => {
    const paymentId = digits(11)
    return {
      collection_id: paymentId,
      collection_status: status,
      payment_id: paymentId,
      status,
      external_reference: orderId,
      payment_type: type,
      merchant_order_id: digits(11),
      preference_id: `724484980-${uuid()}`,
      site_id: site,
      processing_mode: 'aggregator',
      merchant_account_id: 'null',
    }
  }
}

const grid = document.getElementById('mp-grid')
function renderGrid() {
  const disabled = !cartLines().length
  grid.innerHTML =
    `<span></span>${TYPES.map(([, label]) => `<span class="colhead">${label}</span>`).join('')}` +
    STATUSES.map((status) =>
      `<span class="rowhead">${status}</span>` +
      TYPES.map(([type, label]) => `<button type="button" class="${status}" data-status="${status}" data-type="${type}" data-testid="mp-${status}-${type}" title="${status} · ${label} · site ${site}"${disabled ? ' disabled' : ''}><span class="what">${status === 'approved' ? 'Pay' : status === 'pending' ? 'Leave pending' : 'Decline'}</span><span class="mobile-type">${label}</span><span class="rule">→ ${expected(status, type)}</span></button>`).join(''),
    ).join('')
}
const siteSelect = document.getElementById('mp-site')
siteSelect.innerHTML = SITES.map(([id, label]) => `<option value="${id}"${id === site ? ' selected' : ''}>${label}</option>`).join('')
siteSelect.addEventListener('change', () => {
  site = siteSelect.value
  localStorage.setItem(SITE_KEY, site)
  renderGrid()
})
renderGrid()

grid.addEventListener('click', (e) => {
  const b = e.target.closest('button[data-status]')
  if (b) place(mercadoPagoReturn(b.dataset.status, b.dataset.type))
})

// Real redirects of a shopper who came back without paying: preference_id, site_id and the
// store's own external_reference and processing_mode are filled, the payment fields are the string "null".
document.getElementById('mp-abandon').addEventListener('click', () =>
  place((orderId) => ({
    collection_id: 'null', collection_status: 'null', payment_id: 'null', status: 'null', external_reference: orderId,
    payment_type: 'null', merchant_order_id: 'null', preference_id: `724484980-${uuid()}`, site_id: site, processing_mode: 'aggregator', merchant_account_id: 'null',
  })),
)
document.getElementById('pay-offline').addEventListener('click', () => place((orderId) => ({ order: orderId })))

// "Signed in as customer": the store tells the tracker who the shopper is, and signs them out
// again when unticked (adbeacon('identify', null) clears user_id and keeps session_id).
const signedIn = document.getElementById('signed_in')
const customerId = document.getElementById('customer_id')
function syncIdentity() {
  customerId.disabled = !signedIn.checked
  const id = customerId.value.trim()
  adbeacon('identify', signedIn.checked && id ? id : null)
}
signedIn.addEventListener('change', syncIdentity)
customerId.addEventListener('change', syncIdentity)
customerId.disabled = !signedIn.checked

renderSummary()
