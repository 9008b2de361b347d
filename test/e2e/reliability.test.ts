// Issue 10 in real Chromium: every sale arrives, once. The built dist files on a loopback page, the
// collector on another origin (CORS, as the real events server), and no request interception:
// the faults are the collector's own (demo/collector/faults.ts) or the page's storage made to fail.
// Each sale is counted per order at the collector: accepted (202) at least once when the network
// fails, exactly once when tabs race or storage fails.
import { describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { trackerLoaded } from './support/chromium'
import { pageWithErrors, useHarness } from './support/harness'
import type { Fault } from '../../demo/collector/index'

const order = (id: string) => ({ order_id: id, email: 'rel@example.com', items: [{ sku: 'SKU-1', quantity: 1, price: 10, promotional_price: 9 }] })
/** An order of ~100 KB once sent: 900 lines. */
const bigOrder = (id: string) => ({
  order_id: id,
  email: 'big@example.com',
  items: Array.from({ length: 900 }, (_, i) => ({ sku: `SKU-${i}`, product_id: `P-${i}`, seller_id: '1', quantity: 1, price: 19.9, promotional_price: 17.9 })),
})

const tag = () => `<script src="/adbeacon.js" data-debug data-publisher-id="pub-e2e" data-conversion-url="${env.collector.origin}/v1/beacon/conversion"></script>`

const env = useHarness({
  routes: () => ({
    // the confirmation page of order ?o=…, by the server-rendered block
    '/confirm.html': (url) => `<!doctype html><title>confirm</title>${tag()}
      <script type="application/json" data-adbeacon-order>${JSON.stringify(order(url.searchParams.get('o')!))}</script>`,
    '/next.html': () => `<!doctype html><title>next</title>${tag()}<p>next</p>`,
    // four big orders reported by the page's own script, and the page leaves in the same task
    '/big.html': (url) => `<!doctype html><title>big</title>${tag()}<script src="/adbeacon-conversion.js"></script>
      <script>const orders = ${JSON.stringify([0, 1, 2, 3].map((i) => bigOrder(`${url.searchParams.get('o')}-${i}`)))}</script>
      <button id="go" onclick="for (const o of orders) adbeacon('conversion', o); location.href = '/next.html'">go</button>`,
  }),
  reset: async (collector) => {
    await collector.fault(null)
    collector.clear()
  },
})

type Conversion = { status: string; order_id?: string; destinations: Record<string, { status: string }> }
type Debug = { adbeacon: { debugState(): { conversions: Conversion[] } | undefined } }

const sales = (id: string) => env.collector.events().filter((e) => e.kind === 'conversion' && (e.body as { order_id?: string }).order_id === id)
const accepted = (id: string) => sales(id).filter((e) => e.status === 202)

/** This page's conversion results, once there are `n` of them (data-debug's debugState). */
async function results(page: Page, n = 1): Promise<Conversion[]> {
  const handle = await page.waitForFunction((n) => {
    const list = (window as unknown as Debug).adbeacon?.debugState?.()?.conversions
    return list && list.length >= n ? list : undefined
  }, n, { timeout: 15_000, polling: 100 })
  return (await handle.jsonValue()) as Conversion[]
}

/** A new page of `ctx` whose uncaught errors go to the test's one list. */
const pageIn = async (ctx: BrowserContext, errors: string[]): Promise<Page> => (await pageWithErrors(ctx, errors)).page

describe('delivery that is observed (a real collector that fails, then recovers)', () => {
  const TRIALS = 5
  it.each<[string, Fault]>([
    ['refuses the connection', 'refuse'],
    ['resets the connection', 'reset'],
    ['answers 500', 500],
    ['answers 503', 503],
  ])(`the conversion endpoint %s: each sale is kept, not counted as sent, and accepted once the endpoint is back (${TRIALS} orders)`, async (_, fault) => {
    await env.collector.fault(fault)
    const errors: string[] = []
    const contexts = await Promise.all(Array.from({ length: TRIALS }, () => env.browser.newContext()))
    const ids = contexts.map((_, i) => `F-${fault}-${i}`)
    const pages = await Promise.all(contexts.map((ctx) => pageIn(ctx, errors)))
    await Promise.all(pages.map((p, i) => p.goto(`${env.site.origin}/confirm.html?o=${ids[i]}`)))
    // the delivery failed, and the page knows it: queued, not sent
    for (const p of pages) expect((await results(p))[0]!.destinations.vtex!.status).toBe('queued')
    for (const id of ids) expect(accepted(id)).toHaveLength(0)
    if (fault !== 'refuse') for (const id of ids) expect(sales(id).length).toBeGreaterThan(0)

    // the endpoint is back; each shopper goes on to another page of the store
    await env.collector.fault(null)
    await Promise.all(pages.map((p) => p.goto(`${env.site.origin}/next.html`)))
    await Promise.all(ids.map((id) => env.collector.waitFor((e) => e.status === 202 && (e.body as { order_id?: string }).order_id === id, 15_000)))
    for (const id of ids) {
      expect(accepted(id).length, id).toBeGreaterThanOrEqual(1)
      expect(accepted(id)[0]!.valid).toBe(true)
    }
    expect(errors).toEqual([])
    await Promise.all(contexts.map((c) => c.close()))
  }, 120_000)

  it('a confirmation page that stays open sends the sale again by itself once the endpoint recovers', async () => {
    await env.collector.fault(503)
    const ctx = await env.browser.newContext()
    const errors: string[] = []
    const page = await pageIn(ctx, errors)
    await page.goto(`${env.site.origin}/confirm.html?o=STAY-1`)
    expect((await results(page))[0]!.status).toBe('queued')
    await env.collector.fault(null)
    // no navigation: the page's own retry (after its 2 s backoff)
    await env.collector.waitFor((e) => e.status === 202 && (e.body as { order_id?: string }).order_id === 'STAY-1', 15_000)
    expect(accepted('STAY-1')).toHaveLength(1)
    expect(errors).toEqual([])
    await ctx.close()
  }, 60_000)
})

describe('one claim across tabs (Web Locks)', () => {
  it.each([
    ['two tabs open the same confirmation at the same moment', 2, 0, 20],
    ['three tabs open the same confirmation at the same moment', 3, 0, 20],
    ['a second tab opens it 200 ms after the first', 2, 200, 10],
  ])('%s: one sale per order (%i tabs, %i ms apart, %i trials)', async (_, tabs, laterMs, trials) => {
    const errors: string[] = []
    const ctx = await env.browser.newContext()
    const pages = await Promise.all(Array.from({ length: tabs }, () => pageIn(ctx, errors)))
    const ids: string[] = []
    for (let t = 0; t < trials; t++) {
      const id = `TABS-${tabs}-${laterMs}-${t}`
      ids.push(id)
      const url = `${env.site.origin}/confirm.html?o=${id}`
      await Promise.all(pages.map(async (p, i) => {
        if (i && laterMs) await new Promise((ok) => setTimeout(ok, laterMs))
        await p.goto(url)
      }))
      // every tab has reported: one sent it, the others found it a duplicate
      const statuses = await Promise.all(pages.map(async (p) => (await results(p))[0]!.destinations.vtex!.status))
      expect(statuses.filter((s) => s === 'sent'), `${id}: ${statuses}`).toHaveLength(1)
    }
    for (const id of ids) expect(sales(id), id).toHaveLength(1)
    for (const id of ids) expect(accepted(id), id).toHaveLength(1)
    expect(errors).toEqual([])
    await ctx.close()
  }, 300_000)
})

describe('the ledger survives storage faults', () => {
  const blockLocalStorage = () => {
    Object.defineProperty(window, 'localStorage', { configurable: true, get: () => { throw new DOMException('The operation is insecure.', 'SecurityError') } })
  }
  const refuseWrites = () => {
    Storage.prototype.setItem = () => { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError') }
  }
  const cookiesOff = () => {
    // What a browser with cookies blocked for the site does: reads give "", writes are ignored.
    Object.defineProperty(Document.prototype, 'cookie', { configurable: true, get: () => '', set: () => {} })
  }
  /** Fills this origin's localStorage until the browser refuses more (its real quota). */
  async function fillLocalStorage(page: Page) {
    await page.goto(`${env.site.origin}/next.html`)
    const filled = await page.evaluate(() => {
      localStorage.clear()
      let size = 1 << 20
      let i = 0
      while (size >= 1) {
        try {
          localStorage.setItem('fill-' + i++, 'x'.repeat(size))
        } catch {
          size = Math.floor(size / 2)
        }
      }
      try {
        localStorage.setItem('probe', 'x')
        return false
      } catch {
        return true
      }
    })
    expect(filled).toBe(true)
  }

  it.each<[string, (ctx: BrowserContext, page: Page) => Promise<void>]>([
    ['localStorage full', async (_, page) => fillLocalStorage(page)],
    ['localStorage throwing', async (ctx) => void (await ctx.addInitScript(blockLocalStorage))],
    ['localStorage refusing writes (setItem throws)', async (ctx) => void (await ctx.addInitScript(refuseWrites))],
    ['cookies off', async (ctx) => void (await ctx.addInitScript(cookiesOff))],
  ])('%s: one sale per order across a reload and a later tab (3 orders)', async (name, fault) => {
    const errors: string[] = []
    const ctx = await env.browser.newContext()
    const page = await pageIn(ctx, errors)
    await fault(ctx, page)
    for (let t = 0; t < 3; t++) {
      const id = `STORE-${name.replace(/\W+/g, '-')}-${t}`
      const url = `${env.site.origin}/confirm.html?o=${id}`
      await page.goto(url)
      expect((await results(page))[0]!.destinations.vtex!.status, id).toBe('sent')
      await page.reload()
      expect((await results(page))[0]!.destinations.vtex!.status, `${id} after a reload`).toBe('duplicate')
      const later = await pageIn(ctx, errors)
      await later.goto(url)
      expect((await results(later))[0]!.destinations.vtex!.status, `${id} in a later tab`).toBe('duplicate')
      await later.close()
      expect(sales(id), id).toHaveLength(1)
    }
    expect(errors).toEqual([])
    await ctx.close()
  }, 120_000)
})

describe('big orders', () => {
  it('four ~100 KB orders reported on one page that leaves in the same task: none lost (5 trials, 20 orders)', async () => {
    const errors: string[] = []
    const ids: string[] = []
    for (let t = 0; t < 5; t++) {
      const ctx = await env.browser.newContext()
      const page = await pageIn(ctx, errors)
      await page.goto(`${env.site.origin}/big.html?o=BIG-${t}`)
      await trackerLoaded(page)
      await Promise.all([page.waitForURL('**/next.html'), page.click('#go')])
      const mine = [0, 1, 2, 3].map((i) => `BIG-${t}-${i}`)
      ids.push(...mine)
      // the next page of the store (with the tag) delivers whatever the first could not
      await Promise.all(mine.map((id) => env.collector.waitFor((e) => e.status === 202 && (e.body as { order_id?: string }).order_id === id, 20_000)))
      await ctx.close()
    }
    const body = sales('BIG-0-0')[0]!.rawBody.length
    expect(body).toBeGreaterThan(90_000)
    for (const id of ids) expect(accepted(id).length, id).toBeGreaterThanOrEqual(1)
    expect(errors).toEqual([])
  }, 300_000)
})
