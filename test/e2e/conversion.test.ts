// Issue 2 in real Chromium: the built dist/adbeacon.js on a localhost page, the collector on
// another origin (CORS like the real events server), navigation right after the call.
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { debugStateOf } from './support/chromium'
import { pageWithErrors, useHarness } from './support/harness'

const sha = (s: string) => createHash('sha256').update(s).digest('hex')

const ORDER = {
  order_id: 'E2E-1001',
  email: ' Maria.Souza@Example.com ',
  phone: '(11) 99999-9999',
  first_name: 'Maria',
  last_name: 'Souza',
  social_id: '123.456.789-09',
  items: [
    { sku: 'SKU-1', product_id: 'P-1', seller_id: '1', quantity: 2, price: 199.9, promotional_price: 149.9 },
    { sku: 'SKU-2', quantity: 1, price: 50, promotional_price: 50 },
  ],
}
const RAW_PII = ['Maria', 'maria.souza', 'Souza', '99999', '123.456', '12345678909']

const tag = () =>
  `<script src="/adbeacon.js" data-debug data-publisher-id="pub-e2e" data-default-country="BR" data-conversion-url="${env.collector.origin}/v1/beacon/conversion"></script>`

const env = useHarness({
  routes: () => ({
    '/shop/landing.html': () => `<!doctype html><title>landing</title>${tag()}<p>landing</p>`,
    // A page that leaves right after the call cannot wait for a download: the README's setup for
    // it loads the conversion file by tag, right after adbeacon.js.
    '/checkout/confirmation.html': () => `<!doctype html><title>confirmation</title>${tag()}<script src="/adbeacon-conversion.js"></script>
      <button id="done" onclick="adbeacon('conversion', ${JSON.stringify(ORDER).replace(/"/g, '&quot;')}); location.href = '/thanks.html'">continue</button>`,
    '/checkout/hook.html': () => `<!doctype html><title>hook</title>${tag()}
      <script type="application/json" data-adbeacon-order>${JSON.stringify({ ...ORDER, order_id: 'E2E-HOOK' })}</script>`,
    '/thanks.html': '<!doctype html><title>thanks</title><p>thanks</p>',
  }),
})

const conversions = (orderId: string) => env.collector.events().filter((e) => e.kind === 'conversion' && (e.body as { order_id?: string })?.order_id === orderId)

describe('conversion in real Chromium', () => {
  it('sends exactly one valid conversion, with the session_id of an earlier page on another path, although the page navigates away at once', async () => {
    const ctx = await env.browser.newContext()
    const { page, errors } = await pageWithErrors(ctx)
    await page.goto(`${env.site.origin}/shop/landing.html`)
    const { sessionId } = await debugStateOf<{ sessionId: string }>(page)
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/)

    await page.goto(`${env.site.origin}/checkout/confirmation.html`)
    await Promise.all([page.waitForURL('**/thanks.html'), page.click('#done')])

    const ev = await env.collector.waitFor((e) => e.kind === 'conversion', 10_000)
    expect(ev.valid, JSON.stringify(ev.errors)).toBe(true)
    expect(ev.status).toBe(202)
    expect(ev.headers['content-type']).toBe('application/json')
    expect(ev.headers.origin).toBe(env.site.origin)
    const body = ev.body as Record<string, unknown>
    expect(body).toMatchObject({
      publisher_id: 'pub-e2e',
      session_id: sessionId,
      order_id: 'E2E-1001',
      email_hashed: sha('maria.souza@example.com'),
      phone_hashed: sha('+5511999999999'),
      items: [
        { sku: 'SKU-1', product_id: 'P-1', seller_id: '1', quantity: 2, price: 199.9, promotional_price: 149.9 },
        { sku: 'SKU-2', quantity: 1, price: 50, promotional_price: 50 },
      ],
    })
    for (const raw of RAW_PII) expect(ev.rawBody).not.toContain(raw)
    // application/json from another origin: Chromium preflights it and the collector allowed it
    expect(env.collector.preflights().some((p) => p.path === '/v1/beacon/conversion')).toBe(true)

    // back to the confirmation page and again: nothing more
    await page.goto(`${env.site.origin}/checkout/confirmation.html`)
    await Promise.all([page.waitForURL('**/thanks.html'), page.click('#done')])
    await page.goto(`${env.site.origin}/checkout/confirmation.html`)
    await page.waitForTimeout(500)
    expect(conversions('E2E-1001')).toHaveLength(1)
    expect(errors).toEqual([])
    await ctx.close()
  })

  it('the JSON order block sends once; a reload, back/forward and a second tab send nothing more', async () => {
    const ctx = await env.browser.newContext()
    const { page, errors } = await pageWithErrors(ctx)
    await page.goto(`${env.site.origin}/checkout/hook.html`)
    const ev = await env.collector.waitFor((e) => e.kind === 'conversion', 10_000)
    expect(ev.valid, JSON.stringify(ev.errors)).toBe(true)
    await page.reload()
    await page.goto(`${env.site.origin}/thanks.html`)
    await page.goBack() // back to the confirmation (from bfcache, or loaded again)
    expect(page.url()).toContain('/checkout/hook.html')
    await page.goForward()
    await page.goBack()
    const second = await ctx.newPage()
    await second.goto(`${env.site.origin}/checkout/hook.html`)
    // the tracker on those pages did run and found the order already reported
    const result = await second.evaluate(() => (window as unknown as { adbeacon(c: string, o: unknown): Promise<{ status: string }> })
      .adbeacon('conversion', JSON.parse(document.querySelector('[data-adbeacon-order]')!.textContent!)))
    expect(result.status).toBe('duplicate')
    await page.waitForTimeout(500)
    expect(conversions('E2E-HOOK')).toHaveLength(1)
    expect(errors).toEqual([])
    await ctx.close()
  })

  it('with localStorage and cookies throwing, the sale is still sent and the page sees no error', async () => {
    const ctx = await env.browser.newContext()
    await ctx.addInitScript(() => {
      const blocked = () => { throw new DOMException('The operation is insecure.', 'SecurityError') }
      Object.defineProperty(window, 'localStorage', { configurable: true, get: blocked })
      Object.defineProperty(Document.prototype, 'cookie', { configurable: true, get: blocked, set: blocked })
    })
    const { page, errors } = await pageWithErrors(ctx)
    await page.goto(`${env.site.origin}/checkout/confirmation.html`)
    expect(await page.evaluate(() => { try { void window.localStorage; return 'readable' } catch { return 'throws' } })).toBe('throws')
    await Promise.all([page.waitForURL('**/thanks.html'), page.click('#done')])
    const ev = await env.collector.waitFor((e) => e.kind === 'conversion', 10_000)
    expect(ev.valid, JSON.stringify(ev.errors)).toBe(true)
    expect((ev.body as { order_id: string }).order_id).toBe('E2E-1001')
    expect(errors).toEqual([])
    await ctx.close()
  })
})
