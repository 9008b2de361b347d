// Real Chromium: a sale that cannot be sent now survives to the next page view (Segment's
// reload-retry test), and consent denied from the tag writes no id across page loads.
import { describe, expect, it } from 'vitest'
import { debugStateOf } from './support/chromium'
import { pageWithErrors, useHarness } from './support/harness'

const ORDER = { order_id: 'E2E-RETRY', email: 'retry@example.com', items: [{ sku: 'SKU-1', quantity: 1, price: 10, promotional_price: 9 }] }

const tag = (extra = '') =>
  `<script src="/adbeacon.js" data-debug data-publisher-id="pub-e2e" data-conversion-url="${env.collector.origin}/v1/beacon/conversion"${extra}></script>`

const env = useHarness({
  routes: () => ({
    '/confirm.html': () => `<!doctype html><title>confirm</title>${tag()}
      <script type="application/json" data-adbeacon-order>${JSON.stringify(ORDER)}</script>`,
    '/next.html': () => `<!doctype html><title>next</title>${tag()}<p>next</p>`,
    '/denied/a.html': () => `<!doctype html><title>a</title>${tag(' data-consent="denied"')}<p>a</p>`,
    '/denied/b.html': () => `<!doctype html><title>b</title>${tag(' data-consent="denied"')}
      <script type="application/json" data-adbeacon-order>${JSON.stringify({ ...ORDER, order_id: 'E2E-DENIED' })}</script>`,
  }),
})

type State = { outbox: number; conversions: Array<{ status: string }>; sessionId: string }
type Debug = { adbeacon: { debugState(): State | undefined } }

describe('resilience in real Chromium', () => {
  it('a sale that cannot be sent now waits in the outbox and arrives on the next page view', async () => {
    const ctx = await env.browser.newContext()
    // No sendBeacon (old browser, or blocked), and the network refuses the conversion: nothing
    // can leave this page.
    await ctx.addInitScript(() => { if (location.pathname === '/confirm.html') Object.defineProperty(Navigator.prototype, 'sendBeacon', { value: undefined }) })
    await ctx.route('**/v1/beacon/conversion', (route) => route.abort('connectionrefused'))
    const { page, errors } = await pageWithErrors(ctx)
    await page.goto(`${env.site.origin}/confirm.html`)
    await page.waitForFunction(() => ((window as unknown as Debug).adbeacon.debugState()?.conversions.length ?? 0) > 0)
    const state = await debugStateOf<State>(page)
    expect(state.conversions[0]!.status).toBe('queued')
    expect(state.outbox).toBe(1)
    expect(env.collector.events().filter((e) => e.kind === 'conversion')).toHaveLength(0)

    // the network is back; the shopper goes on to another page of the store
    await ctx.unroute('**/v1/beacon/conversion')
    await page.goto(`${env.site.origin}/next.html`)
    const ev = await env.collector.waitFor((e) => e.kind === 'conversion', 10_000)
    expect(ev.valid, JSON.stringify(ev.errors)).toBe(true)
    expect((ev.body as { order_id: string; session_id: string }).order_id).toBe('E2E-RETRY')
    expect((ev.body as { session_id: string }).session_id).toBe(state.sessionId)
    await page.waitForFunction(() => (window as unknown as Debug).adbeacon.debugState()?.outbox === 0)
    // and the confirmation, visited again, does not send it a second time
    await page.goto(`${env.site.origin}/confirm.html`)
    await page.waitForTimeout(500)
    expect(env.collector.events().filter((e) => e.kind === 'conversion')).toHaveLength(1)
    expect(errors).toEqual([])
    await ctx.close()
  })

  it('data-consent="denied" writes no id to cookies or localStorage across page loads, and the sale still goes', async () => {
    const ctx = await env.browser.newContext()
    const page = await ctx.newPage()
    await page.goto(`${env.site.origin}/denied/a.html?gclid=Cj0KCQiA-denied`)
    await page.goto(`${env.site.origin}/denied/b.html`)
    const ev = await env.collector.waitFor((e) => e.kind === 'conversion', 10_000)
    expect(ev.valid, JSON.stringify(ev.errors)).toBe(true)
    const cookies = await ctx.cookies()
    expect(cookies.filter((c) => c.name.startsWith('adb_'))).toEqual([])
    const keys = await page.evaluate(() => Object.keys(localStorage))
    // only the ledger of reported order ids (whole, and its newest entries for the cookie copy,
    // which is not written without storage consent), which identifies nobody
    expect(keys.filter((k) => k !== 'adb_sent' && k !== 'adb_sent_c')).toEqual([])
    await ctx.close()
  })
})
