import { brl, esc, loadOrders, productImage, round2, saveOrder, setCart } from './store.js'

// The order-confirmation page. The "What adbeacon did" panel shows the tracker's own decision for
// this order (adbeacon.debugState().conversions) next to the rule the demo expects, and says so
// when they differ: the panel never guesses on the tracker's behalf.

const params = new URLSearchParams(location.search)
const val = (k) => {
  const v = params.get(k)
  return v && v !== 'null' ? v : undefined
}
const isReturn = ['preference_id', 'collection_id', 'collection_status', 'merchant_order_id'].some((k) => params.has(k))
const ref = val('external_reference') || val('order')
const saved = ref ? loadOrders()[ref] : undefined
const status = !ref ? 'no-order' : isReturn ? val('collection_status') || val('status') : 'placed'
const type = val('payment_type')
const site = val('site_id')

const PAYMENT = {
  credit_card: 'a credit card',
  debit_card: 'a debit card',
  prepaid_card: 'a prepaid card',
  account_money: 'Mercado Pago account money',
  ticket: 'boleto',
  bank_transfer: 'bank transfer (Pix)',
  digital_currency: 'Mercado Crédito',
}
const paidWith = (t) => PAYMENT[t] ?? (t ? t.replace(/_/g, ' ') : 'an unknown method')

/** Checkout Pro's rule for Meta and Google: only a payment approved instantly. */
function adRule(st, t, s) {
  if (st === 'rejected') return { yes: false, why: 'the payment was declined: not a sale' }
  if (st === undefined) return { yes: false, why: 'came back without paying: there is no payment' }
  if (st !== 'approved') return { yes: false, why: `payment ${st}${t === 'ticket' ? ' (boleto not paid yet)' : ''}: Checkout Pro reports only payments approved instantly` }
  if (t === 'digital_currency' && !['MLA', 'MLB'].includes(s)) return { yes: false, why: `Mercado Crédito counts only on MLA/MLB (this return is site ${s ?? 'unknown'})` }
  if (t === 'digital_currency') return { yes: true, why: `Mercado Crédito on ${s} is approved instantly` }
  if (['credit_card', 'debit_card', 'account_money'].includes(t)) return { yes: true, why: `approved instantly with ${paidWith(t)}` }
  return { yes: false, why: `paid with ${paidWith(t)}: not an instant approval` }
}

// Remember this order's Mercado Pago return: the tracker keeps a hold for the order on this
// device, so a later visit without return parameters is judged by it too.
if (saved && isReturn) saveOrder({ ...saved, mp: { status: status ?? null, type: type ?? null, site: site ?? null, at: new Date().toISOString() } })
// The tracker remembers a hold that stands (pending, in process, not instant); a declined payment or
// a return without one is not remembered, because the shopper may still pay (src/tracker.ts finalHold).
const earlier = saved && !isReturn ? saved.mp : undefined
const standingHold = (mp) => !!mp?.status && mp.status !== 'rejected' && mp.status !== 'cancelled'
// The tracker also keeps the last Mercado Pago return for an hour in this tab (sessionStorage
// adb_mp_return, src/landing/mercadopago-return.ts): in the same tab, a page without the parameters
// is judged by that return, declined or unpaid ones included.
const tabReturn = (() => {
  if (!ref || isReturn) return undefined
  try {
    const r = JSON.parse(sessionStorage.getItem('adb_mp_return') || 'null')
    if (!r || typeof r.at !== 'number' || Date.now() - r.at > 60 * 60 * 1000 || typeof r.q !== 'string') return undefined
    const q = new URLSearchParams(r.q)
    const get = (k) => (q.get(k) && q.get(k) !== 'null' ? q.get(k) : undefined)
    const ret = { status: get('collection_status') ?? get('status'), payment_type: get('payment_type'), external_reference: get('external_reference'), site_id: get('site_id')?.toUpperCase() }
    return !ret.external_reference || ret.external_reference === ref ? ret : undefined
  } catch {
    return undefined
  }
})()
const earlierHold = earlier && standingHold(earlier) && !adRule(earlier.status, earlier.type ?? undefined, earlier.site ?? undefined).yes ? earlier : undefined

// ---------- banner ----------
/** An order opened without return parameters: it looks like its Mercado Pago return, if it had one. */
function placedBanner() {
  const noParams = 'no Mercado Pago return parameters on this URL'
  if (!earlier) return ['approved', '✓', 'Order placed', `Order ${ref} is confirmed (${noParams}).`]
  const how = `${earlier.type ? ` with ${paidWith(earlier.type)}` : ''}`
  if (earlier.status === 'approved') return ['approved', '✓', 'Payment approved', `Order ${ref} is confirmed, paid${how} (${noParams}; its Mercado Pago return was approved).`]
  if (earlier.status === 'pending' || earlier.status === 'in_process')
    return ['pending', '…', earlier.status === 'pending' ? 'Payment pending' : 'Payment in process', `Order ${ref} is placed; its Mercado Pago return was ${earlier.status}${how} (${noParams}, so this page cannot tell whether it has been paid since).`]
  const later = tabReturn
    ? 'This tab came back from Mercado Pago less than an hour ago, so the tracker still judges the page by that return; in another tab or later it counts as a sale (the shopper may still pay).'
    : 'The shopper may still pay, so the tracker treats this page as an ordinary sale.'
  if (earlier.status === 'rejected') return ['none', '!', 'Order placed, payment declined earlier', `Order ${ref} came back from Mercado Pago declined (${noParams}). ${later}`]
  return ['none', '!', 'Order placed, not paid through Mercado Pago', `Order ${ref} came back from Mercado Pago without a payment (${noParams}). ${later}`]
}

const banner = {
  'no-order': ['none', '–', 'No order on this page', 'Place an order from the checkout to see its confirmation here.'],
  approved: ['approved', '✓', 'Payment approved', `Order ${ref} is confirmed, paid with ${paidWith(type)}.`],
  pending: ['pending', '…', 'Payment pending', `Order ${ref} is placed; Mercado Pago is waiting for the ${type === 'ticket' ? 'boleto to be paid' : 'payment'}.`],
  in_process: ['pending', '…', 'Payment in process', `Order ${ref} is placed; the payment is under review.`],
  rejected: ['rejected', '✕', 'Payment declined', `Order ${ref} was not paid.`],
  placed: placedBanner(),
}[status ?? ''] ?? ['none', '?', 'You came back without paying', `Order ${ref} has no payment: Mercado Pago sent status, payment_id and the other payment fields as the string "null".`]

document.getElementById('status').innerHTML = `<div class="status-banner ${banner[0]}" data-testid="status-${esc(status ?? 'none')}">
  <span class="icon">${banner[1]}</span><div><h1>${esc(banner[2])}</h1><p>${esc(banner[3])}</p></div></div>`

// ---------- order lines ----------
if (!ref) {
  document.getElementById('order-lines').innerHTML = `<p class="muted">No order id in this URL. <a href="/demo/checkout.html">Go to the checkout</a> to place one.</p>`
} else if (!saved) {
  document.getElementById('order-lines').innerHTML = `<p class="notice">No saved order ${esc(ref)} in this browser: place one from the <a href="/demo/checkout.html">checkout</a>. Without it there is no <code>data-adbeacon-order</code> block and nothing is sent.</p>`
} else {
  const o = saved.order
  const total = round2(o.items.reduce((s, it) => s + it.promotional_price * it.quantity, 0))
  document.getElementById('order-lines').innerHTML = `
    ${o.items.map((it) => `<div class="line-item" style="grid-template-columns:56px minmax(0,1fr) auto">
      <img src="${esc(productImage(it.sku))}" alt="" width="56" height="56">
      <div><strong>${esc(it.name)}</strong><div class="muted mono" style="font-size:12px">sku ${esc(it.sku)} · ${it.quantity} × ${brl(it.promotional_price)} (from ${brl(it.price)})</div></div>
      <strong>${brl(round2(it.promotional_price * it.quantity))}</strong></div>`).join('')}
    <div class="summary"><div class="row total"><span>Total</span><span>${brl(total)}</span></div></div>
    <p class="muted" style="font-size:13px">Shopper: ${esc(o.email ?? '')}${saved.customer_id ? ` · customer id <code>${esc(saved.customer_id)}</code>` : ' · not signed in'}</p>`
  // The sale is done (or waiting for a boleto): the store empties the cart. A declined payment keeps it.
  if (status !== 'rejected' && status !== undefined) setCart([])
}

// ---------- what adbeacon should do (the demo's rule) ----------
function expectations() {
  if (!ref) return null
  if (!saved) return { vtex: { yes: false, why: 'no order block on this page' }, meta: { yes: false, why: 'no order block on this page' }, google: { yes: false, why: 'no order block on this page' } }
  const vtex =
    status === 'rejected' ? { yes: false, why: 'a declined payment is not a sale' }
      : status === undefined ? { yes: false, why: 'came back without paying: no sale' }
        : { yes: true, why: 'every sale counts (approved or pending): one conversion' }
  let ad
  if (status === 'placed' && tabReturn) {
    const tab = 'this tab came back from Mercado Pago less than an hour ago and the tracker keeps that return for the tab'
    const st = tabReturn.status
    const v = st === 'rejected' ? { yes: false, why: `${tab}: declined, not a sale` } : !st ? { yes: false, why: `${tab}: without a payment, no sale` } : { yes: true, why: `${tab}: every sale counts` }
    const a = adRule(st, tabReturn.payment_type, tabReturn.site_id)
    return { vtex: v, meta: { yes: a.yes, why: `${tab}: ${a.why}` }, google: { yes: a.yes, why: `${tab}: ${a.why}` } }
  }
  if (status === 'placed') {
    ad = earlierHold
      ? { yes: false, why: `this order came back from Mercado Pago ${earlierHold.status ?? 'without a payment'}${earlierHold.type ? ` (${paidWith(earlierHold.type)})` : ''}: the hold stays for it on this device, even without return parameters` }
      : earlier
        ? { yes: true, why: `no Mercado Pago return on this URL and no hold for this order (its return was ${earlier.status ?? 'without a payment'}: the shopper may still pay): an ordinary sale` }
        : { yes: true, why: 'no Mercado Pago return on this URL: an ordinary sale' }
  } else ad = adRule(status, type, site)
  return { vtex, meta: ad, google: ad }
}

const DESTS = [
  ['vtex', 'VTEX', 'one conversion'],
  ['meta', 'Meta', 'Purchase, eventID = order id'],
  ['google', 'Google', 'conversion, transaction id = order id'],
]
const STATUS_WORD = { sent: 'sent', queued: 'queued (outbox)', duplicate: 'already reported', held: 'held', skipped: 'skipped', failed: 'failed', invalid: 'invalid' }
const reported = (s) => s === 'sent' || s === 'queued' || s === 'duplicate'

function render(decision, waitedMs) {
  const box = document.getElementById('expect')
  const exp = expectations()
  if (!exp) {
    box.innerHTML = '<li><span></span><span class="muted">No order on this page: adbeacon has nothing to report.</span></li>'
    return
  }
  const head = decision
    ? `<li class="decided"><span></span><span class="muted" style="font-size:13px">Tracker: <b class="mono">${esc(decision.status)}</b> · from <code>debugState()</code></span></li>`
    : `<li><span></span><span class="muted" style="font-size:13px">${waitedMs > 4000 ? '⚠ The tracker made no decision for this order: did adbeacon.js load? See the console.' : 'Waiting for the tracker’s decision…'}</span></li>`
  box.innerHTML = head + DESTS.map(([d, label, what]) => {
    const e = exp[d]
    const r = decision?.destinations?.[d]
    const actual = r
      ? `<span class="${reported(r.status) ? 'yes' : 'no'}">${esc(STATUS_WORD[r.status] ?? r.status)}</span>${r.reason ? ` · ${esc(r.reason)}` : reported(r.status) ? ` · ${esc(what)}` : ''}`
      : decision
        ? `<span class="no">${decision.status === 'invalid' ? 'invalid' : 'not sent'}</span>${decision.status === 'invalid' ? ' · the order had errors' : ''}`
        : '<span class="muted">…</span>'
    const agrees = !decision || (r ? reported(r.status) : false) === e.yes
    return `<li data-dest="${d}" data-status="${esc(r?.status ?? decision?.status ?? 'waiting')}"><span class="dest ${d}">${label}</span><span>
      <span class="actual">${actual}</span>
      <span class="rule-line${agrees ? '' : ' differs'}">${agrees ? '' : '⚠ differs from '}expected: ${e.yes ? 'yes' : 'no'} · ${esc(e.why)}</span></span></li>`
  }).join('') + (decision?.errors?.length ? `<li><span></span><ul class="dec-errors">${decision.errors.map((x) => `<li><code>${esc(x.instancePath || '/')}</code> ${esc(x.message)}</li>`).join('')}</ul></li>` : '') +
    `<li><span></span><span class="muted" style="font-size:13px" data-testid="reload-hint">${reloadHint(exp)}</span></li>`
}

/** What a reload of this page should show: a reported order is not reported again, a held one stays held. */
function reloadHint(exp) {
  const names = (want) => DESTS.filter(([d]) => exp[d].yes === want).map(([, label]) => label)
  const list = (xs) => (xs.length > 1 ? `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}` : xs[0])
  const yes = names(true)
  const no = names(false)
  if (!saved) return 'Reload this page: still nothing to send without the order block.'
  if (!yes.length) return 'Reload this page: still nothing is sent; the tracker answers <i>held</i> again for all three.'
  return `Reload this page: nothing new is sent (one report per order id); the tracker then answers <i>already reported</i> for ${list(yes)}${no.length ? ` and <i>held</i> for ${list(no)}` : ''}.`
}

const started = Date.now()
let last = ''
function poll() {
  let decision
  try {
    const list = window.adbeacon?.debugState?.().conversions || []
    decision = [...list].reverse().find((c) => c.order_id === ref) ?? (list.length && !ref ? list[list.length - 1] : undefined)
  } catch {
    decision = undefined
  }
  const waited = Date.now() - started
  const key = JSON.stringify([decision ?? null, waited > 4000])
  if (key !== last) {
    last = key
    render(decision, waited)
  }
}
poll()
setInterval(poll, 400)

// Only what Mercado Pago appended: the demo's own ?order= (an order placed without Mercado Pago,
// or reopened later) is not a return parameter.
const rows = [...params.entries()].filter(([k]) => k !== 'order')
document.getElementById('mp-params').innerHTML = rows.length
  ? rows.map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}${v === 'null' ? ' <span class="muted">(the string "null")</span>' : ''}</td></tr>`).join('')
  : `<tr><td colspan="2" class="none">None: this URL is not a Mercado Pago return${params.has('order') ? ` (<code>?order=</code> is the demo's own link to the order)` : ''}${earlier ? `. Its return, saved by this browser: ${esc(earlier.status ?? 'no payment')}${earlier.type ? ` · ${esc(earlier.type)}` : ''}${earlier.site ? ` · ${esc(earlier.site)}` : ''}` : ''}.</td></tr>`
