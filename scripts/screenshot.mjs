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
import { mkdirSync } from 'node:fs'
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
  for (const [width, height] of SIZES) {
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
} finally {
  await browser.close()
  await server.close()
}
if (failures) {
  console.error(`${failures} layout problem${failures === 1 ? '' : 's'} (see above)`)
  process.exitCode = 1
}
