// Takes the screenshots of the demo store with its inspector, in real Chromium:
//   npm run build && node scripts/screenshot.mjs
// Starts the demo (Vite + the local collector on free ports) and, at 1280×800, 1100×800 and
// 390×844, walks a shopper from an ad landing through search, an ad click, the cart and an
// approved Mercado Pago return. It saves
//   docs/demo.png                   1280: the order confirmation, the inspector showing the conversion
//   docs/demo-search.png            1280: the search page with its sponsored products and the ad events
//   docs/demo-<w>.png               home with the inspector open (390: folded into its tab)
//   docs/demo-checkout-<w>.png      checkout, the Mercado Pago buttons
//   docs/demo-confirmation-<w>.png  1100 and 390: the order confirmation
//   docs/demo-inspector-390.png     390: the confirmation with the inspector open (full screen)
// and checks each page's layout on the way (nothing wider than the window or its card, nothing
// under the open inspector or its tab, no destination pill too narrow for its word): a problem is
// printed and makes the script exit with 1.
//
// Then the QA inspector of adbeacon-debug.js over a plain store page (not the demo: a page of its
// own, served with a strict Content-Security-Policy), opened by ?adbeacon_debug=1, at 1280×800 and
// 390×844: docs/overlay-desktop.png and docs/overlay-mobile.png (requests, ads outlined; on the
// desktop the conversion's body),
// docs/overlay-desktop-sales.png and docs/overlay-mobile-sales.png (the sale held by Mercado
// Pago's rule). `node scripts/screenshot.mjs --overlay` takes only these.
import { createServer as createHttpServer } from 'node:http'
import { mkdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { chromium } from 'playwright-core'
import { createServer } from 'vite'

const root = resolve(import.meta.dirname ?? new URL('..', import.meta.url).pathname, '..')
const out = (name) => resolve(root, 'docs', name)
const SIZES = [[1280, 800], [1100, 800], [390, 844]]
const LANDING = '/?naid=6d2d8837-bf5a-4ba4-90d2-5546cb18d5ce&ncid=0d675bf6-03f6-4b81-9617-e79dffddc3ab&gclid=Cj0KCQiA_demoGclid123&fbclid=IwAR2demo_FbClid-xyz&utm_source=newsletter&utm_medium=email&utm_campaign=summer-care'
mkdirSync(resolve(root, 'docs'), { recursive: true })

// The plugin reads these when the server starts: any free port, and no request log.
process.env.COLLECTOR_PORT ??= '0'
process.env.COLLECTOR_LOG ??= '0'
const server = await createServer({
  configFile: resolve(root, 'demo/vite.config.ts'),
  root,
  logLevel: 'warn',
  server: { port: 0, host: '127.0.0.1', hmr: false },
})
await server.listen()
const { port } = server.httpServer.address()
const origin = `http://127.0.0.1:${port}`
const { collector } = await (await fetch(`${origin}/__demo/config.json`)).json()

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu', '--disable-quic'],
})


/** Layout problems on the page as it is now (runs in the page). */
function layoutProblems() {
  const problems = []
  const box = (el) => el.getBoundingClientRect()
  const meets = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5
  const name = (el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${[...el.classList].join('.')}` : ''} "${(el.textContent || '').trim().slice(0, 24)}"`
  const doc = document.documentElement
  if (doc.scrollWidth > doc.clientWidth) problems.push(`page scrolls sideways by ${doc.scrollWidth - doc.clientWidth}px`)
  const drawer = document.querySelector('.adbi.open .adbi-panel') || document.querySelector('.adbi:not(.open) .adbi-tab')
  const full = drawer && box(drawer).width >= innerWidth - 1 // the open drawer on a phone is the whole screen
  if (drawer && !full) {
    for (const el of document.querySelectorAll('.site-header a, .site-header button, .site-header input, .summary .row, #mp-grid button, .mp-extra button, .btn, main h1, .status-banner'))
      if (el.getClientRects().length && meets(box(el), box(drawer))) problems.push(`${name(el)} is under the inspector`)
  }
  for (const card of document.querySelectorAll('main .card, main .mp-panel')) {
    const c = box(card)
    for (const el of card.querySelectorAll('*')) {
      const b = box(el)
      if (b.width && (b.right > c.right + 0.5 || b.left < c.left - 0.5)) problems.push(`${name(el)} sticks out of ${name(card)} by ${Math.round(Math.max(b.right - c.right, c.left - b.left))}px`)
    }
  }
  for (const pill of document.querySelectorAll('.adbi-dest, .dest'))
    if (pill.getClientRects().length && pill.scrollWidth > pill.clientWidth) problems.push(`pill "${pill.textContent}" needs ${pill.scrollWidth}px, has ${pill.clientWidth}px`)
  return problems
}

let failures = 0
async function check(page, what) {
  const problems = await page.evaluate(layoutProblems)
  for (const p of problems.slice(0, 8)) console.error(`  layout ${what}: ${p}`)
  failures += problems.length
}

try {
  for (const [width, height] of process.argv.includes('--overlay') ? [] : SIZES) {
    await fetch(`${collector}/__collector/clear`, { method: 'POST' })
    const phone = width < 640
    const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, locale: 'en-US', isMobile: phone, hasTouch: phone })
    const page = await context.newPage()
    page.on('pageerror', (e) => console.error('[page error]', e.message))
    const loaded = () => page.waitForFunction(() => window.adbeacon?.loaded === true, null, { timeout: 10_000 })
    const settle = (ms = 400) => page.waitForTimeout(ms)
    const shot = async (name, what) => {
      await check(page, `${what} ${width}×${height}`)
      await page.screenshot({ path: out(name) })
      console.log('saved', out(name))
    }

    // An ad click from elsewhere lands on the home page (the inspector starts open from 1100 px).
    await page.goto(`${origin}${LANDING}`)
    await loaded()
    await settle(800)
    await shot(`demo-${width}.png`, 'home')

    // Search: banner, sponsored brand, sponsored products; let the views count (1 s at 50%).
    await page.goto(`${origin}/demo/search.html?q=deodorant`)
    await page.waitForSelector('body[data-ads-ready="true"]')
    await page.waitForTimeout(1800)
    if (width === 1280) {
      await page.mouse.wheel(0, 420)
      await page.waitForTimeout(1500)
      await page.mouse.wheel(0, -160)
      await settle(600)
      await shot('demo-search.png', 'search')
    } else await check(page, `search ${width}×${height}`)

    // Click the first sponsored product, buy it, go to the checkout.
    const card = page.locator('[data-testid="product-ad"]').first()
    await card.scrollIntoViewIfNeeded()
    await Promise.all([page.waitForURL(/product\.html/), card.click()])
    await check(page, `product ${width}×${height}`)
    await page.click('#add-to-cart')
    await page.waitForURL(/cart\.html/)
    await check(page, `cart ${width}×${height}`)
    await page.click('#go-checkout')
    await page.waitForURL(/checkout\.html/)
    await loaded()
    // The Mercado Pago panel at the top of the window, below the sticky header.
    await page.evaluate(() => {
      const panel = document.getElementById('mp-panel')
      const header = document.querySelector('.site-header')
      window.scrollTo(0, panel.getBoundingClientRect().top + window.scrollY - (header?.offsetHeight ?? 0) - 12)
    })
    await settle(600)
    await shot(`demo-checkout-${width}.png`, 'checkout')

    // Pay by card: the confirmation page.
    await Promise.all([page.waitForURL(/confirmation\.html/), page.click('[data-testid="mp-approved-credit_card"]')])
    await loaded()
    await page.waitForFunction(() => document.querySelector('.adbi-ev[data-dest="vtex"][data-kind="conversion"]'), null, { timeout: 10_000 })
    await settle(1500)
    // Keep the VTEX conversion open; fold the Meta and Google rows so that it fits.
    await page.evaluate(() => {
      const conv = document.querySelector('.adbi-ev[data-dest="vtex"][data-kind="conversion"]')
      document.querySelectorAll('.adbi-ev').forEach((d) => { d.open = d === conv })
      document.querySelectorAll('.adbi-ev.fresh').forEach((d) => d.classList.remove('fresh'))
    })
    await settle(300)
    await shot(width === 1280 ? 'demo.png' : `demo-confirmation-${width}.png`, 'confirmation')
    if (phone) {
      // Scrolled to the order total and the tracker's decision, then the inspector opened.
      await page.evaluate(() => document.querySelector('.summary .row.total')?.scrollIntoView({ block: 'center' }))
      await settle(300)
      await check(page, `confirmation scrolled ${width}×${height}`)
      await page.evaluate(() => window.scrollTo(0, 0))
      await page.click('.adbi-tab')
      await settle(500)
      await shot(`demo-inspector-${width}.png`, 'inspector')
      // Fold it again: the choice is remembered per browser, and this one closes now anyway.
      await page.click('.adbi-head [data-action="toggle"]')
    }
    await context.close()
  }
  await overlayShots()
} finally {
  await browser.close()
  await server.close()
}
if (failures) {
  console.error(`${failures} layout problem${failures === 1 ? '' : 's'} (see above)`)
  process.exitCode = 1
}

/** A plain store's checkout (not the demo), served with a strict CSP: its own origin, the collector for everything adbeacon sends. */
async function plainStore() {
  const res = await fetch(`${collector}/v1/rma/demo-publisher`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ session_id: 'server-side', context: 'home', channel: 'site', placements: { home: { quantity: 4, types: ['product'] } } }),
  })
  const ads = (await res.json()).home
  const brl = (n) => 'R$ ' + n.toFixed(2).replace('.', ',')
  const card = (ad, i) => {
    const bind = i < 2 ? `data-ad-id="${ad.ad_id}"` : `data-ad-impression-url="${ad.impression_url}" data-ad-view-url="${ad.view_url}" data-ad-click-url="${ad.click_url}"`
    return `<article class="card" ${bind}><a href="#p${i}"><img src="${ad.image_url}" alt=""><span class="tag">Sponsored</span><b>${ad.product_name}</b><s>${brl(ad.product_metadata.price)}</s> <em>${brl(ad.product_metadata.promotional_price)}</em></a></article>`
  }
  const order = { order_id: 'CV-1001', email: 'ana@example.com', phone: '+55 11 99999-0000', first_name: 'Ana', last_name: 'Lima', items: [{ sku: 'CV-77', quantity: 1, price: 59.9, promotional_price: 49.9 }], value: 49.9, currency: 'BRL' }
  const css = `body{margin:0;font:15px/1.5 Georgia,serif;color:#1f2a1f;background:#fbfaf5}
header{display:flex;justify-content:space-between;align-items:center;padding:14px 28px;background:#2f4f3a;color:#fff}
header b{font-size:22px;letter-spacing:.02em}header nav{display:flex;gap:18px;font:14px system-ui,sans-serif}
main{max-width:1120px;margin:0 auto;padding:20px 28px}
.order{display:flex;flex-wrap:wrap;gap:12px 24px;align-items:center;background:#fff;border:1px solid #e4e0d2;border-radius:10px;padding:16px 20px}
.order h1{font-size:22px;margin:0;flex:1 1 100%}.order p{margin:0;flex:1}
#place{font:600 15px system-ui,sans-serif;background:#2f4f3a;color:#fff;border:0;border-radius:8px;padding:10px 22px}
h2{font-size:18px;margin:24px 0 10px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:14px}
.card{background:#fff;border:1px solid #e4e0d2;border-radius:10px;padding:10px}
.card a{color:inherit;text-decoration:none;display:grid;gap:2px;font:13px system-ui,sans-serif}
.card img{width:100%;aspect-ratio:1;object-fit:contain;background:#f3f1e8;border-radius:6px}
.tag{color:#8a7d55;font-size:11px;text-transform:uppercase;letter-spacing:.05em}.card s{color:#999}.card em{font-style:normal;font-weight:700}
.review{color:#6b6b60;font-style:italic;margin-top:20px}`
  const js = `window.adbeacon = window.adbeacon || function () { (adbeacon.q = adbeacon.q || []).push(arguments) }
adbeacon('ads', ${JSON.stringify({ home: ads.slice(0, 2) })})
document.addEventListener('click', function (e) {
  if (e.target.id != 'place') return
  adbeacon('conversion', ${JSON.stringify(order)})
  document.querySelector('.order h1').textContent = 'Thank you, Ana! Order CV-1001 is confirmed.'
  document.querySelector('.order p').textContent = 'Boleto: pay it within 3 days. We will e-mail you when the payment clears.'
  e.target.remove()
})`
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Casa Verde · checkout</title>
<link rel="stylesheet" href="/store.css"><script src="/store.js"></script>
<script async src="/adbeacon.js" data-publisher-id="demo-publisher" data-currency="BRL" data-default-country="BR"
 data-conversion-url="${collector}/v1/beacon/conversion" data-event-hosts="${new URL(collector).host}"
 data-facebook-pixel-id="1234567890" data-google-conversion-id="AW-123456789" data-google-conversion-label="demoLabel"
 data-meta-endpoint="${collector}/tr" data-google-endpoint="${collector}/pagead/conversion/"></script></head>
<body><header><b>Casa Verde</b><nav><span>Garden</span><span>Kitchen</span><span>Cart (1)</span></nav></header>
<main><section class="order"><h1>Review and pay</h1><p>Ceramic planter, 1 × <b>R$ 49,90</b> · paid with boleto through Mercado Pago</p><button id="place" type="button">Place order</button></section>
<h2>Sponsored for you</h2><section class="grid">${ads.map(card).join('')}</section>
<p class="review" data-ad-impression-url="https://reviews.example/v1/beacon/impression/planted">“Lovely planter!” (a review whose markup carries a planted ad URL)</p></main></body></html>`
  const files = { '/favicon.ico': ['image/x-icon', ''], '/store.css': ['text/css', css], '/store.js': ['text/javascript', js], '/checkout.html': ['text/html; charset=utf-8', html] }
  const http = createHttpServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname
    const file = files[path] ?? (/^\/adbeacon[\w.-]*\.js$/.test(path) ? ['text/javascript', readFileSync(resolve(root, 'dist', path.slice(1)))] : undefined)
    if (!file) return res.writeHead(404).end()
    res.writeHead(200, { 'content-type': file[0], 'cache-control': 'no-store', 'content-security-policy': `default-src 'self'; img-src 'self' ${collector}; connect-src 'self' ${collector}` })
    res.end(file[1])
  })
  await new Promise((ok) => http.listen(0, '127.0.0.1', ok))
  return { origin: `http://127.0.0.1:${http.address().port}`, close: () => http.close() }
}

/** The inspector on the plain store: requests with the conversion open and the ads outlined, then the held sale. */
async function overlayShots() {
  const store = await plainStore()
  // Checkout Pro's back URL for a boleto left pending: Meta and Google must not be told.
  const pending = 'collection_id=123456789&collection_status=pending&payment_id=123456789&status=pending&external_reference=CV-1001&payment_type=ticket&merchant_order_id=987&preference_id=111-aaa&site_id=MLB'
  try {
    for (const [width, height, name] of [[1280, 800, 'desktop'], [390, 844, 'mobile']]) {
      const phone = width < 640
      const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, locale: 'en-US', isMobile: phone, hasTouch: phone })
      const page = await context.newPage()
      page.on('pageerror', (e) => { console.error('[page error]', e.message); failures++ })
      page.on('console', (m) => { if (m.type() === 'error') { console.error('[console error]', m.text()); failures++ } })
      const inspector = page.locator('adbeacon-inspector')
      await page.goto(`${store.origin}/checkout.html?adbeacon_debug=1&${pending}`)
      await inspector.locator('.panel').waitFor()
      // The views (a second at 50%), an ad click, then the order.
      await page.waitForTimeout(2200)
      if (!phone) {
        // Docked on the right, clear of the first cards; the first card clicked.
        await inspector.locator('header button[title="Move to the other side"]').click()
        await page.locator('.card a').first().click()
      }
      await page.click('#place')
      await inspector.locator('.row', { hasText: 'conversion' }).waitFor()
      // On the desktop the conversion opened on its body; on the phone the list.
      if (!phone) await inspector.locator('.row', { hasText: 'conversion' }).click()
      await inspector.locator('header button', { hasText: 'Outline ads' }).click()
      await page.waitForTimeout(700)
      await page.screenshot({ path: out(`overlay-${name}.png`) })
      console.log('saved', out(`overlay-${name}.png`))
      await inspector.locator('nav button', { hasText: 'Sales' }).click()
      await page.waitForTimeout(400)
      await page.screenshot({ path: out(`overlay-${name}-sales.png`) })
      console.log('saved', out(`overlay-${name}-sales.png`))
      await context.close()
    }
  } finally {
    store.close()
  }
}
