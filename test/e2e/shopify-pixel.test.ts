// Issue 11: dist/adbeacon-shopify-pixel.js as Shopify runs a custom pixel, in real Chromium. The
// pixel runs in a sandboxed frame (sandbox="allow-scripts": an opaque origin, like Shopify's lax
// sandbox) with the stand-in of analytics / browser / init / customerPrivacy (test/support/shopify.ts)
// in its scope and no DOM (document, window, localStorage, location are undefined for it); the
// stand-in's browser methods run in the top frame, the store's thank-you page, by postMessage.
// The store's storefront runs adbeacon.js, whose ids and landing context the pixel reads.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { BrowserContext, Frame, Page } from 'playwright-core'
import { debugStateOf } from './support/chromium'
import { useHarness } from './support/harness'
import { checkoutCompleted, createStandIn } from '../support/shopify'

const sha = (s: string) => createHash('sha256').update(s).digest('hex')

/** The pixel file as a merchant fills in its settings block (plus the collector's endpoints). */
function pixelSource(url: URL): string {
  const source = readFileSync('dist/adbeacon-shopify-pixel.js', 'utf8')
  const settings: Record<string, string> = JSON.parse(url.searchParams.get('settings') ?? '{}')
  let edited = source.replace('var ADBEACON_SETTINGS = {', `var ADBEACON_SETTINGS = {\n  "data-conversion-url": "${env.collector.origin}/v1/beacon/conversion", "data-meta-endpoint": "${env.collector.origin}/tr", "data-google-endpoint": "${env.collector.origin}/pagead/conversion/",`)
  for (const [name, value] of Object.entries(settings)) edited = edited.replace(new RegExp(`("${name}": )"[^"]*"`), `$1${JSON.stringify(value)}`)
  return edited
}

/** The sandboxed frame: the stand-in over the top frame, then the pixel, without the DOM's names. */
const sandboxPage = (url: URL) => `<!doctype html><script>
const pending = new Map(); let n = 0
const top_ = (op, ...args) => new Promise((resolve) => { const id = ++n; pending.set(id, resolve); parent.postMessage({ standIn: id, op, args }, '*') })
addEventListener('message', (e) => { if (e.source === parent && e.data && e.data.reply) { pending.get(e.data.reply)(e.data.value); pending.delete(e.data.reply) } })
const createStandIn = ${createStandIn.toString()}
window.standIn = createStandIn(top_, ${url.searchParams.get('privacy') ?? '{}'})
// Watched (Playwright's network events do not show keepalive requests): how the pixel sends.
window.sent = []
const realFetch = fetch
window.fetch = (url, init) => (sent.push({ via: 'fetch', url: String(url), keepalive: !!(init && init.keepalive) }), realFetch(url, init))
navigator.sendBeacon = (url) => (sent.push({ via: 'beacon', url: String(url) }), false)
new Function('analytics', 'browser', 'init', 'customerPrivacy', 'document', 'window', 'localStorage', 'sessionStorage', 'location', ${JSON.stringify(pixelSource(url)).replace(/</g, '\\u003c')})(standIn.analytics, standIn.browser, standIn.init, standIn.customerPrivacy)
window.pixelStarted = true
</script>`

/** The thank-you page: the top frame that runs the stand-in's browser calls. */
const thankYouPage = (url: URL) => `<!doctype html><title>thank you</title><script>
addEventListener('message', (e) => {
  const d = e.data
  if (!d || !d.standIn) return
  const [area, method] = d.op.split('.')
  let value = null
  if (d.op === 'cookie.get') value = (document.cookie.split('; ').find((c) => c.startsWith(d.args[0] + '=')) || '').slice(d.args[0].length + 1)
  else if (d.op === 'cookie.set') value = (document.cookie = d.args[0])
  else if (method === 'length') value = window[area].length
  else if (method === 'key') value = window[area].key(+d.args[0])
  else value = window[area][method](...d.args) ?? null
  e.source.postMessage({ reply: d.standIn, value }, '*')
})
</script><iframe sandbox="allow-scripts" src="/sandbox/pixel.html${url.search}"></iframe>`

const SETTINGS = {
  'data-publisher-id': 'pub-shopify',
  'data-facebook-pixel-id': '1234567890',
  'data-google-conversion-id': 'AW-123456789',
  'data-google-conversion-label': 'AbCdEf',
}

const env = useHarness({
  routes: () => ({
    '/shop/landing.html': `<!doctype html><title>storefront</title><script src="/adbeacon.js" data-debug data-publisher-id="pub-shopify"></script>`,
    '/checkouts/thank-you.html': thankYouPage,
    '/sandbox/pixel.html': sandboxPage,
  }),
})

interface Opened { page: Page; frame: Frame; errors: string[]; console: string[] }

async function openThankYou(ctx: BrowserContext, query: { settings?: object; privacy?: object } = {}, page?: Page): Promise<Opened> {
  page ??= await ctx.newPage()
  const errors: string[] = []
  const console: string[] = []
  page.on('pageerror', (e) => errors.push(String(e)))
  page.on('console', (m) => console.push(m.text()))
  const q = new URLSearchParams({ settings: JSON.stringify(query.settings ?? SETTINGS), privacy: JSON.stringify(query.privacy ?? {}) })
  await page.goto(`${env.site.origin}/checkouts/thank-you.html?${q}`)
  const frame = page.frames().find((f) => f.url().includes('/sandbox/pixel.html'))!
  await frame.waitForFunction(() => (window as unknown as { pixelStarted?: boolean }).pixelStarted === true)
  return { page, frame, errors, console }
}

const publish = (frame: Frame, event: unknown) =>
  frame.evaluate((e) => (window as unknown as { standIn: { publish(n: string, e: unknown): void } }).standIn.publish('checkout_completed', e), event)

const ofOrder = (orderId: string) =>
  env.collector.events().filter((e) => (e.destination === 'vtex' && (e.body as { order_id?: string })?.order_id === orderId) || e.query.eid === orderId || e.query.oid === orderId)

describe('the Shopify pixel (dist/adbeacon-shopify-pixel.js)', () => {
  it("starts with its settings block, readable, for the merchant to fill in", () => {
    const lines = readFileSync('dist/adbeacon-shopify-pixel.js', 'utf8').split('\n')
    expect(lines[0]).toMatch(/^\/\/ adbeacon for Shopify/)
    expect(lines).toContain('  "data-publisher-id": "YOUR-VTEX-ADS-PUBLISHER-ID",')
  })

  it('reports checkout_completed to VTEX Ads, Meta and Google by keepalive fetch, with the storefront ids and ad click', async () => {
    const ctx = await env.browser.newContext()
    const store = await ctx.newPage()
    await store.goto(`${env.site.origin}/shop/landing.html?naid=ad-42&fbclid=FBCLICK42`)
    const { sessionId } = await debugStateOf<{ sessionId: string }>(store)

    const { frame, errors } = await openThankYou(ctx)
    await publish(frame, checkoutCompleted('SHOP-1'))
    const vtex = await env.collector.waitFor((e) => e.kind === 'conversion' && e.destination === 'vtex', 10_000)
    const meta = await env.collector.waitFor((e) => e.destination === 'meta' && e.kind === 'purchase', 10_000)
    const google = await env.collector.waitFor((e) => e.destination === 'google' && e.kind === 'conversion', 10_000)

    expect(vtex.valid, JSON.stringify(vtex.errors)).toBe(true)
    expect(vtex.headers.origin).toBe('null') // the sandbox's opaque origin
    expect(vtex.headers.cookie).toBeUndefined()
    expect(vtex.body).toMatchObject({
      publisher_id: 'pub-shopify',
      order_id: 'SHOP-1',
      session_id: sessionId,
      user_id: '7012345',
      email_hashed: sha('maria.souza@example.com'),
      phone_hashed: sha('+5511999990000'),
      first_name_hashed: sha('maria'),
      uf: 'SP',
      created_at: '2026-11-30T12:00:00Z',
      items: [
        { sku: 'CAM-P-AZUL', product_id: '778899', quantity: 2, price: 99.9, promotional_price: 89.91 },
        { sku: '44556688', product_id: '778800', quantity: 1, price: 49.9, promotional_price: 49.9 },
      ],
    })
    expect(meta.query).toMatchObject({ id: '1234567890', ev: 'Purchase', eid: 'SHOP-1', 'cd[value]': '244.72', 'cd[currency]': 'BRL', 'ud[em]': sha('maria.souza@example.com'), 'ud[ph]': sha('5511999990000'), 'ud[external_id]': sha('7012345') })
    expect(meta.query.fbc).toMatch(/^fb\.1\.\d+\.FBCLICK42$/)
    expect(google.path).toBe('/pagead/conversion/123456789/')
    expect(google.query).toMatchObject({ label: 'AbCdEf', value: '244.72', currency_code: 'BRL', oid: 'SHOP-1' })
    // fetch with keepalive, never a beacon.
    const sent = await frame.evaluate(() => (window as unknown as { sent: Array<{ via: string; keepalive?: boolean }> }).sent)
    expect(sent.map((s) => [s.via, s.keepalive])).toEqual([['fetch', true], ['fetch', true], ['fetch', true]])
    expect(errors).toEqual([])
    await ctx.close()
  })

  it('reports a sale once: the event again, and the thank-you page reloaded, are duplicates (the ledger is in the store’s localStorage)', async () => {
    const ctx = await env.browser.newContext()
    const first = await openThankYou(ctx)
    await publish(first.frame, checkoutCompleted('SHOP-2'))
    await env.collector.waitFor((e) => e.destination === 'google' && e.query.oid === 'SHOP-2', 10_000)
    await env.collector.waitFor((e) => e.destination === 'vtex' && (e.body as { order_id?: string }).order_id === 'SHOP-2', 10_000)
    await publish(first.frame, checkoutCompleted('SHOP-2'))
    const again = await openThankYou(ctx, {}, first.page)
    await publish(again.frame, checkoutCompleted('SHOP-2'))
    // A later sale from the same frame: once it has arrived, the duplicates before it were decided.
    await publish(again.frame, checkoutCompleted('SHOP-3'))
    await env.collector.waitFor((e) => e.destination === 'vtex' && (e.body as { order_id?: string }).order_id === 'SHOP-3', 10_000)
    await env.collector.waitFor((e) => e.destination === 'google' && e.query.oid === 'SHOP-3', 10_000)
    await env.collector.waitFor((e) => e.destination === 'meta' && e.query.eid === 'SHOP-3', 10_000)
    expect(ofOrder('SHOP-2').map((e) => e.destination).sort()).toEqual(['google', 'meta', 'vtex'])
    expect(await first.page.evaluate(() => Object.keys(JSON.parse(JSON.parse(localStorage.getItem('adb_sent')!).v)).sort())).toEqual(['google:SHOP-2', 'google:SHOP-3', 'meta:SHOP-2', 'meta:SHOP-3', 'vtex:SHOP-2', 'vtex:SHOP-3'])
    await ctx.close()
  })

  it("without marketing permission: Meta gets no shopper data, and the pixel writes nothing but the ledger", async () => {
    const ctx = await env.browser.newContext()
    const { page, frame } = await openThankYou(ctx, { privacy: { marketingAllowed: false } })
    await publish(frame, checkoutCompleted('SHOP-4'))
    const meta = await env.collector.waitFor((e) => e.destination === 'meta' && e.query.eid === 'SHOP-4', 10_000)
    const vtex = await env.collector.waitFor((e) => e.destination === 'vtex' && (e.body as { order_id?: string }).order_id === 'SHOP-4', 10_000)
    await env.collector.waitFor((e) => e.destination === 'google' && e.query.oid === 'SHOP-4', 10_000)
    expect(Object.keys(meta.query).filter((k) => k.startsWith('ud['))).toEqual([])
    expect((vtex.body as { email_hashed?: string }).email_hashed).toBe(sha('maria.souza@example.com'))
    // the ledger, whole and its newest entries (written for the cookie copy, issue 10)
    await expect.poll(() => page.evaluate(() => Object.keys(localStorage).sort())).toEqual(['adb_sent', 'adb_sent_c'])
    await ctx.close()
  })

  it('as pasted, with only the placeholder publisher id: nothing is sent, and the console says why', async () => {
    const ctx = await env.browser.newContext()
    const { frame, console } = await openThankYou(ctx, { settings: {} })
    await publish(frame, checkoutCompleted('SHOP-5'))
    await expect.poll(() => console.find((m) => m.includes('placeholder')), { timeout: 10_000 }).toBeDefined()
    expect(ofOrder('SHOP-5')).toEqual([])
    await ctx.close()
  })
})
