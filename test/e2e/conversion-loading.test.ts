// The conversion part arrives on demand (adbeacon.js loads adbeacon-conversion.js when a sale is
// in sight). In real Chromium, with the file served 150 ms late and not preloaded: a call, a call
// queued before the tag and an order block each deliver exactly one valid conversion. A page that
// leaves at once uses the README's setup (both files by tag) and delivers exactly one too. A sale
// whose file never arrived is not marked sent: a later visit still reports it, once.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { trackerLoaded } from './support/chromium'
import { pageWithErrors, useHarness } from './support/harness'

const order = (id: string) => ({ order_id: id, email: 'ana@example.com', items: [{ sku: 'SKU-1', quantity: 1, price: 10 }] })
const json = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c')

const tag = (src = '/slow/adbeacon.js') => `<script src="${src}" data-publisher-id="pub-e2e" data-conversion-url="${env.collector.origin}/v1/beacon/conversion"></script>`
const BOTH = `${'$TAG'}<script src="/adbeacon-conversion.js"></script>`
const conversions = (id: string) => env.collector.events().filter((e) => e.kind === 'conversion' && (e.body as { order_id?: string })?.order_id === id)

const env = useHarness({
  routes: () => ({
    '/call.html': () => `<!doctype html><title>call</title>${tag()}<script>addEventListener('load', () => adbeacon('conversion', ${json(order('L-CALL'))}))</script>`,
    '/queued.html': () =>
      `<!doctype html><title>queued</title><script>window.adbeacon = window.adbeacon || function () { (adbeacon.q = adbeacon.q || []).push(arguments) }
       adbeacon('conversion', ${json(order('L-QUEUED'))})</script>${tag()}`,
    '/block.html': () => `<!doctype html><title>block</title>${tag()}<script type="application/json" data-adbeacon-order>${json(order('L-BLOCK'))}</script>`,
    '/leave.html': () =>
      `<!doctype html><title>leave</title>${BOTH.replace('$TAG', tag('/adbeacon.js'))}<button id="go" onclick="adbeacon('conversion', ${json(order('L-LEAVE')).replace(/"/g, '&quot;')}); location.href = '/thanks.html'">go</button>`,
    '/close.html': () => `<!doctype html><title>close</title>${BOTH.replace('$TAG', tag('/adbeacon.js'))}`,
    '/never.html': () =>
      `<!doctype html><title>never</title>${tag('/missing/adbeacon.js')}<script>addEventListener('load', () => adbeacon('conversion', ${json(order('L-NEVER'))}).then((r) => (window.result = r)))</script>`,
    // adbeacon.js itself, from a folder where adbeacon-conversion.js is missing (404)
    '/missing/adbeacon.js': () => readFileSync('dist/adbeacon.js', 'utf8'),
    '/later.html': () => `<!doctype html><title>later</title>${tag()}<script type="application/json" data-adbeacon-order>${json(order('L-NEVER'))}</script>`,
    '/thanks.html': '<!doctype html><title>thanks</title><p>thanks</p>',
  }),
})

describe('the conversion part, loaded on demand, in real Chromium', () => {
  for (const [path, id] of [['/call.html', 'L-CALL'], ['/queued.html', 'L-QUEUED'], ['/block.html', 'L-BLOCK']] as const) {
    it(`${path.slice(1, -5)}: the file served 150 ms late and not preloaded, exactly one valid conversion`, async () => {
      const ctx = await env.browser.newContext()
      const { page, errors } = await pageWithErrors(ctx)
      const loaded = page.waitForRequest((r) => r.url().endsWith('/slow/adbeacon-conversion.js'))
      await page.goto(env.site.origin + path)
      await loaded
      const ev = await env.collector.waitFor((e) => e.kind === 'conversion', 10_000)
      expect(ev.valid, JSON.stringify(ev.errors)).toBe(true)
      expect((ev.body as { order_id: string }).order_id).toBe(id)
      // a reload sends nothing more
      await page.reload()
      await page.waitForTimeout(800)
      expect(conversions(id)).toHaveLength(1)
      expect(errors).toEqual([])
      await ctx.close()
    })
  }

  it('a page that leaves in the same task as the call, with both files by tag: exactly one', async () => {
    const ctx = await env.browser.newContext()
    const page = await ctx.newPage()
    await page.goto(env.site.origin + '/leave.html')
    await Promise.all([page.waitForURL('**/thanks.html'), page.click('#go')])
    await env.collector.waitFor((e) => e.kind === 'conversion', 10_000)
    await page.waitForTimeout(500)
    expect(conversions('L-LEAVE')).toHaveLength(1)
    expect(conversions('L-LEAVE')[0]!.valid).toBe(true)
    await ctx.close()
  })

  it('a tab closed right after the call, with both files by tag: exactly one', async () => {
    const ctx = await env.browser.newContext()
    const page = await ctx.newPage()
    await page.goto(env.site.origin + '/close.html')
    await trackerLoaded(page)
    await page.evaluate((o) => void (window as unknown as { adbeacon(c: string, o: unknown): void }).adbeacon('conversion', o), order('L-CLOSE'))
    await page.close()
    await env.collector.waitFor((e) => e.kind === 'conversion', 10_000)
    await new Promise((ok) => setTimeout(ok, 500))
    expect(conversions('L-CLOSE')).toHaveLength(1)
    await ctx.close()
  })

  it('a file that never arrives: the call answers failed, nothing is marked sent, and a later visit reports the sale once', async () => {
    const ctx = await env.browser.newContext()
    const page = await ctx.newPage()
    await page.goto(env.site.origin + '/never.html')
    const result = await page.waitForFunction(() => (window as unknown as { result?: { status: string } }).result)
    expect(await result.jsonValue()).toMatchObject({ status: 'failed' })
    await page.goto(env.site.origin + '/later.html')
    await env.collector.waitFor((e) => e.kind === 'conversion', 10_000)
    await page.reload()
    await page.waitForTimeout(800)
    expect(conversions('L-NEVER')).toHaveLength(1)
    await ctx.close()
  })
})
