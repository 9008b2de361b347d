// Real Chromium: a page restored from the back/forward cache is a page view for the transport
// (the outbox is flushed) but the same ad serve for ad events (nothing is sent again). Prerendering
// is tested in happy-dom (test/unit/entries/tag.test.ts, esm.test.ts): Chromium turns it off while
// DevTools, so Playwright, is attached (PrerenderingDisabledByDevTools).
import { describe, expect, it } from 'vitest'
import { pageWithErrors, useHarness } from './support/harness'

const order = (id: string) => ({ order_id: id, email: 'life@example.com', items: [{ sku: 'SKU-1', quantity: 1, price: 10, promotional_price: 9 }] })
const tag = () => `<script src="/adbeacon.js" data-publisher-id="pub-e2e" data-conversion-url="${env.collector.origin}/v1/beacon/conversion" data-event-hosts="127.0.0.1:${new URL(env.collector.origin).port}"></script>`
const adCard = (id: string) => {
  const u = (kind: string) => `${env.collector.origin}/v1/beacon/${kind}/${id}?event_id=e-${id}&sign=s`
  return `<div style="width:300px;height:200px" data-ad-id="${id}" data-ad-impression-url="${u('impression')}" data-ad-view-url="${u('view')}" data-ad-click-url="${u('click')}">ad ${id}</div>`
}
/** What the page saw of its own lifecycle, kept across a bfcache restore (same document). */
const RECORD = () => {
  const w = window as unknown as { __life: string[] }
  w.__life = []
  addEventListener('pageshow', (e) => w.__life.push(`pageshow persisted=${e.persisted}`))
}

const env = useHarness({
  routes: () => ({
    '/life/confirm.html': () => `<!doctype html><title>confirm</title>${tag()}${adCard('bf-1')}
      <script type="application/json" data-adbeacon-order>${JSON.stringify(order('E2E-BFCACHE'))}</script>`,
    // no adbeacon here: only the restored page can flush the outbox
    '/life/plain.html': () => `<!doctype html><title>plain</title><p>plain</p>`,
  }),
  cacheControl: 'no-cache',
  bfcache: true,
})

const conversions = (id: string) => env.collector.events().filter((e) => e.kind === 'conversion' && (e.body as { order_id?: string }).order_id === id)

describe('page lifecycle in real Chromium', () => {
  it('a back/forward-cache restore flushes the outbox, and sends no ad event a second time', async () => {
    const ctx = await env.browser.newContext()
    await ctx.addInitScript(RECORD)
    // Nothing can leave the confirmation page: no sendBeacon, and the conversion endpoint refuses.
    await ctx.addInitScript(() => Object.defineProperty(Navigator.prototype, 'sendBeacon', { value: undefined }))
    await ctx.route('**/v1/beacon/conversion', (route) => route.abort('connectionrefused'))
    const { page, errors } = await pageWithErrors(ctx)
    await page.goto(`${env.site.origin}/life/confirm.html`)
    await page.waitForFunction(() => (localStorage.getItem('adb_outbox') ?? '[]') !== '[]')
    await env.collector.waitFor((e) => e.kind === 'impression', 10_000)
    await page.waitForTimeout(1500) // the view second
    const adEvents = env.collector.events().filter((e) => e.kind !== 'conversion').length
    expect(adEvents).toBeGreaterThan(0)
    expect(conversions('E2E-BFCACHE')).toHaveLength(0)

    await ctx.unroute('**/v1/beacon/conversion') // the network is back
    await page.goto(`${env.site.origin}/life/plain.html`)
    // a restore from the back/forward cache fires pageshow (persisted), not load
    await page.goBack({ waitUntil: 'commit' })
    await page.waitForFunction(() => (window as unknown as { __life?: string[] }).__life?.some((x) => x.startsWith('pageshow persisted=true')))
    expect(await page.evaluate(() => (window as unknown as { __life: string[] }).__life)).toContain('pageshow persisted=true')
    await env.collector.waitFor((e) => e.kind === 'conversion', 10_000)
    await page.waitForTimeout(1500)
    expect(conversions('E2E-BFCACHE')).toHaveLength(1)
    expect(conversions('E2E-BFCACHE')[0]!.valid).toBe(true)
    // the same ads, the same serve: VTEX wants each event once per ad and context
    expect(env.collector.events().filter((e) => e.kind !== 'conversion')).toHaveLength(adEvents)
    expect(errors).toEqual([])
    await ctx.close()
  })

})
