import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { adEventSchema, conversionSchema } from '../../../demo/collector/schema/vtex-ads'
import { DEFAULTS, type ResolvedConfig } from '../../../src/config'
import { createRecorder } from '../../../src/debug/overlay/recorder'
import { TAB_LOG_KEY } from '../../../src/debug/overlay/tab-log'

const CONVERSION = 'https://events.example/v1/beacon/conversion'
const VIEW = 'https://events.newtail-media.newtail.com.br/v1/beacon/view/ad-1?event_id=e1'
const cfg: ResolvedConfig = { ...DEFAULTS, conversionUrl: CONVERSION, metaEndpoint: 'https://px.example/tr', tracks: [] }
const schemas = { conversion: conversionSchema, adEvent: adEventSchema }
const body = { channel: 'ecommerce', publisher_id: 'p', user_id: 'u', session_id: 's', order_id: '1', email_hashed: 'f'.repeat(64), items: [{ sku: 'S', quantity: 1, price: 2, promotional_price: 1 }], created_at: '2026-01-01T00:00:00Z' }

const settled = () => new Promise((ok) => setTimeout(ok, 0))
const nav = navigator as unknown as { sendBeacon: (url: string, data?: unknown) => boolean }

describe('the inspector\'s record of the requests', () => {
  let beacon: ReturnType<typeof vi.fn>
  let fetcher: ReturnType<typeof vi.fn>
  let sent: string[]
  const original = { beacon: nav.sendBeacon, fetch: window.fetch }

  beforeEach(() => {
    sessionStorage.clear()
    sent = []
    beacon = vi.fn(() => true)
    fetcher = vi.fn(async () => ({ type: 'opaque', status: 0 }))
    nav.sendBeacon = beacon as never
    window.fetch = fetcher as never
  })
  afterEach(() => {
    nav.sendBeacon = original.beacon
    window.fetch = original.fetch
  })

  const start = () => createRecorder(() => cfg, () => sent, schemas, () => {})

  it('passes every call through unchanged and keeps adbeacon\'s own: a conversion beacon with its body and schema check', async () => {
    const rec = start()
    const blob = new Blob([JSON.stringify(body)], { type: 'application/json' })
    expect(nav.sendBeacon(CONVERSION, blob)).toBe(true)
    expect(beacon).toHaveBeenCalledWith(CONVERSION, blob)
    // the store's own requests are not listed
    await window.fetch('https://shop.example.com/api/cart', { method: 'POST', body: '{}' })
    expect(nav.sendBeacon('https://analytics.example/collect', 'x')).toBe(true)
    await settled()
    const [r, ...rest] = rec.list()
    expect(rest).toEqual([])
    expect(r).toMatchObject({ dest: 'vtex', kind: 'conversion', url: CONVERSION, body: JSON.stringify(body), how: ['sendBeacon: accepted'], errors: [], page: '/' })
  })

  it('one record per request: a refused beacon then fetch, and the VTEX 422 it would get', async () => {
    const rec = start()
    beacon.mockReturnValue(false)
    fetcher.mockResolvedValue({ type: 'cors', status: 422 })
    const bad = JSON.stringify({ ...body, items: [{ sku: 'S', quantity: 1, price: '19,90', promotional_price: 1 }] })
    expect(nav.sendBeacon(CONVERSION, new Blob([bad]))).toBe(false)
    await window.fetch(CONVERSION, { method: 'POST', body: bad, keepalive: true })
    await settled()
    expect(rec.list()).toHaveLength(1)
    expect(rec.list()[0]!.how).toEqual(['sendBeacon: refused (over the keepalive quota)', 'keepalive fetch: answered 422'])
    expect(rec.list()[0]!.errors).toEqual([{ instancePath: '/items/0/price', keyword: 'type', message: 'must be number' }])
  })

  it('an ad event is adbeacon\'s once the core lists it as sent; a failed fetch and its retry are one record', async () => {
    const rec = start()
    fetcher.mockRejectedValueOnce(new TypeError('Failed to fetch'))
    const form = new URLSearchParams({ session_id: 's-1' })
    // As the core does: the send, then the event listed as sent, in the same task.
    const first = window.fetch(VIEW, { method: 'POST', body: form, keepalive: true, mode: 'no-cors' }).catch(() => {})
    sent.push(`view ${VIEW}`)
    await first
    await window.fetch(VIEW, { method: 'POST', body: form, keepalive: true, mode: 'no-cors' })
    await settled()
    expect(rec.list()).toEqual([
      expect.objectContaining({ dest: 'vtex', kind: 'view', body: 'session_id=s-1', errors: [], how: ['keepalive fetch: failed (network, or blocked)', 'keepalive fetch: handed over (no-cors: the answer cannot be read)'] }),
    ])
  })

  it('the Meta and Google requests are adbeacon\'s when sent by fetch GET (the store\'s own pixel beacons are not)', async () => {
    const rec = start()
    const purchase = 'https://px.example/tr?id=1&ev=Purchase&eid=1&ud[em]=' + 'e'.repeat(64)
    nav.sendBeacon('https://px.example/tr?id=1&ev=PageView', 'x')
    await window.fetch(purchase, { method: 'GET', keepalive: true, mode: 'no-cors', credentials: 'include' })
    await window.fetch('https://www.googleadservices.com/pagead/conversion/123/?label=L&value=1', { method: 'GET', keepalive: true, mode: 'no-cors' })
    await settled()
    expect(rec.list().map((r) => [r.dest, r.kind, r.errors])).toEqual([
      ['meta', 'Purchase', undefined],
      ['google', 'conversion', undefined],
    ])
  })

  it('a sendBeacon that throws still throws to its caller', async () => {
    start()
    beacon.mockImplementation(() => {
      throw new TypeError('Illegal invocation')
    })
    expect(() => nav.sendBeacon(CONVERSION, '{}')).toThrow('Illegal invocation')
  })

  it('keeps the tab\'s requests for its later pages, marked earlier, and lists what was sent before it arrived', async () => {
    const first = start()
    nav.sendBeacon(CONVERSION, JSON.stringify(body))
    await settled()
    expect(first.list()).toHaveLength(1)
    expect(JSON.parse(sessionStorage.getItem(TAB_LOG_KEY)!)).toHaveLength(1)

    // The next page: the core had already sent an impression when the inspector arrived.
    sent = ['impression https://events.newtail-media.newtail.com.br/v1/beacon/impression/ad-9']
    const next = start()
    expect(next.list()).toEqual([
      expect.objectContaining({ kind: 'impression', how: ['handed over, before the inspector loaded (body not seen)'] }),
      expect.objectContaining({ kind: 'conversion', earlier: true, body: JSON.stringify(body) }),
    ])
    expect(next.list()[0]!.body).toBeUndefined()
  })

  it('marks the requests a CSP violation blocked', async () => {
    const rec = start()
    nav.sendBeacon(CONVERSION, JSON.stringify(body))
    await settled()
    rec.blocked('https://events.example/v1/beacon/conversion', 'connect-src')
    expect(rec.list()[0]!.blocked).toBe('connect-src')
  })
})
