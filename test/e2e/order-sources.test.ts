// Real Chromium: the sale where the store already publishes it (a dataLayer purchase, VTEX IO's
// vtex:orderPlaced message) is reported once, together with the other ways (conversion(), another
// source under another id of the same sale), and the store's dataLayer keeps working.
import { describe, expect, it } from 'vitest'
import { useHarness } from './support/harness'
import { ga4Params, uaPush, vtexGtmPushes, vtexOrderPlaced } from '../unit/conversion/sources/fixtures'

const tag = (extra = '') => `<script src="/adbeacon.js" data-publisher-id="pub-e2e" data-conversion-url="${env.collector.origin}/v1/beacon/conversion" ${extra}></script>`
const GTAG = `<script>window.dataLayer = window.dataLayer || []; function gtag(){ dataLayer.push(arguments) }</script>`
const withEmail = (id: string) => ({ event: 'purchase', ecommerce: { ...ga4Params(), transaction_id: id }, user_data: { email_address: 'ga4.buyer@example.com' } })

const env = useHarness({
  routes: () => ({
    // pushed before the tag ran
    '/src/ga4-before.html': () => `<!doctype html><title>ga4</title><script>window.dataLayer = [${JSON.stringify(withEmail('GA4-BEFORE'))}]</script>${tag()}`,
    // gtag('event', 'purchase') after load, the shopper's data set for enhanced conversions
    '/src/ga4-after.html': () => `<!doctype html><title>ga4</title>${GTAG}${tag()}<script>
      addEventListener('load', () => setTimeout(() => gtag('event', 'purchase', Object.assign(${JSON.stringify({ ...ga4Params(), transaction_id: 'GA4-AFTER' })}, { user_data: { email: 'late.buyer@example.com' } })), 100))</script>`,
    '/src/ua.html': () => `<!doctype html><title>ua</title><script>window.dataLayer = [${JSON.stringify(uaPush())}]</script>${tag()}`,
    '/src/vtex.html': () => `<!doctype html><title>vtex</title>${tag()}<script>
      addEventListener('load', () => { window.postMessage(${JSON.stringify(vtexOrderPlaced())}, '*') })</script>`,
    // VTEX's GTM app's GA4 push (no e-mail), then VTEX IO's message of the same sale (with it)
    '/src/no-email.html': () => `<!doctype html><title>no e-mail</title><script>window.dataLayer = [${JSON.stringify(vtexGtmPushes().ga4)}]</script>${tag(`data-facebook-pixel-id="111" data-meta-endpoint="${env.collector.origin}/tr"`)}<script>
      addEventListener('load', () => setTimeout(() => window.postMessage(${JSON.stringify(vtexOrderPlaced())}, '*'), 1500))</script>`,
    // a tag manager delayed until after load (or a checkout that makes its dataLayer late): GTM's
    // own snippet, then the purchase
    '/src/late.html': () => `<!doctype html><title>late</title>${tag()}<script>
      addEventListener('load', () => setTimeout(() => { (function (w, l) { w[l] = w[l] || [] })(window, 'dataLayer'); window.dataLayer.push(${JSON.stringify(withEmail('GA4-LATE'))}) }, 300))</script>`,
    '/src/off.html': () => `<!doctype html><title>off</title><script>window.dataLayer = [${JSON.stringify(withEmail('GA4-OFF'))}]</script>${tag('data-order-source="none"')}`,
  }),
})

const vtexConversions = () => env.collector.events().filter((e) => e.destination === 'vtex' && e.kind === 'conversion')

describe('order sources in real Chromium', () => {
  it('a GA4 purchase pushed before the tag and one pushed by gtag after load each arrive once, valid', async () => {
    const ctx = await env.browser.newContext()
    const page = await ctx.newPage()
    await page.goto(`${env.site.origin}/src/ga4-before.html`)
    const first = await env.collector.waitFor((e) => e.kind === 'conversion', 10_000)
    expect(first.valid, JSON.stringify(first.errors)).toBe(true)
    expect(first.body).toMatchObject({ order_id: 'GA4-BEFORE', items: [{ sku: 'SKU_12345', quantity: 3 }, { sku: 'SKU_12346', quantity: 2 }] })
    await page.goto(`${env.site.origin}/src/ga4-after.html`)
    await env.collector.waitFor((e) => e.kind === 'conversion' && (e.body as { order_id?: string }).order_id === 'GA4-AFTER', 10_000)
    // a reload publishes the purchases again: nothing more is sent
    await page.reload()
    await page.waitForTimeout(1500)
    expect(vtexConversions().map((e) => (e.body as { order_id: string }).order_id).sort()).toEqual(['GA4-AFTER', 'GA4-BEFORE'])
    await ctx.close()
  })

  it('a dataLayer the page makes only after load still has its purchase reported, once', async () => {
    const ctx = await env.browser.newContext()
    const page = await ctx.newPage()
    await page.goto(`${env.site.origin}/src/late.html`)
    const ev = await env.collector.waitFor((e) => e.kind === 'conversion', 10_000)
    expect(ev.valid, JSON.stringify(ev.errors)).toBe(true)
    expect(ev.body).toMatchObject({ order_id: 'GA4-LATE' })
    // the page's array, a plain property, its push answering as an array's does
    expect(await page.evaluate(() => {
      const dl = (window as unknown as { dataLayer: unknown[] }).dataLayer
      return [Array.isArray(dl), Object.getOwnPropertyDescriptor(window, 'dataLayer')?.writable, dl.push({ event: 'x' })]
    })).toEqual([true, true, 2])
    await page.reload()
    await page.waitForTimeout(1500)
    expect(vtexConversions()).toHaveLength(1)
    await ctx.close()
  })

  it('a UA-shaped purchase without an e-mail is read but reaches no platform, and the console says why', async () => {
    const ctx = await env.browser.newContext()
    const page = await ctx.newPage()
    const warnings: string[] = []
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()))
    await page.goto(`${env.site.origin}/src/ua.html`)
    await page.waitForFunction(() => document.querySelector('script[src$="adbeacon-conversion.js"]'))
    await page.waitForTimeout(1000)
    expect(vtexConversions()).toEqual([])
    expect(warnings.join('\n')).toMatch(/\[adbeacon\].*email/)
    await ctx.close()
  })

  it("VTEX IO's orderPlaced message arrives once under its first sub-order; conversion() with the order group then answers duplicate", async () => {
    const ctx = await env.browser.newContext()
    const page = await ctx.newPage()
    await page.goto(`${env.site.origin}/src/vtex.html`)
    const ev = await env.collector.waitFor((e) => e.kind === 'conversion', 10_000)
    expect(ev.valid, JSON.stringify(ev.errors)).toBe(true)
    expect((ev.body as { order_id: string }).order_id).toBe('1310750551387-01')
    const again = await page.evaluate(
      (order) => (window as unknown as { adbeacon(c: string, o: unknown): Promise<{ destinations: Record<string, { status: string }> }> }).adbeacon('conversion', order),
      { order_id: '1310750551387', email: 'ana@example.com', items: [{ sku: '20', quantity: 2, price: 1600.99, promotional_price: 1500.99 }] },
    )
    expect(again.destinations.vtex?.status).toBe('duplicate')
    // the same message again (an SPA re-render) sends nothing either
    await page.evaluate((data) => window.postMessage(data, '*'), vtexOrderPlaced())
    await page.waitForTimeout(1000)
    expect(vtexConversions()).toHaveLength(1)
    await ctx.close()
  })

  it('a GA4 purchase without an e-mail reaches Meta (not VTEX Ads, which requires it); the same sale with its e-mail then reaches VTEX Ads once, and Meta not again', async () => {
    const ctx = await env.browser.newContext()
    const page = await ctx.newPage()
    const warnings: string[] = []
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()))
    await page.goto(`${env.site.origin}/src/no-email.html`)
    const purchase = await env.collector.waitFor((e) => e.destination === 'meta' && e.kind === 'purchase', 10_000)
    expect(purchase.query).toMatchObject({ id: '111', ev: 'Purchase', eid: '1310750551387' })
    expect(Object.keys(purchase.query ?? {}).filter((k) => k.startsWith('ud[em]'))).toEqual([])
    expect(warnings.join('\n')).toContain('[adbeacon] no email: vtex: order.email is missing')
    const ev = await env.collector.waitFor((e) => e.destination === 'vtex' && e.kind === 'conversion', 10_000)
    expect(ev.valid, JSON.stringify(ev.errors)).toBe(true)
    expect(ev.body).toMatchObject({ order_id: '1310750551387-01', email_hashed: expect.stringMatching(/^[0-9a-f]{64}$/) })
    // a reload publishes both again: nothing more goes anywhere
    await page.reload()
    await page.waitForTimeout(2500)
    expect(vtexConversions()).toHaveLength(1)
    expect(env.collector.events().filter((e) => e.destination === 'meta' && e.kind === 'purchase')).toHaveLength(1)
    await ctx.close()
  })

  it('data-order-source="none" reads no source', async () => {
    const ctx = await env.browser.newContext()
    const page = await ctx.newPage()
    await page.goto(`${env.site.origin}/src/off.html`)
    await page.waitForTimeout(1500)
    expect(vtexConversions()).toEqual([])
    expect(await page.evaluate(() => !!document.querySelector('script[src$="adbeacon-conversion.js"]'))).toBe(false)
    await ctx.close()
  })
})
