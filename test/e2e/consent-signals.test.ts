// Real Chromium: consent the page already signals (Google Consent Mode in dataLayer, an IAB TCF
// CMP, Global Privacy Control) holds before adbeacon writes its first id, and adbeacon's dataLayer
// hook leaves the store's tag manager working.
import { describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { trackerLoaded } from './support/chromium'
import { pageWithErrors, useHarness } from './support/harness'

const PIXEL = '1234567890123456'
const ORDER = { order_id: 'E2E-GPC', email: 'gpc@example.com', phone: '+5511999999999', items: [{ sku: 'SKU-1', quantity: 1, price: 10, promotional_price: 9 }] }
const tag = (extra = '') =>
  `<script src="/adbeacon.js" data-publisher-id="pub-e2e" data-currency="BRL" data-conversion-url="${env.collector.origin}/v1/beacon/conversion"
    data-event-hosts="127.0.0.1:${new URL(env.collector.origin).port}" data-facebook-pixel-id="${PIXEL}" data-google-conversion-id="AW-987654321"
    data-google-conversion-label="AbC" data-meta-endpoint="${env.collector.origin}/tr" data-google-endpoint="${env.collector.origin}/pagead/conversion/" ${extra}></script>`
const adCard = () => {
  const u = (kind: string) => `${env.collector.origin}/v1/beacon/${kind}/c-1?event_id=e-c-1&sign=s`
  return `<div style="width:300px;height:200px" data-ad-id="c-1" data-ad-impression-url="${u('impression')}" data-ad-view-url="${u('view')}" data-ad-click-url="${u('click')}">ad</div>`
}
const GTAG = `<script>window.dataLayer = window.dataLayer || []; function gtag(){ dataLayer.push(arguments) }</script>`
/** A TCF v2.2 CMP stub that has loaded: purpose 1 refused, GDPR applies. */
const TCF_REFUSED = `<script>window.__tcfapi = function (cmd, v, cb) {
  if (cmd === 'addEventListener') cb({ eventStatus: 'tcloaded', gdprApplies: true, purpose: { consents: { 1: false, 2: true } } }, true) }</script>`

const env = useHarness({
  routes: () => ({
    '/cm/denied.html': () => `<!doctype html><title>cm</title>${GTAG}<script>gtag('consent', 'default', { ad_storage: 'denied', ad_user_data: 'denied' })</script>${tag()}${adCard()}`,
    '/tcf/page.html': () => `<!doctype html><title>tcf</title>${TCF_REFUSED}${tag()}${adCard()}`,
    '/gpc/thanks.html': () => `<!doctype html><title>thanks</title>${tag()}<script type="application/json" data-adbeacon-order>${JSON.stringify(ORDER)}</script>`,
    // a tag manager that hooked dataLayer.push before adbeacon, as GTM does (data-layer-helper)
    '/gtm/page.html': () => `<!doctype html><title>gtm</title><script>
      window.dataLayer = [{ event: 'gtm.js' }]; window.__gtmSaw = [];
      var original = dataLayer.push;
      dataLayer.push = function () { for (var i = 0; i < arguments.length; i++) __gtmSaw.push(arguments[i]); return original.apply(dataLayer, arguments) };
    </script>${tag()}`,
  }),
})

const stored = async (page: Page, ctx: BrowserContext) => ({
  local: await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('adb_') && k !== 'adb_sent').sort()),
  cookies: (await ctx.cookies()).filter((c) => c.name.startsWith('adb_')).map((c) => c.name).sort(),
})

describe('consent signals in real Chromium', () => {
  it('Consent Mode default denied: no id stored (the ad events still go); an update to granted then stores them', async () => {
    const ctx = await env.browser.newContext()
    const { page, errors } = await pageWithErrors(ctx)
    await page.goto(`${env.site.origin}/cm/denied.html?gclid=Cj0-consent-mode`)
    await env.collector.waitFor((e) => e.kind === 'impression', 10_000)
    expect(await stored(page, ctx)).toEqual({ local: [], cookies: [] })
    await page.evaluate(() => (window as unknown as { gtag(...a: unknown[]): void }).gtag('consent', 'update', { ad_storage: 'granted' }))
    const after = await stored(page, ctx)
    // (the cookie copy of the ids is written by the next page view's first event, which renews them)
    expect(after.local).toEqual(expect.arrayContaining(['adb_sid', 'adb_landing', 'adb_landing_touches']))
    // the session_id the page used while denied is the one now stored
    const impression = env.collector.events().find((e) => e.kind === 'impression')!
    const sid = await page.evaluate(() => JSON.parse(localStorage.getItem('adb_sid')!).v)
    expect(impression.rawBody).toContain(`session_id=${sid}`)
    expect(errors).toEqual([])
    await ctx.close()
  })

  it('a TCF CMP with purpose 1 refused: nothing stored across two page loads; ad events still carry a session_id', async () => {
    const ctx = await env.browser.newContext()
    const page = await ctx.newPage()
    await page.goto(`${env.site.origin}/tcf/page.html?gclid=Cj0-tcf`)
    await env.collector.waitFor((e) => e.kind === 'impression', 10_000)
    await page.goto(`${env.site.origin}/tcf/page.html`)
    await page.waitForTimeout(500)
    expect(await stored(page, ctx)).toEqual({ local: [], cookies: [] })
    expect(env.collector.events().find((e) => e.kind === 'impression')!.rawBody).toMatch(/^session_id=[0-9a-f-]{36}$/)
    await ctx.close()
  })

  it('Global Privacy Control: Meta and Google get the sale without hashed shopper data; VTEX gets it whole', async () => {
    const ctx = await env.browser.newContext()
    await ctx.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }))
    const page = await ctx.newPage()
    await page.goto(`${env.site.origin}/gpc/thanks.html`)
    const purchase = await env.collector.waitFor((e) => e.destination === 'meta' && e.kind === 'purchase', 10_000)
    const google = await env.collector.waitFor((e) => e.destination === 'google' && e.kind === 'conversion', 10_000)
    const vtex = await env.collector.waitFor((e) => e.destination === 'vtex' && e.kind === 'conversion', 10_000)
    expect(purchase.query).toMatchObject({ id: PIXEL, ev: 'Purchase', eid: 'E2E-GPC' })
    expect(Object.keys(purchase.query ?? {}).filter((k) => k.startsWith('ud['))).toEqual([])
    expect(JSON.stringify(google.query)).not.toMatch(/sha256|em=|user_data/)
    expect(google.query).toMatchObject({ oid: 'E2E-GPC' })
    expect((vtex.body as { email_hashed?: string }).email_hashed).toMatch(/^[0-9a-f]{64}$/)
    await ctx.close()
  })

  it("a dataLayer the store's tag manager hooked keeps working: push returns what it did and reaches its listener", async () => {
    const ctx = await env.browser.newContext()
    const page = await ctx.newPage()
    await page.goto(`${env.site.origin}/gtm/page.html`)
    await trackerLoaded(page)
    const r = await page.evaluate(() => {
      const w = window as unknown as { dataLayer: unknown[]; __gtmSaw: unknown[] }
      const before = w.dataLayer.length
      const returned = w.dataLayer.push({ event: 'view_item' }, { event: 'add_to_cart' })
      return { returned, before, length: w.dataLayer.length, saw: w.__gtmSaw, isArray: Array.isArray(w.dataLayer) }
    })
    expect(r.returned).toBe(r.before + 2)
    expect(r.length).toBe(r.before + 2)
    expect(r.saw).toEqual([{ event: 'view_item' }, { event: 'add_to_cart' }])
    expect(r.isArray).toBe(true)
    // adbeacon pushed nothing of its own
    expect(await page.evaluate(() => (window as unknown as { dataLayer: unknown[] }).dataLayer)).toEqual([{ event: 'gtm.js' }, { event: 'view_item' }, { event: 'add_to_cart' }])
    await ctx.close()
  })
})
