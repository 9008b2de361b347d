// Issue 5 in real Chromium: Meta Pixel and Google Ads conversions from Mercado Pago-style tracks,
// reported only after a Checkout Pro return with a payment approved instantly. Requests to
// www.facebook.com and www.googleadservices.com are intercepted and answered locally (the local
// collector checks them); nothing leaves the machine.
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { BrowserContext, Page, Route } from 'playwright-core'
import { pageWithErrors, useHarness } from './support/harness'

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex')

const PIXEL = '1234567890123456'
const AW = '987654321'
const LABEL = 'AbC-D_efG'
const ORDER = {
  email: ' Maria.Souza@Example.com ',
  phone: '(11) 99999-9999',
  first_name: 'Maria',
  last_name: 'Souza Lima',
  items: [
    { sku: 'SKU-1', quantity: 2, price: 199.9, promotional_price: 149.9 },
    { sku: 'SKU-2', quantity: 1, price: 50, promotional_price: 50 },
  ],
}
const RAW_PII = ['maria', 'souza', '99999', 'example.com']

/** A Checkout Pro back URL, shaped like the official example (configure-back-urls page). */
const mpReturn = (ref: string, status: string, type: string, site = 'MLB') =>
  `collection_id=106400160592&collection_status=${status}&payment_id=106400160592&status=${status}` +
  `&external_reference=${ref}&payment_type=${type}&merchant_order_id=29900492508` +
  `&preference_id=724484980-ecb2c41d-ee0e-4cf4-9950-8ef2f07d3d82&site_id=${site}&processing_mode=aggregator&merchant_account_id=null`

// fbq/gtag stubs shaped like Meta's base code and Google's tag snippet (fbq queues its `arguments`,
// gtag pushes them onto dataLayer) that also record their calls; the real libraries never load.
// `store` is what the store's own snippets ran before adbeacon.
const stubs = (store: string) => `<script>
  window.__calls = [];
  window.fbq = function () { window.__calls.push(['fbq'].concat([].slice.call(arguments))); window.fbq.queue.push(arguments) };
  window.fbq.queue = []; window.fbq.loaded = true; window.fbq.version = '2.0';
  window.dataLayer = [];
  window.gtag = function () { window.__calls.push(['gtag'].concat([].slice.call(arguments))); window.dataLayer.push(arguments) };
  ${store}
</script>`
const STORE_DATA = { ct: 'saopaulo', zp: '01310100', external_id: 'store-7' }

const tag = (extra = '') =>
  `<script src="/adbeacon.js" data-debug data-publisher-id="pub-e2e" data-currency="BRL" data-default-country="BR"
    data-conversion-url="${env.collector.origin}/v1/beacon/conversion"
    data-facebook-pixel-id="${PIXEL}" data-google-conversion-id="AW-${AW}" data-google-conversion-label="${LABEL}" ${extra}></script>`

// The order block leaves order_id out: after a Checkout Pro return, external_reference names the order.
const thanks = (head: string, extra = '') =>
  `<!doctype html><title>thanks</title>${head}${tag(extra)}
   <script type="application/json" data-adbeacon-order>${JSON.stringify(ORDER)}</script><p>thanks</p>`

const env = useHarness({
  routes: () => ({
    '/shop/landing.html': () => `<!doctype html><title>landing</title>${tag()}<p>landing</p>`,
    '/checkout/thanks.html': () => thanks(''),
    // the store's gtag serves Google Ads; its pixel is not set up on this page
    '/checkout/thanks-stubs.html': () => thanks(stubs(`gtag('js', new Date()); gtag('config', 'G-STORE1'); gtag('config', 'AW-${AW}');`)),
    // the store's base code initialised the pixel with its own advanced matching; its gtag is GA4 only
    '/checkout/thanks-store-tags.html': () => thanks(stubs(`fbq('init', '${PIXEL}', ${JSON.stringify(STORE_DATA)}); fbq('track', 'PageView');
      gtag('js', new Date()); gtag('config', 'G-STORE1');`)),
    '/checkout/thanks-collector.html': () => thanks('', `data-meta-endpoint="${env.collector.origin}/tr" data-google-endpoint="${env.collector.origin}/pagead/conversion/"`),
  }),
})

interface Intercepted { host: string; url: URL; method: string }

/**
 * A context whose requests to Meta's and Google's real hosts are answered by the local collector
 * (forwarded from Node, so its checks run), and whose other non-local requests are refused.
 */
async function newContext(): Promise<{ ctx: BrowserContext; hits: Intercepted[] }> {
  const ctx = await env.browser.newContext()
  const hits: Intercepted[] = []
  const forward = async (route: Route) => {
    const req = route.request()
    const url = new URL(req.url())
    hits.push({ host: url.host, url, method: req.method() })
    const res = await fetch(env.collector.origin + url.pathname + url.search, { method: req.method() })
    await route.fulfill({ status: res.status, headers: { 'content-type': res.headers.get('content-type') ?? 'image/gif' }, body: Buffer.from(await res.arrayBuffer()) })
  }
  // Playwright tries the most recently added route first: the catch-all goes in first.
  await ctx.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort())
  await ctx.route(/^https:\/\/www\.facebook\.com\//, forward)
  await ctx.route(/^https:\/\/www\.googleadservices\.com\//, forward)
  return { ctx, hits }
}

async function newPage(ctx: BrowserContext): Promise<{ page: Page; errors: string[]; logs: string[] }> {
  const { page, errors } = await pageWithErrors(ctx)
  const logs: string[] = []
  page.on('console', (m) => logs.push(m.text()))
  return { page, errors, logs }
}

const until = async (check: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 50))
  }
}

const meta = (hits: Intercepted[]) => hits.filter((h) => h.host === 'www.facebook.com')
const google = (hits: Intercepted[]) => hits.filter((h) => h.host === 'www.googleadservices.com')
const vtex = (ref: string) => env.collector.events().filter((e) => e.destination === 'vtex' && e.kind === 'conversion' && (e.body as { order_id?: string })?.order_id === ref)

describe('Meta and Google conversions after a Mercado Pago return, in real Chromium', () => {
  it('an approved card return gives exactly one Meta request and one Google request, with the right fields; a reload gives none', async () => {
    const { ctx, hits } = await newContext()
    const { page, errors } = await newPage(ctx)
    // an ad click first, so the Meta request carries fbc
    await page.goto(`${env.site.origin}/shop/landing.html?fbclid=IwAR2F4-dbP0l7Mn1Iaw_QQ`)
    await page.goto(`${env.site.origin}/checkout/thanks.html?${mpReturn('MP-OK-1', 'approved', 'credit_card')}`)
    await until(() => meta(hits).length >= 1 && google(hits).length >= 1)
    await page.waitForTimeout(500)
    expect(meta(hits)).toHaveLength(1)
    expect(google(hits)).toHaveLength(1)

    const m = meta(hits)[0]!
    expect(m.method).toBe('GET')
    expect(m.url.pathname).toBe('/tr')
    const mq = Object.fromEntries(m.url.searchParams)
    expect(mq).toMatchObject({
      id: PIXEL,
      ev: 'Purchase',
      eid: 'MP-OK-1',
      'cd[value]': '349.8',
      'cd[currency]': 'BRL',
      'cd[content_ids]': '["SKU-1","SKU-2"]',
      'cd[num_items]': '3',
      'ud[em]': sha('maria.souza@example.com'),
      'ud[ph]': sha('5511999999999'), // Meta: country code, no "+"
      'ud[fn]': sha('maria'),
      'ud[ln]': sha('souzalima'), // Meta: no whitespace or ASCII punctuation
    })
    expect(JSON.parse(mq['cd[contents]']!)).toEqual([{ id: 'SKU-1', quantity: 2, item_price: 149.9 }, { id: 'SKU-2', quantity: 1, item_price: 50 }])
    expect(mq.fbc).toMatch(/^fb\.1\.\d{13}\.IwAR2F4-dbP0l7Mn1Iaw_QQ$/)

    const g = google(hits)[0]!
    expect(g.method).toBe('GET')
    expect(g.url.pathname).toBe(`/pagead/conversion/${AW}/`)
    expect(Object.fromEntries(g.url.searchParams)).toEqual({ label: LABEL, value: '349.8', currency_code: 'BRL', oid: 'MP-OK-1', guid: 'ON', script: '0' })

    for (const h of hits) for (const raw of RAW_PII) expect(decodeURIComponent(h.url.href).toLowerCase()).not.toContain(raw)
    // the collector's own checks of what the platforms would receive
    const platform = env.collector.events().filter((e) => e.destination === 'meta' || e.destination === 'google')
    expect(platform).toHaveLength(2)
    for (const e of platform) expect(e.errors ?? [], JSON.stringify(e.errors)).toEqual([])
    // VTEX Ads got the same sale once
    await until(() => vtex('MP-OK-1').length === 1)

    await page.reload()
    await page.goto(`${env.site.origin}/checkout/thanks.html?${mpReturn('MP-OK-1', 'approved', 'credit_card')}`)
    await page.waitForTimeout(1000)
    expect(meta(hits)).toHaveLength(1)
    expect(google(hits)).toHaveLength(1)
    expect(vtex('MP-OK-1')).toHaveLength(1)
    expect(errors).toEqual([])
    await ctx.close()
  })

  it.each([
    ['pending (boleto)', 'MP-PEND-1', 'pending', 'ticket', 'MLB', 'payment pending: not reported'],
    ['in_process card', 'MP-PROC-1', 'in_process', 'credit_card', 'MLB', 'payment in_process: not reported'],
    ['rejected card', 'MP-REJ-1', 'rejected', 'credit_card', 'MLC', 'payment rejected: not reported'],
    ['Mercado Crédito outside MLA/MLB', 'MP-MC-MLM', 'approved', 'digital_currency', 'MLM', 'Mercado Crédito on MLM (only MLA and MLB): not reported'],
  ])('%s: no Meta or Google request, and the debug log says why', async (_name, ref, status, type, siteId, reason) => {
    const { ctx, hits } = await newContext()
    const { page, errors, logs } = await newPage(ctx)
    await page.goto(`${env.site.origin}/checkout/thanks.html?${mpReturn(ref, status, type, siteId)}`)
    await until(() => logs.some((l) => l.includes(reason)))
    await page.waitForTimeout(800)
    expect(hits).toEqual([])
    expect(logs.some((l) => l.includes(`meta: ${reason}`))).toBe(true)
    expect(logs.some((l) => l.includes(`google: ${reason}`))).toBe(true)
    expect(errors).toEqual([])
    await ctx.close()
  })

  it('Mercado Crédito on MLA is approved instantly: reported to both', async () => {
    const { ctx, hits } = await newContext()
    const { page } = await newPage(ctx)
    await page.goto(`${env.site.origin}/checkout/thanks.html?${mpReturn('MP-MC-MLA', 'approved', 'digital_currency', 'MLA')}`)
    await until(() => meta(hits).length >= 1 && google(hits).length >= 1)
    await page.waitForTimeout(300)
    expect(meta(hits).map((h) => h.url.searchParams.get('eid'))).toEqual(['MP-MC-MLA'])
    expect(google(hits).map((h) => h.url.searchParams.get('oid'))).toEqual(['MP-MC-MLA'])
    await ctx.close()
  })

  it('with fbq and gtag on the page, the calls go through them (hashed user data) and no pixel request is made', async () => {
    const { ctx, hits } = await newContext()
    const { page, errors } = await newPage(ctx)
    await page.goto(`${env.site.origin}/checkout/thanks-stubs.html?${mpReturn('MP-STUB-1', 'approved', 'account_money', 'MCO')}`)
    const callsOf = () => page.evaluate(() => (window as unknown as { __calls: unknown[][] }).__calls)
    let calls: unknown[][] = []
    const end = Date.now() + 10_000
    while (Date.now() < end) {
      calls = await callsOf()
      if (calls.some((c) => c[0] === 'fbq' && c[1] === 'trackSingle') && calls.some((c) => c[0] === 'gtag')) break
      await page.waitForTimeout(50)
    }
    await page.waitForTimeout(500)
    calls = await callsOf()
    // order between the two platforms is not fixed (they hash in parallel); within Meta it is
    const fb = calls.filter((c) => c[0] === 'fbq')
    const gt = calls.filter((c) => c[0] === 'gtag' && c[1] === 'event')
    expect(fb).toEqual([
      ['fbq', 'set', 'autoConfig', false, PIXEL],
      ['fbq', 'init', PIXEL, { em: sha('maria.souza@example.com'), ph: sha('5511999999999'), fn: sha('maria'), ln: sha('souzalima') }],
      ['fbq', 'trackSingle', PIXEL, 'Purchase', {
        value: 349.8,
        currency: 'BRL',
        content_ids: ['SKU-1', 'SKU-2'],
        content_type: 'product',
        contents: [{ id: 'SKU-1', quantity: 2, item_price: 149.9 }, { id: 'SKU-2', quantity: 1, item_price: 50 }],
        num_items: 3,
      }, { eventID: 'MP-STUB-1' }],
    ])
    expect(gt).toEqual([
      ['gtag', 'event', 'conversion', {
        send_to: `AW-${AW}/${LABEL}`,
        value: 349.8,
        currency: 'BRL',
        transaction_id: 'MP-STUB-1',
        user_data: { sha256_email_address: sha('maria.souza@example.com'), sha256_phone_number: sha('+5511999999999') },
      }],
    ])
    for (const raw of RAW_PII) expect(JSON.stringify(calls).toLowerCase()).not.toContain(raw)
    expect(hits).toEqual([])
    expect(env.collector.events().filter((e) => e.destination === 'meta' || e.destination === 'google')).toEqual([])
    expect(errors).toEqual([])
    await ctx.close()
  })

  it("a store whose pixel is already initialised and whose gtag is GA4 only: no second fbq init (its matching stays), and Google gets the conversion request", async () => {
    const { ctx, hits } = await newContext()
    const { page, errors, logs } = await newPage(ctx)
    await page.goto(`${env.site.origin}/checkout/thanks-store-tags.html?${mpReturn('MP-STORE-1', 'approved', 'credit_card')}`)
    const callsOf = () => page.evaluate(() => (window as unknown as { __calls: unknown[][] }).__calls)
    await until(() => google(hits).length >= 1)
    let calls: unknown[][] = []
    const end = Date.now() + 10_000
    while (Date.now() < end && !calls.some((c) => c[0] === 'fbq' && c[1] === 'trackSingle')) {
      calls = await callsOf()
      await page.waitForTimeout(50)
    }
    await page.waitForTimeout(500)
    calls = await callsOf()
    // the store's init and PageView, then only adbeacon's trackSingle
    expect(calls.filter((c) => c[0] === 'fbq').map((c) => c.slice(1, 3))).toEqual([['init', PIXEL], ['track', 'PageView'], ['trackSingle', PIXEL]])
    expect(calls.find((c) => c[0] === 'fbq' && c[1] === 'init')).toEqual(['fbq', 'init', PIXEL, STORE_DATA])
    expect(calls.find((c) => c[1] === 'trackSingle')?.slice(3)).toMatchObject(['Purchase', { value: 349.8, currency: 'BRL' }, { eventID: 'MP-STORE-1' }])
    expect(logs.some((l) => l.includes('already initialised by the page'))).toBe(true)
    // gtag is left alone: it has no AW- destination and would drop the conversion
    expect(calls.filter((c) => c[0] === 'gtag').map((c) => c[1])).toEqual(['js', 'config'])
    expect(logs.some((l) => l.includes(`gtag has no config for AW-${AW}`))).toBe(true)
    expect(google(hits)).toHaveLength(1)
    expect(Object.fromEntries(google(hits)[0]!.url.searchParams)).toMatchObject({ label: LABEL, value: '349.8', currency_code: 'BRL', oid: 'MP-STORE-1' })
    expect(meta(hits)).toEqual([])
    expect(errors).toEqual([])
    await ctx.close()
  })

  it('with data-meta-endpoint / data-google-endpoint the requests go to the configured collector, checked there', async () => {
    const { ctx, hits } = await newContext()
    const { page } = await newPage(ctx)
    await page.goto(`${env.site.origin}/checkout/thanks-collector.html?${mpReturn('MP-COL-1', 'approved', 'debit_card', 'MLA')}`)
    const purchase = await env.collector.waitFor((e) => e.destination === 'meta' && e.kind === 'purchase', 10_000)
    const conversion = await env.collector.waitFor((e) => e.destination === 'google' && e.kind === 'conversion', 10_000)
    expect(purchase.query).toMatchObject({ id: PIXEL, ev: 'Purchase', eid: 'MP-COL-1', 'ud[em]': sha('maria.souza@example.com') })
    expect(purchase.errors ?? []).toEqual([])
    expect(conversion.path).toBe(`/pagead/conversion/${AW}/`)
    expect(conversion.query).toMatchObject({ label: LABEL, oid: 'MP-COL-1', currency_code: 'BRL' })
    expect(conversion.errors ?? []).toEqual([])
    expect(hits).toEqual([])
    await ctx.close()
  })
})
