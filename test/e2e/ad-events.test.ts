// Issue 3 in real Chromium: the built dist/adbeacon.js on a listing page served from one loopback
// origin, the collector (VTEX Ads Get ads mock + event endpoints, CORS, schema validation, URL
// signature check) on another. Time is Playwright's clock, so "no view before one second" is
// shown by moving the clock, not by measuring anything.
//
// What was sent, and when, is read in the page: debugState().ads.sent lists the event URLs handed
// to the transport, synchronously, and a wrapper records the navigator.sendBeacon calls. Arrival
// at the collector is only awaited, never used for order or absence: every JSON beacon has its own
// CORS preflight and connections are shared, so beacons may arrive in any order.
import { describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { debugStateOf } from './support/chromium'
import { useHarness } from './support/harness'
import type { RecordedEvent } from '../../demo/collector/index'

const T0 = Date.UTC(2026, 2, 2, 12, 0, 0)
const DAY = 24 * 60 * 60 * 1000
const ADS = 50
// Geometry (viewport 1000×800): a 100px header, then cards of 300px every 320px. At scroll 0 cards
// 0 and 1 are fully in view and card 2 shows 60px (20%): an impression but never a view.
const VIEWPORT = { width: 1000, height: 800 }
const HEADER = 100
const PITCH = 320

interface ProductAd { ad_id: string; product_sku: string; impression_url: string; view_url: string; click_url: string }
type Kind = 'impression' | 'view' | 'click'
const KINDS: Kind[] = ['impression', 'view', 'click']

let response: Record<string, unknown>
let ads: ProductAd[]

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')
const tag = (extra = '') => `<script src="/adbeacon.js" data-debug data-publisher-id="p1" data-event-hosts="127.0.0.1:${new URL(env.collector.origin).port}"${extra}></script>`

function listingPage(): string {
  const port = new URL(env.collector.origin).port
  const planted = `http://localhost:${port}/v1/beacon/click/planted`
  // Spellings the URL parser alone reads as the allowed collector (or VTEX's host) while
  // sendBeacon, resolving them against this page, posts to a path of the store itself (from where
  // an open redirect leaves the site): "http:host/../x", "http:/host/x", a tab inside the scheme.
  // Their paths say "planted", so any request they cause shows up.
  const relative = {
    impression: `http:127.0.0.1:${port}/../../planted-redirect?to=https://evil.example/i`,
    view: `http:/127.0.0.1:${port}/planted-view`,
    click: 'https:events.newtail-media.newtail.com.br/../../planted-redirect?to=https://evil.example/c',
  }
  const tabbed = `ht&#9;tp:/127.0.0.1:${port}/planted-tab`
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
  <div class="review" id="planted-relative" data-ad-impression-url="${esc(relative.impression)}"
       data-ad-view-url="${esc(relative.view)}" data-ad-click-url="${esc(relative.click)}">Fits well</div>
  <div class="review" id="planted-tab" data-ad-impression-url="${tabbed}" data-ad-click-url="${tabbed}">Fast delivery</div>
</header>
<main>${cards}</main>`
}

const env = useHarness({
  setup: async (collector) => {
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
  },
  routes: () => ({
    '/listing.html': () => listingPage(),
    '/product.html': () => `<!doctype html><title>product</title>${tag()}<p>product</p>`,
    '/shop/landing.html': () => `<!doctype html><title>landing</title>${tag()}<p>landing</p>`,
    '/shop/other.html': () => `<!doctype html><title>other</title>${tag()}<p>other</p>`,
    // A store that shares ids across subdomains (the cookie domain is this host here).
    '/shared/landing.html': () => `<!doctype html><title>landing</title>${tag(' data-cookie-domain="127.0.0.1"')}<p>landing</p>`,
    '/shared/product.html': () => `<!doctype html><title>product</title>${tag(' data-cookie-domain="127.0.0.1"')}<p>product</p>`,
  }),
})

interface Watch { ctx: BrowserContext; page: Page; requests: string[]; warnings: string[]; errors: string[] }

/**
 * A context whose every request is recorded, and whose pages record their sendBeacon and keepalive fetch calls. With
 * `block`, anything not on 127.0.0.1 is aborted, so a planted host could not be reached even if
 * adbeacon tried. Routing has a cost: while any route is active, Playwright answers CORS
 * preflights itself, so the test that checks the real preflight runs without it.
 */
async function open(block: boolean): Promise<Watch> {
  const ctx = await env.browser.newContext({ viewport: VIEWPORT })
  const requests: string[] = []
  const warnings: string[] = []
  const errors: string[] = []
  ctx.on('request', (r) => requests.push(r.url()))
  if (block) await ctx.route((url) => url.hostname !== '127.0.0.1', (route) => route.abort())
  await ctx.addInitScript(() => {
    const w = window as unknown as { __beacons: string[] }
    w.__beacons = []
    const send = navigator.sendBeacon.bind(navigator)
    navigator.sendBeacon = (url, data) => {
      w.__beacons.push(String(url))
      return send(url, data)
    }
    // While the page is shown, ad events leave by keepalive fetch, a few at a time: recorded alike.
    const get = window.fetch.bind(window)
    window.fetch = (input, init) => {
      if (init?.keepalive) w.__beacons.push(String(input))
      return get(input, init)
    }
  })
  const page = await ctx.newPage()
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()) })
  page.on('pageerror', (e) => errors.push(String(e)))
  return { ctx, page, requests, warnings, errors }
}

/** What the collector received for ad events (not conversions), in arrival order. */
const adEvents = (kind?: Kind) => env.collector.events().filter((e) => e.destination === 'vtex' && e.kind !== 'conversion' && (!kind || e.kind === kind))
const idsOf = (events: RecordedEvent[]) => events.map((e) => e.adId!).sort()
const cardIds = (indexes: number[]) => indexes.map((i) => ads[i]!.ad_id).sort()
/** The ad an event URL belongs to; an unknown URL stays itself, so that a failure shows it. */
const adOf = (kind: Kind, url: string) => ads.find((a) => a[`${kind}_url`] === url)?.ad_id ?? url

interface PageState { sessionId: string; ads: { sent: string[] } }
const stateOf = (page: Page) => debugStateOf<PageState>(page)

/** Ads whose `kind` event this page view has handed to the transport (debugState().ads.sent), sorted. */
async function sent(page: Page, kind: Kind): Promise<string[]> {
  const { ads: { sent: list } } = await stateOf(page)
  return list.filter((s) => s.startsWith(`${kind} `)).map((s) => adOf(kind, s.slice(kind.length + 1))).sort()
}

/** URLs this page handed to the browser (sendBeacon or keepalive fetch), sorted, duplicates kept. */
const beacons = (page: Page) => page.evaluate(() => (window as unknown as { __beacons: string[] }).__beacons.slice().sort())

/** Waits until the collector has these cards' `kind` events, whatever order they arrive in. */
async function arrived(kind: Kind, indexes: number[]): Promise<void> {
  for (const i of indexes) await env.collector.waitFor((e) => e.kind === kind && e.adId === ads[i]!.ad_id, 10_000)
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
    await page.goto(`${env.site.origin}/listing.html`)
    const { sessionId } = await stateOf(page)

    // Cards 0, 1 (fully) and 2 (20%) are in view: three impressions, from both binding styles.
    await rendered(page, 2, true)
    expect(await sent(page, 'impression')).toEqual(cardIds([0, 1, 2]))
    expect(await sent(page, 'view')).toEqual([])

    // One millisecond short of a second: still no view.
    await page.clock.runFor(999)
    expect(await sent(page, 'view')).toEqual([])
    await page.clock.runFor(1)
    expect(await sent(page, 'view')).toEqual(cardIds([0, 1])) // not card 2: only 20% in view

    // Far down the list: cards 20, 21 and 48% of 22.
    await scrollToCard(page, 20)
    await rendered(page, 22, true)
    expect(await sent(page, 'impression')).toEqual(cardIds([0, 1, 2, 20, 21, 22]))

    // Half a second, then the shopper scrolls away: the second starts over when they come back.
    await page.clock.runFor(500)
    await scrollToCard(page, 0)
    await rendered(page, 20, false)
    await page.clock.runFor(2000)
    await scrollToCard(page, 20)
    await rendered(page, 20, true)
    await page.clock.runFor(999)
    expect(await sent(page, 'view')).toEqual(cardIds([0, 1]))
    await page.clock.runFor(1)
    expect(await sent(page, 'view')).toEqual(cardIds([0, 1, 20, 21]))

    // Back and forth again: nothing is sent twice on this page view.
    await scrollToCard(page, 0)
    await rendered(page, 0, true)
    await page.clock.runFor(3000)
    await scrollToCard(page, 20)
    await rendered(page, 20, true)
    await page.clock.runFor(3000)

    // The planted reviews are in view the whole time, and are clicked: nothing is sent for them.
    await scrollToCard(page, 0)
    await rendered(page, 0, true)
    for (const id of ['#planted', '#planted-relative', '#planted-tab']) await page.click(id)

    const expected: Record<Kind, number[]> = { impression: [0, 1, 2, 20, 21, 22], view: [0, 1, 20, 21], click: [] }
    for (const kind of KINDS) expect(await sent(page, kind), kind).toEqual(cardIds(expected[kind]))
    // Each handed to the browser once, and nothing else.
    const { ads: { sent: all } } = await stateOf(page)
    expect(await beacons(page)).toEqual(all.map((s) => s.slice(s.indexOf(' ') + 1)).sort())

    // All of them arrive, in whatever order, once each, exactly as Get ads gave them.
    for (const kind of KINDS) await arrived(kind, expected[kind])
    for (const kind of KINDS) expect(idsOf(adEvents(kind)), kind).toEqual(cardIds(expected[kind]))
    for (const e of adEvents()) {
      // The URL exactly as Get ads gave it (signature intact), a body the spec accepts, our session.
      expect(e.signature, e.url).toBe('valid')
      expect(e.valid, JSON.stringify(e.errors)).toBe(true)
      expect(e.status).toBe(202)
      // As VTEX's own storefront apps send them: a form body, CORS-safelisted, so no preflight.
      expect(e.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8')
      expect(e.body).toEqual({ session_id: sessionId })
      expect(ads.some((a) => a[`${e.kind as Kind}_url`].endsWith(e.url))).toBe(true)
    }
    // No request at all for a planted URL, on any host, the store's own included.
    expect(w.requests.filter((u) => /evil\.example|localhost|planted/.test(u))).toEqual([])
    const warned = (s: string) => w.warnings.some((m) => m.includes('[adbeacon]') && m.includes(s))
    expect(warned('evil.example')).toBe(true)
    expect(warned(`localhost:${new URL(env.collector.origin).port}`)).toBe(true)
    for (const path of ['planted-redirect', 'planted-view', 'planted-tab']) expect(warned(path), path).toBe(true)
    expect(w.errors).toEqual([])
    await w.ctx.close()
  })

  it("a click beacon arrives although the click navigates away; keyboard and middle-click count, a script's click does not; once per ad", async () => {
    const w = await open(false)
    const { page } = w
    await page.goto(`${env.site.origin}/listing.html`)
    await page.evaluate(() => (window as unknown as { adbeacon: (...a: unknown[]) => void }).adbeacon('identify', 'customer-42'))
    const { sessionId } = await stateOf(page)

    // Middle-click opens a new tab and leaves this page; twice is still one click.
    const popup = ctxPopup(w.ctx)
    await page.click('#card-3 a', { button: 'middle' })
    await page.click('#card-3 a', { button: 'middle' })
    expect(await sent(page, 'click')).toEqual(cardIds([3]))
    await (await popup)?.close()

    // A carousel's autoplay, or any script, calling .click() inside an ad: not the shopper's click.
    await page.evaluate(() => document.getElementById('card-7')!.click())
    expect(await sent(page, 'click')).toEqual(cardIds([3]))
    // The shopper's own click on that card (beside its link, so the page stays) counts.
    await page.click('#card-7', { position: { x: 500, y: 200 } })
    expect(await sent(page, 'click')).toEqual(cardIds([3, 7]))
    expect((await beacons(page)).filter((u) => u.includes('/click/'))).toEqual([ads[3]!.click_url, ads[7]!.click_url].sort())

    // Mouse click on a data-ad-id card's link: the page navigates away at once.
    await Promise.all([page.waitForURL('**/product.html?**'), page.click('#card-0 a')])
    await arrived('click', [0])

    // Keyboard: Enter on a focused link.
    await page.goBack()
    await page.waitForURL('**/listing.html')
    await page.focus('#card-5 a')
    await Promise.all([page.waitForURL('**/product.html?**'), page.keyboard.press('Enter')])

    await arrived('click', [0, 3, 5, 7])
    const clicks = adEvents('click')
    expect(idsOf(clicks)).toEqual(cardIds([0, 3, 5, 7]))
    for (const e of clicks) {
      expect(e.signature).toBe('valid')
      expect(e.valid, JSON.stringify(e.errors)).toBe(true)
      expect(e.body).toEqual({ session_id: sessionId, user_id: 'customer-42' })
    }
    expect(clicks.find((e) => e.adId === ads[0]!.ad_id)!.url).toBe(ads[0]!.click_url.slice(env.collector.origin.length))
    // A form body is a CORS-safelisted type: no preflight doubles the event.
    expect(env.collector.preflights().filter((p) => p.adId !== undefined)).toEqual([])
    expect(w.errors).toEqual([])
    await w.ctx.close()
  })
})

/** The next page the context opens (a middle-click opens the link in a new tab), or undefined. */
function ctxPopup(ctx: BrowserContext): Promise<Page | undefined> {
  return Promise.race([ctx.waitForEvent('page', { timeout: 5000 }).catch(() => undefined), new Promise<undefined>((r) => setTimeout(() => r(undefined), 5000))])
}

describe('landing context in real Chromium', () => {
  interface Landing { touches: Array<{ at: number; params: Record<string, string> }>; fbc?: string }
  const landingOf = async (page: Page) => (await debugStateOf<{ landing: Landing }>(page)).landing
  const landingCookies = async (ctx: BrowserContext) => (await ctx.cookies()).filter((c) => c.name.startsWith('adb_landing'))

  it('survives navigation, is still there 13 days later, and is gone after the 14-day window', async () => {
    const w = await open(true)
    const { page } = w
    await page.clock.install({ time: T0 })
    await page.clock.pauseAt(T0 + 1000)
    const fbclid = 'IwAR2F4-dbP0l7Mn1IawQ_Q'
    await page.goto(`${env.site.origin}/shop/landing.html?naid=6d2d8837-bf5a&ncid=camp-1&gclid=Cj0KCQiA-x_Y&fbclid=${fbclid}&utm_source=newsletter&utm_campaign=ver%C3%A3o&utm_term=ana%40mail.com&q=shoes`)
    const first = await landingOf(page)
    expect(first.touches).toHaveLength(1)
    const at = first.touches[0]!.at
    expect(at).toBeGreaterThanOrEqual(T0 + 1000)
    // utm_term held an e-mail: refused.
    expect(first.touches[0]!.params).toEqual({ naid: '6d2d8837-bf5a', ncid: 'camp-1', gclid: 'Cj0KCQiA-x_Y', fbclid, utm_source: 'newsletter', utm_campaign: 'verão' })
    expect(first.fbc).toBe(`fb.1.${at}.${fbclid}`)
    // Without cookieDomain it is kept in localStorage only: no cookie rides along to the store.
    expect(await landingCookies(w.ctx)).toEqual([])

    // Another page, on another path, without parameters.
    await page.goto(`${env.site.origin}/shop/other.html`)
    expect(await landingOf(page)).toEqual(first)
    await page.goto(`${env.site.origin}/product.html`)
    expect(await landingOf(page)).toEqual(first)

    // 13 days later, in a new tab of the same browser profile.
    await page.clock.setSystemTime(at + 13 * DAY)
    const later = await w.ctx.newPage()
    await later.goto(`${env.site.origin}/shop/other.html`)
    expect(await landingOf(later)).toEqual(first)

    // After the window: gone. Playwright's clock moves the page's Date, not the browser's own
    // cookie expiry; what this shows is adbeacon's rule: every read judges the stored record and
    // each touch by their time, so an outdated one is never used, whatever the browser still keeps.
    await page.clock.setSystemTime(at + 14 * DAY + 60_000)
    await later.goto(`${env.site.origin}/product.html`)
    expect(await landingOf(later)).toEqual({ touches: [] })
    expect(w.errors).toEqual([])
    await w.ctx.close()
  })

  it('with cookieDomain, only the newest click ids go in a small cookie; no utm travels to the store', async () => {
    const w = await open(true)
    const { page } = w
    const fbclid = 'IwAR2F4-dbP0l7Mn1IawQ_Q' + 'x'.repeat(150)
    const long = (c: string) => c.repeat(400)
    await page.goto(`${env.site.origin}/shared/landing.html?gclid=Cj0KCQiA-x_Y&fbclid=${fbclid}&utm_source=newsletter&utm_campaign=${long('c')}&utm_content=${long('d')}`)
    const { touches } = await landingOf(page)
    expect(touches[0]!.params.utm_content).toBe(long('d')) // kept, in localStorage
    const cookies = await landingCookies(w.ctx)
    expect(cookies.map((c) => c.name)).toEqual(['adb_landing'])
    expect(cookies[0]!.value.length).toBeLessThanOrEqual(512)
    expect(JSON.parse(decodeURIComponent(cookies[0]!.value))).toEqual([{ at: touches[0]!.at, params: { gclid: 'Cj0KCQiA-x_Y', fbclid } }])

    // What the store's server receives with the next page request.
    const request = page.waitForRequest((r) => r.url().endsWith('/shared/product.html'))
    await page.goto(`${env.site.origin}/shared/product.html`)
    const cookieHeader = (await (await request).allHeaders()).cookie ?? ''
    expect(cookieHeader).toContain('adb_landing=')
    expect(cookieHeader).not.toContain('utm')
    expect(cookieHeader.length).toBeLessThan(1024)
    expect((await landingOf(page)).touches).toEqual(touches)

    // reset() forgets it all, the cookie and this host's touches alike.
    await page.evaluate(() => (window as unknown as { adbeacon: (...a: unknown[]) => void }).adbeacon('reset'))
    expect(await landingCookies(w.ctx)).toEqual([])
    await page.goto(`${env.site.origin}/shared/product.html`)
    expect(await landingOf(page)).toEqual({ touches: [] })
    expect(w.errors).toEqual([])
    await w.ctx.close()
  })
})
