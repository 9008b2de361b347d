import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startCollector, type Collector } from '../../demo/collector/index'

// The collector with real HTTP: it is what the demo and the journey test trust to say whether
// VTEX Ads would take a request, so it is tested against the spec's own rules.

let collector: Collector
const PAGE = 'http://127.0.0.1:5999'

const validConversion = () => ({
  channel: 'ecommerce',
  publisher_id: 'demo-publisher',
  user_id: 'customer-42',
  session_id: '5898b8d1-c250-4bb5-931b-8b9d0ee7b499',
  order_id: 'order-1',
  email_hashed: 'a'.repeat(64),
  items: [{ sku: '100101', quantity: 2, price: 24.9, promotional_price: 19.9, seller_id: null, product_id: 'P0101' }],
  created_at: '2026-01-01T09:20:00Z',
  gender: null,
})

const post = (path: string, body: string, type = 'application/json', origin = PAGE) =>
  fetch(collector.origin + path, { method: 'POST', headers: { 'content-type': type, origin }, body })

beforeAll(async () => {
  collector = await startCollector()
})
afterAll(async () => {
  await collector.close()
})
beforeEach(() => collector.clear())

describe('VTEX Ads conversion endpoint', () => {
  it('accepts a valid conversion with 202 and the documented message, and records it as valid', async () => {
    const res = await post('/v1/beacon/conversion', JSON.stringify(validConversion()))
    expect(res.status).toBe(202)
    expect(await res.json()).toEqual({ messages: ['conversion will be processed soon'] })
    expect(res.headers.get('access-control-allow-origin')).toBe(PAGE)
    expect(res.headers.get('access-control-allow-credentials')).toBe('true')
    const e = await collector.waitFor((x) => x.kind === 'conversion')
    expect(e).toMatchObject({ destination: 'vtex', kind: 'conversion', method: 'POST', status: 202, valid: true, errors: null })
    expect((e.body as { order_id: string }).order_id).toBe('order-1')
    expect(e.headers.origin).toBe(PAGE)
  })

  it('answers 422 with Ajv errors when user_id is missing', async () => {
    const { user_id: _omit, ...body } = validConversion()
    const res = await post('/v1/beacon/conversion', JSON.stringify(body))
    expect(res.status).toBe(422)
    const errors = (await res.json()) as Array<Record<string, unknown>>
    expect(errors).toContainEqual({
      instancePath: '',
      keyword: 'required',
      message: "must have required property 'user_id'",
      params: { missingProperty: 'user_id' },
      schemaPath: '#/required',
    })
    const e = collector.events()[0]!
    expect(e.valid).toBe(false)
    expect(e.status).toBe(422)
    expect(e.errors?.some((x) => x.message.includes('user_id'))).toBe(true)
  })

  it('reports every problem at once (allErrors) and checks item types', async () => {
    const body = { ...validConversion(), items: [{ sku: 100101, quantity: '2', price: 24.9 }] }
    const res = await post('/v1/beacon/conversion', JSON.stringify(body))
    expect(res.status).toBe(422)
    const errors = (await res.json()) as Array<{ instancePath: string; keyword: string }>
    expect(errors.map((x) => `${x.instancePath} ${x.keyword}`).sort()).toEqual(['/items/0 required', '/items/0/quantity type', '/items/0/sku type'])
  })

  it('takes the OpenAPI-only keywords in its stride: nullable seller_id, gender null, double prices', async () => {
    const ok = await post('/v1/beacon/conversion', JSON.stringify({ ...validConversion(), gender: 'F' }))
    expect(ok.status).toBe(202)
    const bad = await post('/v1/beacon/conversion', JSON.stringify({ ...validConversion(), gender: 'X' }))
    expect(bad.status).toBe(422)
  })

  it('reads a text/plain body as JSON (a sendBeacon string) and refuses a body that is not JSON', async () => {
    expect((await post('/v1/beacon/conversion', JSON.stringify(validConversion()), 'text/plain;charset=UTF-8')).status).toBe(202)
    const res = await post('/v1/beacon/conversion', '{not json', 'text/plain;charset=UTF-8')
    expect(res.status).toBe(400)
    expect(collector.events()[1]).toMatchObject({ valid: false, status: 400 })
  })
})

describe('CORS', () => {
  it('answers a credentialed preflight by echoing the origin and the requested headers', async () => {
    const res = await fetch(collector.origin + '/v1/beacon/conversion', {
      method: 'OPTIONS',
      headers: { origin: PAGE, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe(PAGE)
    expect(res.headers.get('access-control-allow-credentials')).toBe('true')
    expect(res.headers.get('access-control-allow-methods')).toBe('POST, GET, OPTIONS')
    expect(res.headers.get('access-control-allow-headers')).toBe('content-type')
    expect(res.headers.get('vary')).toBe('Origin')
    expect(collector.events()).toEqual([])
    expect(collector.preflights()).toHaveLength(1)
    expect(collector.preflights()[0]).toMatchObject({ kind: 'preflight', destination: 'vtex', status: 204, valid: null })
  })
})

describe('Get ads mock and ad events', () => {
  const query = {
    session_id: 'f361661f5986477990092a34562f18347',
    context: 'search',
    term: 'deodorant',
    channel: 'site',
    placements: {
      search_banner: { quantity: 1, types: ['banner'], size: 'desktop' },
      search_brand: { quantity: 1, types: ['sponsored_brand'], size: 'desktop' },
      search_products: { quantity: 50, types: ['product'] },
    },
  }

  it('answers in the platform shape, with signed event URLs on the collector', async () => {
    const res = await post('/v1/rma/demo-publisher', JSON.stringify(query))
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe(PAGE)
    const ads = (await res.json()) as Record<string, unknown>
    expect(typeof ads.request_id).toBe('string')
    expect(typeof ads.query_at).toBe('string')
    expect(typeof ads.query_id).toBe('string')

    const products = ads.search_products as Array<Record<string, unknown>>
    expect(products).toHaveLength(50)
    expect(new Set(products.map((p) => p.ad_id)).size).toBe(50)
    const p = products[0]!
    expect(p).toMatchObject({ type: 'product', position: 0 })
    for (const key of ['ad_id', 'product_sku', 'product_name', 'image_url', 'destination_url', 'seller_id', 'click_url', 'impression_url', 'view_url']) {
      expect(p[key], key).toEqual(expect.any(String))
    }
    expect(String(p.product_name).toLowerCase()).toContain('deodorant')
    expect(p.destination_url).toMatch(new RegExp(`^${PAGE}/demo/product\\.html\\?sku=`))
    expect(p.impression_url).toMatch(
      new RegExp(`^${collector.origin}/v1/beacon/impression/${p.ad_id}\\?publisher_id=demo-publisher&ad_type=product&campaign_id=[\\w-]+&pname=search_products&context=search&search_term=deodorant&channel=site&event_id=[\\w-]+&request_id=${ads.request_id}&session_id=f361661f5986477990092a34562f18347&requested_at=\\d{13}&sign=[0-9a-f]{64}$`),
    )
    // One event_id per ad, shared by its three URLs, as in the real examples.
    const eventId = (u: unknown) => new URL(String(u)).searchParams.get('event_id')
    expect(eventId(p.click_url)).toBe(eventId(p.impression_url))

    const [banner] = ads.search_banner as Array<Record<string, unknown>>
    expect(banner).toMatchObject({ type: 'banner', seller_id: null })
    expect(banner!.media_url).toEqual(expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/__collector\/img\/banner\/\d+\.svg$/))

    const [brand] = ads.search_brand as Array<{ ad_id: string; type: string; products: Array<Record<string, string>>; click_url: string }>
    expect(brand!.type).toBe('sponsored_brand')
    expect(brand!.products.length).toBeGreaterThan(1)
    for (const bp of brand!.products) {
      // The brand's products carry the brand's ad_id and their own product_sku (real examples).
      expect(bp.ad_id).toBeUndefined()
      expect(bp.impression_url).toContain(`/v1/beacon/impression/${brand!.ad_id}?`)
      expect(bp.view_url).toContain(`product_sku=${bp.product_sku}&`)
      expect(bp.click_url).not.toBe(brand!.click_url)
    }

    const img = await fetch(String(p.image_url))
    expect(img.headers.get('content-type')).toBe('image/svg+xml')

    const e = await collector.waitFor((x) => x.kind === 'getads')
    expect(e).toMatchObject({ destination: 'getads', valid: true, status: 200 })
  })

  it('validates the Get ads request body', async () => {
    const res = await post('/v1/rma/demo-publisher', JSON.stringify({ ...query, channel: 'tv' }))
    expect(res.status).toBe(422)
    const errors = (await res.json()) as Array<{ instancePath: string; keyword: string }>
    expect(errors).toContainEqual(expect.objectContaining({ instancePath: '/channel', keyword: 'enum' }))
  })

  it('takes impression/view/click beacons on the returned URL, form-encoded or JSON, and checks the signature', async () => {
    const ads = (await (await post('/v1/rma/demo-publisher', JSON.stringify(query))).json()) as { search_products: Array<{ ad_id: string; impression_url: string; click_url: string; view_url: string }> }
    const ad = ads.search_products[0]!
    const form = new URLSearchParams({ session_id: 'abc' }).toString()
    const imp = await fetch(ad.impression_url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: PAGE }, body: form })
    expect(imp.status).toBe(202)
    expect(await imp.json()).toEqual({ messages: ['impression will be processed soon'] })
    const view = await fetch(ad.view_url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_id: 'u1' }) })
    expect(view.status).toBe(202)
    // Neither id: the anyOf of the spec fails, as the guides show.
    const click = await fetch(ad.click_url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect(click.status).toBe(422)
    const clickErrors = (await click.json()) as Array<{ keyword: string }>
    expect(clickErrors.map((x) => x.keyword)).toEqual(['required', 'required', 'anyOf'])
    // A URL built by hand instead of the returned one.
    const forged = ad.impression_url.replace(/campaign_id=[^&]+/, 'campaign_id=other')
    expect((await fetch(forged, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(202)

    const beacons = collector.events().filter((x) => x.kind !== 'getads')
    expect(beacons.map((x) => [x.kind, x.adId, x.valid, x.signature])).toEqual([
      ['impression', ad.ad_id, true, 'valid'],
      ['view', ad.ad_id, true, 'valid'],
      ['click', ad.ad_id, false, 'valid'],
      ['impression', ad.ad_id, true, 'mismatch'],
    ])
    expect(beacons[0]!.body).toEqual({ session_id: 'abc' })
    expect(beacons[3]!.notes?.[0]).toMatch(/not the one Get ads returned/)
  })

  it('uses a fixture when given one', async () => {
    const c = await startCollector({ getAdsFixture: (req) => ({ top: [{ ad_id: 'x1', type: 'product', impression_url: req.eventUrl('impression', 'x1', { publisher_id: req.publisherId }) }] }) })
    try {
      const res = await fetch(c.origin + '/v1/rma/pub', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(query) })
      const body = (await res.json()) as { top: Array<{ impression_url: string }> }
      expect(body.top[0]!.impression_url).toMatch(new RegExp(`^${c.origin}/v1/beacon/impression/x1\\?publisher_id=pub&sign=[0-9a-f]{64}$`))
    } finally {
      await c.close()
    }
  })
})

describe('Meta and Google pixels', () => {
  it('records a Meta Purchase with its query and checks it', async () => {
    const q = new URLSearchParams({ id: '1234567890', ev: 'Purchase', 'cd[value]': '39.80', 'cd[currency]': 'BRL', eid: 'order-1', 'ud[em]': 'b'.repeat(64) })
    const res = await fetch(`${collector.origin}/tr/?${q}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/gif')
    const e = await collector.waitFor((x) => x.destination === 'meta')
    expect(e).toMatchObject({ kind: 'purchase', valid: true, query: { ev: 'Purchase', 'cd[currency]': 'BRL' } })

    await fetch(`${collector.origin}/tr?id=1234567890&ev=Purchase&cd[value]=1&ud[em]=someone@example.com`)
    const bad = await collector.waitFor((x) => x.destination === 'meta' && x.valid === false)
    expect(bad.errors?.map((x) => x.instancePath).sort()).toEqual(['/cd[currency]', '/ud[em]'])
  })

  it('records a Google conversion', async () => {
    await fetch(`${collector.origin}/pagead/conversion/123456789/?value=39.80&currency_code=BRL&label=demoLabel&oid=order-1&guid=ON&script=0`)
    const e = await collector.waitFor((x) => x.destination === 'google')
    expect(e).toMatchObject({ kind: 'conversion', valid: true, status: 200, query: { label: 'demoLabel', oid: 'order-1' } })
  })
})

describe('collector API', () => {
  it('lists events, clears them and streams them', async () => {
    const ctrl = new AbortController()
    const stream = await fetch(collector.origin + '/__collector/stream', { signal: ctrl.signal })
    expect(stream.headers.get('content-type')).toBe('text/event-stream')
    const reader = stream.body!.getReader()
    const frames: string[] = []
    const readUntil = async (needle: string) => {
      const dec = new TextDecoder()
      while (!frames.join('').includes(needle)) {
        const { value, done } = await reader.read()
        if (done) break
        frames.push(dec.decode(value))
      }
    }
    await readUntil('event: snapshot')
    await post('/v1/beacon/conversion', JSON.stringify(validConversion()))
    await readUntil('"kind":"conversion"')
    const listed = (await (await fetch(collector.origin + '/__collector/events')).json()) as unknown[]
    expect(listed).toHaveLength(1)
    await fetch(collector.origin + '/__collector/clear', { method: 'POST' })
    await readUntil('event: clear')
    expect(collector.events()).toEqual([])
    ctrl.abort()
    await reader.cancel().catch(() => {})
  })

  it('waitFor rejects with a list of what arrived', async () => {
    await post('/v1/beacon/conversion', '{}')
    await expect(collector.waitFor((x) => x.destination === 'google', 200)).rejects.toThrow(/Received 1 request\(s\):\n {2}#\d+ POST \/v1\/beacon\/conversion → 422 vtex\/conversion \(invalid\)/)
  })
})
