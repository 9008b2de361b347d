import { brl, esc, loadOrders, productImage, round2, setCart } from './store.js'

const params = new URLSearchParams(location.search)
const val = (k) => {
  const v = params.get(k)
  return v && v !== 'null' ? v : undefined
}
const isReturn = ['preference_id', 'collection_id', 'collection_status', 'merchant_order_id'].some((k) => params.has(k))
const ref = val('external_reference') || val('order')
const saved = ref ? loadOrders()[ref] : undefined
const status = isReturn ? val('collection_status') || val('status') : 'placed'
const type = val('payment_type')
const site = val('site_id')

const INSTANT = ['credit_card', 'debit_card', 'account_money']
const instant = status === 'approved' && (INSTANT.includes(type) || (type === 'digital_currency' && ['MLA', 'MLB'].includes(site)))

const banner = {
  approved: ['approved', '✓', 'Payment approved', `Order ${ref} is confirmed${type ? `, paid with ${type.replace(/_/g, ' ')}` : ''}.`],
  pending: ['pending', '…', 'Payment pending', `Order ${ref} is placed; Mercado Pago is waiting for the ${type === 'ticket' ? 'boleto to be paid' : 'payment'}.`],
  in_process: ['pending', '…', 'Payment in process', `Order ${ref} is placed; the payment is under review.`],
  rejected: ['rejected', '✕', 'Payment declined', `Order ${ref} was not paid. Nothing should be reported.`],
  placed: ['approved', '✓', 'Order placed', `Order ${ref} is confirmed (no Mercado Pago return on this URL).`],
}[status ?? ''] ?? ['none', '?', 'You came back without paying', 'Mercado Pago returned no payment: only preference_id and site_id are set.']

document.getElementById('status').innerHTML = `<div class="status-banner ${banner[0]}" data-testid="status-${esc(status ?? 'none')}">
  <span class="icon">${banner[1]}</span><div><h1>${esc(banner[2])}</h1><p>${esc(banner[3])}</p></div></div>`

if (!saved) {
  document.getElementById('order-lines').innerHTML = `<p class="notice">No saved order ${esc(ref ?? '')} in this browser: place one from the <a href="/demo/checkout.html">checkout</a>. Without it there is no <code>data-adbeacon-order</code> block and nothing is sent.</p>`
} else {
  const o = saved.order
  const total = round2(o.items.reduce((s, it) => s + it.promotional_price * it.quantity, 0))
  document.getElementById('order-lines').innerHTML = `
    ${o.items.map((it) => `<div class="line-item" style="grid-template-columns:56px 1fr auto">
      <img src="${esc(productImage(it.sku))}" alt="" width="56" height="56">
      <div><strong>${esc(it.name)}</strong><div class="muted mono" style="font-size:12px">sku ${esc(it.sku)} · ${it.quantity} × ${brl(it.promotional_price)} (from ${brl(it.price)})</div></div>
      <strong>${brl(round2(it.promotional_price * it.quantity))}</strong></div>`).join('')}
    <div class="summary"><div class="row total"><span>Total</span><span>${brl(total)}</span></div></div>
    <p class="muted" style="font-size:13px">Shopper: ${esc(o.email ?? '')}${saved.customer_id ? ` · customer id <code>${esc(saved.customer_id)}</code>` : ' · not signed in'}</p>`
  // The sale is done (or waiting for a boleto): the store empties the cart. A declined payment keeps it.
  if (status !== 'rejected' && status !== undefined) setCart([])
}

const vtex = saved && status !== 'rejected' && status !== undefined
const why = (ok, yes, no) => `<span class="${ok ? 'yes' : 'no'}">${ok ? 'yes' : 'no'}</span> · ${ok ? yes : no}`
document.getElementById('expect').innerHTML = `
  <li><span class="dest vtex">VTEX</span><span>${why(vtex, 'one conversion, every sale counts (approved or pending)', !saved ? 'no order on this page' : status === 'rejected' ? 'a declined payment is not a sale' : 'no payment was made')}</span></li>
  <li><span class="dest meta">Meta</span><span>${why(saved && (instant || status === 'placed'), 'Purchase with eventID = order id', 'Checkout Pro reports only payments approved instantly')}</span></li>
  <li><span class="dest google">Google</span><span>${why(saved && (instant || status === 'placed'), 'conversion with transaction id = order id', 'Checkout Pro reports only payments approved instantly')}</span></li>
  <li><span></span><span class="muted" style="font-size:13px">Reload this page: nothing new should be sent (one report per order id).</span></li>`

const rows = [...params.entries()]
document.getElementById('mp-params').innerHTML = rows.length
  ? rows.map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join('')
  : '<tr><td colspan="2">none</td></tr>'
