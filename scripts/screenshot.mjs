// Takes the README screenshot of the demo store with its inspector, in real Chromium:
//   npm run build && node scripts/screenshot.mjs
// Starts the demo (Vite + the local collector on free ports), walks a shopper from an ad landing
// through search, an ad click, the cart and an approved Mercado Pago return, and saves
//   docs/demo.png         the order confirmation, the inspector showing the conversion
//   docs/demo-search.png  the search page with its sponsored products and the ad events
import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { chromium } from 'playwright-core'
import { createServer } from 'vite'

const root = resolve(import.meta.dirname ?? new URL('..', import.meta.url).pathname, '..')
const out = (name) => resolve(root, 'docs', name)
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

try {
  await fetch(`${collector}/__collector/clear`, { method: 'POST' })
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, locale: 'en-US' })
  const page = await context.newPage()
  page.on('pageerror', (e) => console.error('[page error]', e.message))
  const loaded = () => page.waitForFunction(() => window.adbeacon?.loaded === true, null, { timeout: 10_000 })
  const settle = (ms = 400) => page.waitForTimeout(ms)

  // An ad click from elsewhere lands on the home page.
  await page.goto(`${origin}/?naid=6d2d8837-bf5a-4ba4-90d2-5546cb18d5ce&ncid=0d675bf6-03f6-4b81-9617-e79dffddc3ab&gclid=Cj0KCQiA_demoGclid123&fbclid=IwAR2demo_FbClid-xyz&utm_source=newsletter&utm_medium=email&utm_campaign=summer-care`)
  await loaded()

  // Search: banner, sponsored brand, sponsored products; let the views count (1 s at 50%).
  await page.goto(`${origin}/demo/search.html?q=deodorant`)
  await page.waitForSelector('body[data-ads-ready="true"]')
  await page.waitForTimeout(1800)
  await page.mouse.wheel(0, 420)
  await page.waitForTimeout(1500)
  await page.mouse.wheel(0, -160)
  await settle(600)
  await page.screenshot({ path: out('demo-search.png') })
  console.log('saved', out('demo-search.png'))

  // Click the first sponsored product, buy it, pay by card.
  const card = page.locator('[data-testid="product-ad"]').first()
  await Promise.all([page.waitForURL(/product\.html/), card.click()])
  await page.click('#add-to-cart')
  await page.waitForURL(/cart\.html/)
  await page.click('#go-checkout')
  await page.waitForURL(/checkout\.html/)
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
  await page.screenshot({ path: out('demo.png') })
  console.log('saved', out('demo.png'))
  await context.close()
} finally {
  await browser.close()
  await server.close()
}
