// Issue 3 in real Chromium: the built dist/adbeacon.js on a listing page served from one loopback
// origin, the collector (VTEX Ads Get ads mock + event endpoints, CORS, schema validation, URL
// signature check) on another. Time is Playwright's clock, so "no view before one second" is
// shown by moving the clock, not by measuring anything.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchChromium } from './support/chromium'
import { startStaticServer, type StaticServer } from './support/static-server'
import { startCollector, type Collector, type RecordedEvent } from '../../demo/collector/index'

const T0 = Date.UTC(2026, 2, 2, 12, 0, 0)
const DAY = 24 * 60 * 60 * 1000
const ADS = 50
// Geometry (viewport 1000×800): a 100px header, then cards of 300px every 320px. At scroll 0 cards
// 0 and 1 are fully in view and card 2 shows 60px (20%): an impression but never a view.
const VIEWPORT = { width: 1000, height: 800 }
const HEADER = 100
const PITCH = 320

interface ProductAd { ad_id: string; product_sku: string; impression_url: string; view_url: string; click_url: string }

let browser: Browser
let site: StaticServer
let collector: Collector
let response: Record<string, unknown>
let ads: ProductAd[]

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')
const tag = () => `<script src="/adbeacon.js" data-publisher-id="p1" data-event-hosts="127.0.0.1:${new URL(collector.origin).port}"></script>`

function listingPage(): string {
  const planted = `http://localhost:${new URL(collector.origin).port}/v1/beacon/click/planted`
  // Even cards are bound by data-ad-id to the response given to ads(); odd cards carry their URLs.
  const cards = ads
    .map((ad, i) => {
      const binding = i % 2 === 0
        ? `data-ad-id="${esc(ad.ad_id)}"`
        : `data-ad-impression-url="${esc(ad.impression_url)}" data-ad-view-url="${esc(ad.view_url)}" data-ad-click-url="${esc(ad.click_url)}"`
      return `<article class="card" id="card-${i}" ${binding}><a href="/product.html?sku=${ad.product_sku}">Product ${i}</a></article>`
    })
    .join('\n')
  return `<!doctype html><meta charset="utf-8"><title>listing</title>
<style>
  body { margin: 0; font: 16px sans-serif }
  header { height: ${HEADER}px; overflow: hidden }
  .card { display: block; height: 300px; margin: 0 0 ${PITCH - 300}px; background: #eef }
</style>
${tag()}
<script>adbeacon('ads', ${JSON.stringify(response).replace(/</g, '\\u003c')})</script>
<header>
  <div class="review" id="planted"
       data-ad-impression-url="https://evil.example/v1/beacon/impression/planted?steal=1"
       data-ad-view-url="https://evil.example/v1/beacon/view/planted"
       data-ad-click-url="${planted}">Great shoes! (a review with planted attributes)</div>
</header>
<main>${cards}</main>`
}

beforeAll(async () => {
  collector = await startCollector()
  // Ask the Get ads mock like a store's back end would, then render its answer into the page.
  const res = await fetch(`${collector.origin}/v1/rma/p1`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ session_id: 'server-side', context: 'search', term: 'shoes', channel: 'site', placements: { listing: { quantity: ADS, types: ['product'] } } }),
  })
  expect(res.status).toBe(200)
  response = (await res.json()) as Record<string, unknown>
  ads = response.listing as ProductAd[]
  expect(ads).toHaveLength(ADS)
  expect(new Set(ads.map((a) => a.ad_id)).size).toBe(ADS)

  site = await startStaticServer('test/e2e', {
    '/listing.html': () => listingPage(),
    '/product.html': () => `<!doctype html><title>product</title>${tag()}<p>product</p>`,
    '/shop/landing.html': () => `<!doctype html><title>landing</title>${tag()}<p>landing</p>`,
    '/shop/other.html': () => `<!doctype html><title>other</title>${tag()}<p>other</p>`,
  })
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await site?.close()
  await collector?.close()
})

beforeEach(() => collector.clear())

interface Watch { ctx: BrowserContext; page: Page; requests: string[]; warnings: string[]; errors: string[] }

/**
 * A context whose every request is recorded. With `block`, anything not on 127.0.0.1 is aborted,
 * so a planted host could not be reached even if adbeacon tried. Routing has a cost: while any
 * route is active, Playwright answers CORS preflights itself, so the test that checks the real
 * preflight runs without it.
 */
async function open(block: boolean): Promise<Watch> {
  const ctx = await browser.newContext({ viewport: VIEWPORT })
  const requests: string[] = []
  const warnings: string[] = []
  const errors: string[] = []
  ctx.on('request', (r) => requests.push(r.url()))
  if (block) await ctx.route((url) => url.hostname !== '127.0.0.1', (route) => route.abort())
  const page = await ctx.newPage()
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()) })
  page.on('pageerror', (e) => errors.push(String(e)))
  return { ctx, page, requests, warnings, errors }
}

const adEvents = (kind?: string) =>
  collector.events().filter((e) => e.destination === 'vtex' && e.kind !== 'conversion' && !e.adId?.startsWith('marker-') && (!kind || e.kind === kind))
const idsOf = (events: RecordedEvent[]) => events.map((e) => e.adId!).sort()
const cardIds = (indexes: number[]) => indexes.map((i) => ads[i]!.ad_id).sort()

let markers = 0
/**
 * Lets whatever the page already sent arrive before a negative assertion: a manual impression on a
 * marker URL is handed to the browser after everything the page sent before it, so once the
 * marker has arrived, the earlier beacons have had the same chance to arrive.
 */
async function settle(page: Page): Promise<void> {
  const id = `marker-${++markers}`
  const url = `${collector.origin}/v1/beacon/impression/${id}`
  await page.evaluate((u) => (window as unknown as { adbeacon: (...a: unknown[]) => void }).adbeacon('impression', { impression_url: u }), url)
  await collector.waitFor((e) => e.adId === id, 10_000)
}

/** Waits until the page's own IntersectionObserver has reported this card's new state (same rendering step as adbeacon's). */
async function rendered(page: Page, index: number, inView: boolean): Promise<void> {
  await page.evaluate(
    ({ index, inView }) =>
      new Promise<void>((done) => {
        const el = document.getElementById(`card-${index}`)!
        const io = new IntersectionObserver((entries) => {
          if (entries.some((e) => e.isIntersecting === inView)) {
            io.disconnect()
            done()
          }
        })
        io.observe(el)
      }),
    { index, inView },
  )
}

/**
 * Index 0: the top of the page. Otherwise card `index` 15px below the viewport top: the card
 * before it is out of view (the gap is 20px), cards index and index+1 are fully in view, and card
 * index+2 shows 145 of its 300px (48%): an impression, never a view.
 */
const scrollToCard = (page: Page, index: number) => page.evaluate((y) => window.scrollTo(0, y), index === 0 ? 0 : HEADER + index * PITCH - 15)

describe('ad events in real Chromium', () => {
  it('impressions only for ads scrolled into view, views only after a second at 50%, each once, nothing to a planted host', async () => {
    const w = await open(true)
    const { page } = w
    // Paused clock from before the first script runs: timers only move when the test says so.
    await page.clock.install({ time: T0 })
    await page.clock.pauseAt(T0 + 1000)
    await page.goto(`${site.origin}/listing.html`)
    const sessionId = await page.evaluate(() => (window as unknown as { adbeacon: { debugState(): { sessionId: string } } }).adbeacon.debugState().sessionId)

    // Cards 0, 1 (fully) and 2 (20%) are in view: three impressions, from both binding styles.
    await rendered(page, 2, true)
    await settle(page)
    expect(idsOf(adEvents('impression'))).toEqual(cardIds([0, 1, 2]))
    expect(adEvents('view')).toEqual([])

    // One millisecond short of a second: still no view.
    await page.clock.runFor(999)
    await settle(page)
    expect(adEvents('view')).toEqual([])
    await page.clock.runFor(1)
    await collector.waitFor((e) => e.kind === 'view' && e.adId === ads[1]!.ad_id, 10_000)
    await settle(page)
    expect(idsOf(adEvents('view'))).toEqual(cardIds([0, 1])) // not card 2: only 20% in view

    // Far down the list: cards 20, 21 and 48% of 22.
    await scrollToCard(page, 20)
    await rendered(page, 22, true)
    await settle(page)
    expect(idsOf(adEvents('impression'))).toEqual(cardIds([0, 1, 2, 20, 21, 22]))

    // Half a second, then the shopper scrolls away: the second starts over when they come back.
    await page.clock.runFor(500)
    await scrollToCard(page, 0)
    await rendered(page, 20, false)
    await page.clock.runFor(2000)
    await scrollToCard(page, 20)
    await rendered(page, 20, true)
    await page.clock.runFor(999)
    await settle(page)
    expect(idsOf(adEvents('view'))).toEqual(cardIds([0, 1]))
    await page.clock.runFor(1)
    await collector.waitFor((e) => e.kind === 'view' && e.adId === ads[21]!.ad_id, 10_000)
    await settle(page)
    expect(idsOf(adEvents('view'))).toEqual(cardIds([0, 1, 20, 21]))

    // Back and forth again: nothing is sent twice on this page view.
    await scrollToCard(page, 0)
    await rendered(page, 0, true)
    await page.clock.runFor(3000)
    await scrollToCard(page, 20)
    await rendered(page, 20, true)
    await page.clock.runFor(3000)

    // The planted review is in view the whole time, and is clicked: no request to its hosts.
    await scrollToCard(page, 0)
    await rendered(page, 0, true)
    await page.click('#planted')
    await settle(page)

    const events = adEvents()
    expect(idsOf(events.filter((e) => e.kind === 'impression'))).toEqual(cardIds([0, 1, 2, 20, 21, 22]))
    expect(idsOf(events.filter((e) => e.kind === 'view'))).toEqual(cardIds([0, 1, 20, 21]))
    expect(events.filter((e) => e.kind === 'click')).toEqual([])
    for (const e of events) {
      // The URL exactly as Get ads gave it (signature intact), a body the spec accepts, our session.
      expect(e.signature, e.url).toBe('valid')
      expect(e.valid, JSON.stringify(e.errors)).toBe(true)
      expect(e.status).toBe(202)
      expect(e.headers['content-type']).toBe('application/json')
      expect(e.body).toEqual({ session_id: sessionId })
      expect(ads.some((a) => a[`${e.kind as 'impression' | 'view'}_url`].endsWith(e.url))).toBe(true)
    }
    expect(w.requests.filter((u) => /evil\.example|localhost|planted/.test(u))).toEqual([])
    expect(w.warnings.some((m) => m.includes('[adbeacon]') && m.includes('evil.example'))).toBe(true)
    expect(w.warnings.some((m) => m.includes('[adbeacon]') && m.includes(`localhost:${new URL(collector.origin).port}`))).toBe(true)
    expect(w.errors).toEqual([])
    await w.ctx.close()
  })

  it('a click beacon arrives although the click navigates away; keyboard and middle-click count; once per ad', async () => {
    const w = await open(false)
    const { page } = w
    await page.goto(`${site.origin}/listing.html`)
    await page.evaluate(() => (window as unknown as { adbeacon: (...a: unknown[]) => void }).adbeacon('identify', 'customer-42'))
    const sessionId = await page.evaluate(() => (window as unknown as { adbeacon: { debugState(): { sessionId: string } } }).adbeacon.debugState().sessionId)

    // Middle-click opens a new tab and leaves this page; twice is still one click.
    const popup = ctxPopup(w.ctx)
    await page.click('#card-3 a', { button: 'middle' })
    await page.click('#card-3 a', { button: 'middle' })
    await collector.waitFor((e) => e.kind === 'click' && e.adId === ads[3]!.ad_id, 10_000)
    await (await popup)?.close()

    // Mouse click on a data-ad-id card's link: the page navigates away at once.
    await Promise.all([page.waitForURL('**/product.html?**'), page.click('#card-0 a')])
    const click = await collector.waitFor((e) => e.kind === 'click' && e.adId === ads[0]!.ad_id, 10_000)

    // Keyboard: Enter on a focused link.
    await page.goBack()
    await page.waitForURL('**/listing.html')
    await page.focus('#card-5 a')
    await Promise.all([page.waitForURL('**/product.html?**'), page.keyboard.press('Enter')])
    await collector.waitFor((e) => e.kind === 'click' && e.adId === ads[5]!.ad_id, 10_000)
    await settle(page)

    const clicks = adEvents('click')
    expect(idsOf(clicks)).toEqual(cardIds([0, 3, 5]))
    for (const e of clicks) {
      expect(e.signature).toBe('valid')
      expect(e.valid, JSON.stringify(e.errors)).toBe(true)
      expect(e.body).toEqual({ session_id: sessionId, user_id: 'customer-42' })
    }
    expect(click.url).toBe(ads[0]!.click_url.slice(collector.origin.length))
    // The beacon's CORS preflight was answered (application/json is not a safelisted type).
    expect(collector.preflights().some((p) => p.adId === ads[0]!.ad_id)).toBe(true)
    expect(w.errors).toEqual([])
    await w.ctx.close()
  })
})

/** The next page the context opens (a middle-click opens the link in a new tab), or undefined. */
function ctxPopup(ctx: BrowserContext): Promise<Page | undefined> {
  return Promise.race([ctx.waitForEvent('page', { timeout: 5000 }).catch(() => undefined), new Promise<undefined>((r) => setTimeout(() => r(undefined), 5000))])
}

describe('landing context in real Chromium', () => {
  const landingOf = (page: Page) =>
    page.evaluate(() => (window as unknown as { adbeacon: { debugState(): { landing: { touches: Array<{ at: number; params: Record<string, string> }>; fbc?: string } } } }).adbeacon.debugState().landing)

  it('survives navigation, is still there 13 days later, and is gone after the 14-day window', async () => {
    const w = await open(true)
    const { page } = w
    await page.clock.install({ time: T0 })
    await page.clock.pauseAt(T0 + 1000)
    const fbclid = 'IwAR2F4-dbP0l7Mn1IawQ_Q'
    await page.goto(`${site.origin}/shop/landing.html?naid=6d2d8837-bf5a&ncid=camp-1&gclid=Cj0KCQiA-x_Y&fbclid=${fbclid}&utm_source=newsletter&utm_campaign=ver%C3%A3o&q=shoes`)
    const first = await landingOf(page)
    expect(first.touches).toHaveLength(1)
    const at = first.touches[0]!.at
    expect(at).toBeGreaterThanOrEqual(T0 + 1000)
    expect(first.touches[0]!.params).toEqual({ naid: '6d2d8837-bf5a', ncid: 'camp-1', gclid: 'Cj0KCQiA-x_Y', fbclid, utm_source: 'newsletter', utm_campaign: 'verão' })
    expect(first.fbc).toBe(`fb.1.${at}.${fbclid}`)

    // Another page, on another path, without parameters.
    await page.goto(`${site.origin}/shop/other.html`)
    expect(await landingOf(page)).toEqual(first)
    await page.goto(`${site.origin}/product.html`)
    expect(await landingOf(page)).toEqual(first)

    // 13 days later, in a new tab of the same browser profile.
    await page.clock.setSystemTime(at + 13 * DAY)
    const later = await w.ctx.newPage()
    await later.goto(`${site.origin}/shop/other.html`)
    expect(await landingOf(later)).toEqual(first)

    // After the window: gone (from localStorage and from the cookie mirror alike).
    await page.clock.setSystemTime(at + 14 * DAY + 60_000)
    await later.goto(`${site.origin}/product.html`)
    expect(await landingOf(later)).toEqual({ touches: [] })
    expect(w.errors).toEqual([])
    await w.ctx.close()
  })
})
