import { createHash } from 'node:crypto'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Collector, RecordedEvent } from '../../demo/collector/index'
import { startDemo, type RunningDemo } from '../../demo/plugin'
import { debugStateOf, launchChromium, trackerLoaded } from './support/chromium'

// The demo store's main journey in real Chromium, against the same collector QA uses:
// land from an ad → listing → click an ad → product → cart → checkout → Mercado Pago return →
// order confirmation. Needs dist/adbeacon.js (npm run build).

const NAID = '6d2d8837-bf5a-4ba4-90d2-5546cb18d5ce'
const NCID = '0d675bf6-03f6-4b81-9617-e79dffddc3ab'
const GCLID = 'Cj0KCQiA_e2eGclid42'
const FBCLID = 'IwAR2e2e_FbClid-42'
const LANDING = `/?naid=${NAID}&ncid=${NCID}&gclid=${GCLID}&fbclid=${FBCLID}&utm_source=newsletter&utm_medium=email`
const EMAIL_HASH = createHash('sha256').update('maria.silva@example.com').digest('hex')
// How long "nothing else arrives" is watched for. Beacons leave within milliseconds locally.
const QUIET_MS = 1500

interface DebugState {
  sessionId: string
  userId?: string
  landing: { touches: Array<{ at: number; params: Record<string, string> }>; fbc?: string }
}
interface ConversionBody {
  channel: string
  publisher_id: string
  user_id: string
  session_id: string
  order_id: string
  email_hashed: string
  created_at: string
  items: Array<{ sku: string; quantity: number; price: number; promotional_price: number; seller_id?: string | null; product_id?: string }>
}

let demo: RunningDemo
let browser: Browser

beforeAll(async () => {
  demo = await startDemo()
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await demo?.close()
})
beforeEach(() => demo.collector.clear())

/** A fresh shopper; the platforms' real hosts are refused and remembered, never reached. */
async function shopper(): Promise<{ context: BrowserContext; page: Page; offsite: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  const offsite: string[] = []
  await context.route(/^https:\/\/(www\.facebook\.com|connect\.facebook\.net|www\.googleadservices\.com|www\.googletagmanager\.com|googleads\.g\.doubleclick\.net)\//, (route) => {
    offsite.push(route.request().url())
    return route.fulfill({ status: 204, body: '' })
  })
  const page = await context.newPage()
  page.on('pageerror', (e) => console.error('[page error]', e.message))
  return { context, page, offsite }
}

/** Runs `visit` as a fresh shopper(), and closes the shopper's context after, whatever happens. */
async function asShopper(visit: (s: { page: Page; offsite: string[]; collector: Collector }) => Promise<void>): Promise<void> {
  const { context, page, offsite } = await shopper()
  try {
    await visit({ page, offsite, collector: demo.collector })
  } finally {
    await context.close()
  }
}


async function debugState(page: Page): Promise<DebugState> {
  await trackerLoaded(page, 10_000)
  return debugStateOf<DebugState>(page)
}

/** Home → search → (optionally click a sponsored product) → product → cart → checkout. */
async function shopUntilCheckout(page: Page, opts: { clickAd: boolean }): Promise<{ sessionId: string; adClicked?: RecordedEvent; sku: string }> {
  const { collector } = demo
  await page.goto(demo.origin + LANDING)
  const landing = await debugState(page)
  expect(landing.sessionId).toMatch(/\S{8,}/)

  await page.click('a.btn[href^="/demo/search.html"]')
  await page.waitForSelector('body[data-ads-ready="true"]')
  const getAds = await collector.waitFor((e) => e.kind === 'getads')
  expect(getAds.valid).toBe(true)
  // Ads are asked for with the tracker's visitor id, so ads and events share it.
  expect((getAds.body as { session_id: string }).session_id).toBe(landing.sessionId)

  const card = page.locator('[data-testid="product-ad"]').first()
  const adId = await card.getAttribute('data-ad-id')
  const href = await card.getAttribute('href')
  expect(adId).toBeTruthy()
  const sku = new URL(href!).searchParams.get('sku')!
  // Scrolled into view, the ad gets its impression, on the URL Get ads returned.
  await card.scrollIntoViewIfNeeded()
  const impression = await collector.waitFor((e) => e.kind === 'impression' && e.adId === adId, 8000)
  expect(impression).toMatchObject({ valid: true, status: 202, signature: 'valid' })

  let adClicked: RecordedEvent | undefined
  if (opts.clickAd) {
    await Promise.all([page.waitForURL(/\/demo\/product\.html\?sku=/), card.click()])
    adClicked = await collector.waitFor((e) => e.kind === 'click' && e.adId === adId, 8000)
    expect(adClicked).toMatchObject({ valid: true, status: 202, signature: 'valid' })
  } else {
    await page.goto(`${demo.origin}/demo/product.html?sku=${sku}`)
  }

  await page.click('#add-to-cart')
  await page.waitForURL(/\/demo\/cart\.html/)
  await page.click('#go-checkout')
  await page.waitForURL(/\/demo\/checkout\.html/)
  return { sessionId: landing.sessionId, adClicked, sku }
}

async function payWith(page: Page, status: string, type: string): Promise<URL> {
  await Promise.all([page.waitForURL(/\/demo\/confirmation\.html\?/), page.click(`[data-testid="mp-${status}-${type}"]`)])
  await trackerLoaded(page, 10_000)
  return new URL(page.url())
}

const vtexConversions = () => demo.collector.events().filter((e) => e.destination === 'vtex' && e.kind === 'conversion')

describe('the demo journey in Chromium', () => {
  it('ad landing → listing → ad click → product → checkout → approved card: exactly one valid VTEX conversion with the landing session_id', async () => {
    await asShopper(async ({ page, offsite, collector }) => {
      const { sessionId, adClicked, sku } = await shopUntilCheckout(page, { clickAd: true })
      // The click beacon carried the same visitor.
      expect((adClicked!.body as { session_id?: string }).session_id).toBe(sessionId)

      // The landing's ad-click ids are still remembered at checkout.
      const atCheckout = await debugState(page)
      expect(atCheckout.sessionId).toBe(sessionId)
      const params = atCheckout.landing.touches[0]?.params
      expect(params).toMatchObject({ naid: NAID, gclid: GCLID, fbclid: FBCLID })

      const url = await payWith(page, 'approved', 'credit_card')
      const orderId = url.searchParams.get('external_reference')!
      expect(url.searchParams.get('collection_status')).toBe('approved')
      expect(url.searchParams.get('merchant_account_id')).toBe('null')

      const conversion = await collector.waitFor((e) => e.destination === 'vtex' && e.kind === 'conversion', 10_000)
      expect(conversion.errors).toBeNull()
      expect(conversion).toMatchObject({ valid: true, status: 202, method: 'POST' })
      // Cross-origin, as in production: the page's origin, answered by a credentialed server.
      expect(conversion.headers.origin).toBe(demo.origin)
      const body = conversion.body as ConversionBody
      expect(body.session_id).toBe(sessionId)
      expect(body.order_id).toBe(orderId)
      expect(body.publisher_id).toBe('demo-publisher')
      expect(body.user_id).toBe('customer-1042')
      expect(body.email_hashed).toBe(EMAIL_HASH)
      expect(body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/)
      // The product added from the clicked ad, per-unit prices as the catalogue has them.
      expect(body.items).toHaveLength(1)
      expect(body.items[0]).toMatchObject({ sku, quantity: 1 })
      expect(body.items[0]!.promotional_price).toBeLessThanOrEqual(body.items[0]!.price)

      // Reloading the confirmation page must not report the sale again.
      await page.reload()
      await trackerLoaded(page, 10_000)
      await page.waitForTimeout(QUIET_MS)
      expect(vtexConversions().map((e) => (e.body as ConversionBody).order_id)).toEqual([orderId])
      expect(offsite).toEqual([])
    })
  })

  it('approved card: Meta gets a Purchase and Google a conversion, each keyed by the order id', async () => {
    await asShopper(async ({ page, offsite, collector }) => {
      await shopUntilCheckout(page, { clickAd: false })
      const url = await payWith(page, 'approved', 'credit_card')
      const orderId = url.searchParams.get('external_reference')!
      const meta = await collector.waitFor((e) => e.destination === 'meta' && e.kind === 'purchase', 10_000)
      const google = await collector.waitFor((e) => e.destination === 'google', 10_000)
      expect(meta.errors).toBeNull()
      expect(google.errors).toBeNull()
      const metaFields = { ...meta.query, ...(meta.body as Record<string, string>) }
      const googleFields = { ...google.query, ...(google.body as Record<string, string>) }
      expect(metaFields).toMatchObject({ id: '1234567890', ev: 'Purchase', eid: orderId, 'cd[currency]': 'BRL' })
      expect(googleFields).toMatchObject({ label: 'demoLabel', currency_code: 'BRL' })
      expect(google.path).toMatch(/^\/pagead\/conversion\/123456789\/?$/)
      expect(offsite).toEqual([])
    })
  })

  it('pending return: VTEX still gets the sale, Meta and Google get nothing', async () => {
    await asShopper(async ({ page, offsite, collector }) => {
      const { sessionId } = await shopUntilCheckout(page, { clickAd: false })
      const url = await payWith(page, 'pending', 'ticket')
      const conversion = await collector.waitFor((e) => e.destination === 'vtex' && e.kind === 'conversion', 10_000)
      expect(conversion).toMatchObject({ valid: true, status: 202 })
      expect((conversion.body as ConversionBody).order_id).toBe(url.searchParams.get('external_reference'))
      expect((conversion.body as ConversionBody).session_id).toBe(sessionId)
      await page.waitForTimeout(QUIET_MS)
      expect(collector.events().filter((e) => e.destination === 'meta' || e.destination === 'google')).toEqual([])
      expect(collector.preflights().filter((e) => e.destination === 'meta' || e.destination === 'google')).toEqual([])
      expect(offsite).toEqual([])
      expect(vtexConversions()).toHaveLength(1)

      // The inspector shows the tracker's decision for this page: VTEX sent, Meta and Google held by rule.
      const orderId = url.searchParams.get('external_reference')!
      const card = page.locator(`[data-testid="inspector-decision"] .adbi-dec[data-order="${orderId}"]`)
      await card.waitFor({ timeout: 5000 })
      expect(await card.locator('.adbi-dec-dest[data-dest="vtex"]').getAttribute('data-status')).toBe('sent')
      for (const dest of ['meta', 'google']) {
        const row = card.locator(`.adbi-dec-dest[data-dest="${dest}"]`)
        expect(await row.getAttribute('data-status')).toBe('held')
        expect(await row.locator('.adbi-reason').textContent()).toMatch(/pending/)
      }
      // So does the page's own panel, and it agrees with the tracker.
      const panel = page.locator('[data-testid="decision-panel"]')
      await expect.poll(() => panel.locator('li[data-dest="meta"]').getAttribute('data-status')).toBe('held')
      expect(await panel.locator('.rule-line.differs').count()).toBe(0)

      // Opened later without the return parameters, the order stays held, and the panel says so.
      await page.goto(`${demo.origin}/demo/confirmation.html?order=${orderId}`)
      await trackerLoaded(page, 10_000)
      await expect.poll(() => panel.locator('li[data-dest="google"]').getAttribute('data-status')).toBe('held')
      expect(await panel.locator('.rule-line.differs').count()).toBe(0)
      expect(await page.locator('[data-testid="inspector-decision"] .adbi-dec').first().getAttribute('data-order')).toBe(orderId)
    })
  })

  it('the inspector shows the conversion live, and "Start over" makes a new shopper', async () => {
    await asShopper(async ({ page, collector }) => {
      const { sessionId } = await shopUntilCheckout(page, { clickAd: false })
      await payWith(page, 'approved', 'account_money')
      const row = page.locator('.adbi-ev[data-dest="vtex"][data-kind="conversion"][data-valid="true"]')
      await row.waitFor({ timeout: 10_000 })
      await expect.poll(() => row.locator('.adbi-status').textContent()).toContain('202')
      expect(await row.locator('.adbi-verdict').textContent()).toContain("session_id is this browser's")
      expect(await page.locator('[data-testid="inspector-session"]').textContent()).toBe(sessionId)

      await page.click('[data-action="start-over"]')
      await page.waitForURL((u) => !u.searchParams.has('collection_id'))
      // A confirmation page without its order, not "Order undefined".
      expect(new URL(page.url()).search).toBe('')
      await page.locator('[data-testid="status-no-order"]').waitFor()
      const fresh = await debugState(page)
      expect(fresh.sessionId).not.toBe(sessionId)
      expect(fresh.userId).toBeUndefined()
      expect(fresh.landing.touches).toEqual([])
      expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('demo_cart') || k.startsWith('demo_orders')))).toEqual([])
      expect(collector.events().filter((e) => e.kind === 'conversion')).toEqual([])
    })
  })

  it('unticking "Signed in as customer" signs the shopper out, keeping the session', async () => {
    await asShopper(async ({ page }) => {
      await page.goto(`${demo.origin}/demo/checkout.html`)
      await trackerLoaded(page, 10_000)
      await page.uncheck('#signed_in')
      await page.check('#signed_in')
      await expect.poll(async () => (await debugState(page)).userId).toBe('customer-1042')
      const { sessionId } = await debugState(page)
      await page.uncheck('#signed_in')
      await expect.poll(async () => (await debugState(page)).userId).toBeUndefined()
      expect((await debugState(page)).sessionId).toBe(sessionId)
    })
  })

  it('rejected return: nothing is reported anywhere', async () => {
    await asShopper(async ({ page, offsite, collector }) => {
      await shopUntilCheckout(page, { clickAd: false })
      await payWith(page, 'rejected', 'credit_card')
      await page.waitForTimeout(QUIET_MS)
      const reports = collector.events().filter((e) => e.kind === 'conversion' || e.kind === 'purchase' || e.destination === 'meta' || e.destination === 'google')
      expect(reports).toEqual([])
      expect(offsite).toEqual([])
    })
  })
})
