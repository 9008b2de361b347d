// Issue 12 in real Chromium: the QA inspector over a plain store page (not the demo) served with a
// strict Content-Security-Policy: no inline script or style anywhere, the collector allowed in
// connect-src only. The shopper is back from a Mercado Pago payment left pending; sponsored
// products are bound both ways (data-ad-id + ads() from the store's own script, and
// data-ad-*-url attributes) and one review carries a planted event URL. On the checkout page the
// store's script reports the sale when the shopper places the order (after the inspector is up,
// so every body is seen); the confirmation page has the server-rendered order block instead.
import { describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { useHarness } from './support/harness'

interface ProductAd { ad_id: string; product_sku: string; impression_url: string; view_url: string; click_url: string }

const VIEWPORT = { width: 1280, height: 800 }
const ORDER = {
  order_id: 'QA-1001',
  email: 'ana@example.com',
  items: [{ sku: 'SKU-1', quantity: 1, price: 59.9, promotional_price: 49.9 }],
  value: 49.9,
  currency: 'BRL',
}
// Checkout Pro's back URL for a boleto left pending: Meta and Google must not be told.
const PENDING = 'collection_id=123456789&collection_status=pending&payment_id=123456789&status=pending&external_reference=QA-1001&payment_type=ticket&merchant_order_id=987&preference_id=111-aaa&site_id=MLB&processing_mode=aggregator'

let ads: ProductAd[]

const STORE_CSS = `
body { margin: 0; font: 16px/1.5 sans-serif; color: #222 }
header { display: flex; justify-content: space-between; padding: 16px 24px; background: #f4f4f5 }
main { max-width: 1100px; margin: 0 auto; padding: 24px }
.grid { display: grid; grid-template-columns: repeat(4, 1fr); gap: 16px }
.card { border: 1px solid #ddd; border-radius: 8px; padding: 12px; height: 160px }
.review { color: #666; margin-top: 24px }
/* A store's broad rules, which must not reach into the inspector nor move it. */
* { box-sizing: border-box }
div, section, button { font-family: serif }
button { background: yellow; position: static }
`

/**
 * The store's own script: the Get ads answer its back end rendered, given to adbeacon by the stub;
 * "Place order" reports the sale, "QA" asks for the inspector.
 */
const storeJs = () => `window.adbeacon = window.adbeacon || function () { (adbeacon.q = adbeacon.q || []).push(arguments) }
adbeacon('ads', ${JSON.stringify({ home: ads.slice(0, 2) })})
document.addEventListener('click', function (e) {
  if (e.target.id == 'place') adbeacon('conversion', ${JSON.stringify(ORDER)})
  if (e.target.id == 'qa') adbeacon('debug', true)
})`

const csp = (connect: string) => `default-src 'self'; connect-src 'self' ${connect}`

function page(title: string, body: string, connect = env.collector.origin) {
  const port = new URL(env.collector.origin).port
  const card = (ad: ProductAd, i: number) =>
    i < 2
      ? `<article class="card" id="card-${i}" data-ad-id="${ad.ad_id}"><a href="#p${i}">Product ${i}</a></article>`
      : `<article class="card" id="card-${i}" data-ad-impression-url="${ad.impression_url}" data-ad-view-url="${ad.view_url}" data-ad-click-url="${ad.click_url}"><a href="#p${i}">Product ${i}</a></article>`
  return {
    headers: { 'content-security-policy': csp(connect) },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<link rel="stylesheet" href="/store.css">
<script src="/store.js"></script>
<script async src="/adbeacon.js" data-publisher-id="pub-123456" data-currency="BRL"
  data-conversion-url="${env.collector.origin}/v1/beacon/conversion" data-event-hosts="127.0.0.1:${port}"
  data-facebook-pixel-id="1234567890" data-google-conversion-id="AW-123456789" data-google-conversion-label="abcLabel"
  data-meta-endpoint="${env.collector.origin}/tr" data-google-endpoint="${env.collector.origin}/pagead/conversion/"></script>
${body}
</head><body>
<header><a href="/">Plain Store</a><span><button id="qa">QA</button> <button id="place">Place order</button></span></header>
<main><h1>${title}</h1>
<section class="grid">${ads.slice(0, 4).map(card).join('')}</section>
<p class="review" id="review" data-ad-impression-url="https://evil.example/v1/beacon/impression/planted">Great shoes! (a review with a planted attribute)</p>
</main></body></html>`,
  }
}

const ORDER_BLOCK = `<script type="application/json" data-adbeacon-order>${JSON.stringify(ORDER)}</script>`

const env = useHarness({
  setup: async (collector) => {
    const res = await fetch(`${collector.origin}/v1/rma/pub-123456`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ session_id: 'server-side', context: 'home', channel: 'site', placements: { home: { quantity: 4, types: ['product'] } } }),
    })
    ads = ((await res.json()) as { home: ProductAd[] }).home
  },
  routes: () => ({
    '/store.css': { body: STORE_CSS, type: 'text/css' },
    '/store.js': () => ({ body: storeJs(), type: 'text/javascript' }),
    '/favicon.ico': { body: '', type: 'image/x-icon' },
    '/checkout.html': () => page('Checkout', ''),
    '/confirmation.html': () => page('Order confirmed', ORDER_BLOCK),
    '/home.html': () => page('Home', ''),
    // The same page with a CSP that forgot the collector.
    '/blocked.html': () => page('Home', '', ''),
  }),
})

interface Watched { ctx: BrowserContext; page: Page; errors: string[]; scripts: string[] }

/** A page whose errors (uncaught, console errors, CSP refusals) and script requests are recorded. */
async function open(): Promise<Watched> {
  const ctx = await env.browser.newContext({ viewport: VIEWPORT })
  const page = await ctx.newPage()
  const errors: string[] = []
  const scripts: string[] = []
  page.on('pageerror', (e) => errors.push(String(e)))
  page.on('console', (m) => m.type() == 'error' && errors.push(m.text()))
  page.on('request', (r) => r.resourceType() == 'script' && scripts.push(new URL(r.url()).pathname))
  return { ctx, page, errors, scripts }
}

/** The boxes of every element of the store's page (not the inspector), in document order. */
const layout = (page: Page) =>
  page.evaluate(() => Array.from(document.body.querySelectorAll('*'), (el) => { const r = el.getBoundingClientRect(); return [el.tagName, r.x, r.y, r.width, r.height] }))

const inspector = (page: Page) => page.locator('adbeacon-inspector')
/** The text of the inspector's open tab. */
const tabText = (page: Page) => inspector(page).locator('.main').innerText()
const showTab = (page: Page, name: string) => inspector(page).locator('nav button', { hasText: name }).click()

describe('the QA inspector over a store page with a strict CSP', () => {
  it('opens with ?adbeacon_debug=1, lists the requests and the held Mercado Pago decision, outlines the ads, and leaves the store layout alone', async () => {
    // The page as shoppers get it: no inspector, and adbeacon-debug.js never requested.
    const plain = await open()
    await plain.page.goto(`${env.site.origin}/checkout.html?${PENDING}`)
    await env.collector.waitFor((e) => e.kind == 'impression')
    const before = await layout(plain.page)
    expect(plain.scripts).toContain('/adbeacon.js')
    expect(plain.scripts).not.toContain('/adbeacon-debug.js')
    expect(await inspector(plain.page).count()).toBe(0)
    await plain.ctx.close()
    env.collector.clear()

    const { ctx, page, errors } = await open()
    await page.goto(`${env.site.origin}/checkout.html?adbeacon_debug=1&${PENDING}`)
    await expect.poll(() => inspector(page).locator('.panel').isVisible()).toBe(true)
    // Its stylesheet applies under the CSP: the panel is fixed over the page, not in its flow.
    expect(await inspector(page).locator('.panel').evaluate((el) => getComputedStyle(el).position)).toBe('fixed')

    // Impressions and views of the four cards (one second in view), a click on one, the order.
    for (const ad of ads.slice(0, 4)) await env.collector.waitFor((e) => e.kind == 'view' && e.adId == ad.ad_id, 10_000)
    await page.click('#card-3 a')
    await env.collector.waitFor((e) => e.kind == 'click')
    await page.click('#place')
    await env.collector.waitFor((e) => e.kind == 'conversion')

    await expect.poll(() => tabText(page), { timeout: 10_000 }).toMatch(/VTEX Ads\s+conversion/)
    const requests = await tabText(page)
    expect(requests.match(/VTEX Ads\s+impression/g)).toHaveLength(4)
    expect(requests.match(/VTEX Ads\s+view/g)).toHaveLength(4)
    expect(requests).toMatch(/VTEX Ads\s+click\s+schema ✓\s+sendBeacon: accepted/)
    // The sale leaves by fetch while the page lives (README "Reliability"): its answer is seen.
    await expect.poll(() => tabText(page), { timeout: 10_000 }).toMatch(/VTEX Ads\s+conversion\s+schema ✓\s+keepalive fetch: answered 202/)
    expect(requests).not.toMatch(/Meta|Google/) // held: nothing was sent to them
    expect(requests).toMatch(/answers cannot be seen here/)

    // The conversion row opens on its URL, how it left and its body, the hashes marked.
    await inspector(page).locator('.row', { hasText: 'conversion' }).click()
    const detail = inspector(page).locator('.detail')
    await expect.poll(() => detail.count()).toBe(1)
    expect(await detail.locator('.url').innerText()).toBe(`${env.collector.origin}/v1/beacon/conversion`)
    expect(await detail.innerText()).toMatch(/"order_id": "QA-1001"/)
    expect(await detail.locator('mark').first().innerText()).toMatch(/^[0-9a-f]{64}$/)
    expect(await detail.innerText()).not.toContain('ana@example.com')

    // The sale: VTEX sent, Meta and Google held by Checkout Pro's rule, with the reason.
    await showTab(page, 'Sales')
    await expect.poll(() => tabText(page)).toMatch(/order QA-1001/)
    const sales = await tabText(page)
    expect(sales).toMatch(/VTEX Ads\s+sent/)
    expect(sales).toMatch(/Meta\s+held\s+payment pending: not reported/)
    expect(sales).toMatch(/Google\s+held\s+payment pending: not reported/)

    // The ads toggle: one outline per bound element, on its box, with its state.
    await inspector(page).locator('header button', { hasText: 'Outline ads' }).click()
    const outlines = inspector(page).locator('.boxes .box')
    await expect.poll(() => outlines.count()).toBe(5)
    const matched = await page.evaluate(() => {
      const boxes = Array.from(document.querySelector('adbeacon-inspector')!.shadowRoot!.querySelectorAll('.box'), (b) => b.getBoundingClientRect())
      const near = (a: DOMRect, b: DOMRect) => Math.abs(a.x - b.x) < 1 && Math.abs(a.y - b.y) < 1 && Math.abs(a.width - b.width) < 1 && Math.abs(a.height - b.height) < 1
      return Array.from(document.querySelectorAll('.card, #review'), (el) => boxes.some((b) => near(b, el.getBoundingClientRect())))
    })
    expect(matched).toEqual([true, true, true, true, true])
    const labels = await outlines.allInnerTexts()
    expect(labels.filter((l) => l == 'view sent')).toHaveLength(3)
    expect(labels).toContain('clicked')
    expect(labels.find((l) => l.startsWith('refused host'))).toMatch(/evil\.example/)

    // The store's layout is the same with the panel open, folded, and without it.
    expect(await layout(page)).toEqual(before)
    await inspector(page).locator('header button[title="Fold"]').click()
    await expect.poll(() => inspector(page).locator('.pill').isVisible()).toBe(true)
    expect(await layout(page)).toEqual(before)
    expect(errors).toEqual([])
    await ctx.close()
  })

  it("opens on adbeacon('debug', true) and lists what was sent before it arrived, without bodies", async () => {
    const { ctx, page, errors, scripts } = await open()
    await page.goto(`${env.site.origin}/confirmation.html?${PENDING}`)
    await env.collector.waitFor((e) => e.kind == 'conversion')
    expect(scripts).not.toContain('/adbeacon-debug.js')
    await page.click('#qa')
    await expect.poll(() => inspector(page).locator('.panel').isVisible()).toBe(true)
    await expect.poll(() => tabText(page)).toMatch(/VTEX Ads\s+conversion\s+body not seen\s+delivered \(2xx\), before the inspector loaded/)
    await showTab(page, 'Sales')
    await expect.poll(() => tabText(page)).toMatch(/Meta\s+held\s+payment pending: not reported/)
    expect(errors).toEqual([])
    await ctx.close()
  })

  it('stays for the tab until ?adbeacon_debug=0, listing the earlier pages\' requests, and never loads otherwise', async () => {
    const { ctx, page, errors, scripts } = await open()
    await page.goto(`${env.site.origin}/home.html?adbeacon_debug=1`)
    await env.collector.waitFor((e) => e.kind == 'impression')
    await expect.poll(() => tabText(page)).toMatch(/VTEX Ads\s+impression/)

    // Another page of the tab, without the parameter: the inspector again, with the first page's requests.
    await page.goto(`${env.site.origin}/confirmation.html?${PENDING}`)
    await expect.poll(() => inspector(page).locator('.panel').isVisible()).toBe(true)
    await expect.poll(() => tabText(page)).toMatch(/earlier pages of this tab · [1-9]/i)

    // Off for the tab.
    scripts.length = 0
    await page.goto(`${env.site.origin}/home.html?adbeacon_debug=0`)
    await env.collector.waitFor((e) => e.kind == 'impression')
    await page.goto(`${env.site.origin}/home.html`)
    await page.waitForLoadState('load')
    expect(scripts).toContain('/adbeacon.js')
    expect(scripts).not.toContain('/adbeacon-debug.js')
    expect(await inspector(page).count()).toBe(0)
    expect(errors).toEqual([])
    await ctx.close()
  })

  it("names a CSP connect-src that blocks the collector, and marks the blocked requests", async () => {
    const { ctx, page } = await open()
    await page.goto(`${env.site.origin}/blocked.html?adbeacon_debug=1`)
    await expect.poll(() => tabText(page), { timeout: 10_000 }).toMatch(/blocked by CSP connect-src/)
    await showTab(page, 'Setup')
    await expect.poll(() => tabText(page)).toMatch(new RegExp(`Content-Security-Policy \\(connect-src\\) blocked a request to ${new URL(env.collector.origin).host.replace(/\./g, '\\.')}`))
    await ctx.close()
  })
})
