import { brl, cartLines, cartTotal, esc, getCart, productImage, round2, setCart } from './store.js'

function render() {
  const lines = cartLines()
  const box = document.getElementById('cart-lines')
  const summary = document.getElementById('cart-summary')
  if (!lines.length) {
    box.innerHTML = `<div class="empty"><h2>Your cart is empty</h2><p>Find something in the <a href="/demo/search.html?q=deodorant">search</a>.</p></div>`
    summary.innerHTML = `<h2>Summary</h2><p class="muted">Nothing yet.</p>`
    return
  }
  box.innerHTML = lines
    .map((l) => `<div class="line-item" data-sku="${esc(l.sku)}">
      <img src="${esc(productImage(l.sku))}" alt="" width="72" height="72">
      <div><a href="/demo/product.html?sku=${esc(l.sku)}"><strong>${esc(l.product.name)}</strong></a><div class="muted" style="font-size:13px">${brl(l.product.promotional_price)} each · SKU ${esc(l.sku)}</div>
        <button class="remove" data-remove="${esc(l.sku)}" type="button">Remove</button></div>
      <div class="qty"><button type="button" data-step="-1" data-sku="${esc(l.sku)}">−</button><input type="number" value="${l.quantity}" readonly aria-label="Quantity"><button type="button" data-step="1" data-sku="${esc(l.sku)}">+</button></div>
      <strong>${brl(round2(l.product.promotional_price * l.quantity))}</strong>
    </div>`)
    .join('')
  const listTotal = round2(lines.reduce((s, l) => s + l.product.price * l.quantity, 0))
  const total = cartTotal()
  summary.innerHTML = `<h2>Summary</h2>
    <div class="row"><span>Items (${lines.reduce((s, l) => s + l.quantity, 0)})</span><span>${brl(listTotal)}</span></div>
    <div class="row"><span>Discounts</span><span style="color:var(--sale)">−${brl(round2(listTotal - total))}</span></div>
    <div class="row"><span>Shipping</span><span>Free</span></div>
    <div class="row total"><span>Total</span><span>${brl(total)}</span></div>
    <a class="btn big block" style="margin-top:14px" href="/demo/checkout.html" id="go-checkout">Go to checkout</a>`
}

document.addEventListener('click', (e) => {
  const t = e.target.closest('button')
  if (!t) return
  const cart = getCart()
  if (t.dataset.remove) setCart(cart.filter((l) => l.sku !== t.dataset.remove))
  else if (t.dataset.step && t.dataset.sku) {
    const line = cart.find((l) => l.sku === t.dataset.sku)
    if (line) line.quantity = Math.max(0, line.quantity + Number(t.dataset.step))
    setCart(cart.filter((l) => l.quantity > 0))
  } else return
  render()
})

render()
