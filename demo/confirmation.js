// The order-confirmation hook, as a store's server would render it:
//   <script type="application/json" data-adbeacon-order>{…order…}</script>
// The demo has no server, so this classic script (parser-blocking, placed before adbeacon.js)
// writes the block from what the checkout saved, while the page is still being parsed: the
// tracker finds it whenever it runs. No inline script, so a strict CSP would still hold.
(function () {
  var params = new URLSearchParams(location.search)
  var ref = params.get('external_reference') || params.get('order')
  if (!ref || ref === 'null') return
  var saved
  try {
    saved = (JSON.parse(localStorage.getItem('demo_orders') || '{}') || {})[ref]
  } catch (e) {
    saved = undefined
  }
  if (!saved || !saved.order) return
  window.adbeacon = window.adbeacon || function () { (window.adbeacon.q = window.adbeacon.q || []).push(arguments) }
  // The signed-in shopper's customer id, before the order (the queue keeps the order of calls).
  // A guest order: whoever signed in earlier on this device is not this order's customer.
  window.adbeacon('identify', saved.customer_id || null)
  var block = document.createElement('script')
  block.type = 'application/json'
  block.setAttribute('data-adbeacon-order', '')
  block.textContent = JSON.stringify(saved.order).replace(/</g, '\\u003c')
  document.head.appendChild(block)
})()
