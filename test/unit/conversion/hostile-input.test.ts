// Issue 10, part 6: hostile values cost a bounded amount of work and a few console lines. Each case
// here is timed by scripts/bench-hostile.mjs in Chromium (timings belong in reports, not in tests).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createConversion } from '../../../src/conversion/conversion'
import { createTracker } from '../../../src/entries/esm'
import { clearCookies } from '../support/cookies'
import { fakeCore } from '../support/fake-core'

const ORDER = { order_id: 'h-1', email: 'a@b.co', currency: 'BRL', items: [{ sku: 'S', quantity: 1, price: 10 }] }
/** The shape that made the phone rules backtrack: every "1ext" starts a match that scans to the end. */
const HOSTILE_PHONE = '1ext'.repeat(20_000)

function setup() {
  const { core, warn } = fakeCore({ publisherId: 'pub-1', defaultCountry: 'BR', tracks: [{ type: 'facebook_ad', values: { pixel_id: '111' } }] }, {}, {}, { sessionId: 's-1', userId: undefined })
  return { part: createConversion(core), warn }
}

describe('hostile input', () => {
  let bodies: string[]
  let urls: string[]
  beforeEach(() => {
    localStorage.clear()
    clearCookies()
    bodies = []
    urls = []
    const keep = (url: string, body: unknown) => (urls.push(url), typeof body === 'string' && bodies.push(body))
    Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: (url: string, blob: Blob) => (urls.push(url), void blob.text().then((t) => bodies.push(t)), true) })
    vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => (keep(url, init?.body), new Response('{}', { status: 202 }))))
    vi.spyOn(console, 'info').mockImplementation(() => {})
  })
  afterEach(() => {
    vi.restoreAllMocks()
    vi.unstubAllGlobals()
  })

  it('an 80,000-character phone is left out before normalisation, with one warning that does not repeat it; the sale goes', async () => {
    const { part, warn } = setup()
    const r = await part.conversion({ ...ORDER, phone: HOSTILE_PHONE, first_name: 'x'.repeat(80_000) })
    expect(r.status).toBe('sent')
    await vi.waitFor(() => expect(bodies).toHaveLength(1))
    const body = JSON.parse(bodies[0]!) as Record<string, unknown>
    expect(body.order_id).toBe('h-1')
    expect(body.phone_hashed).toBeUndefined()
    expect(body.first_name_hashed).toBeUndefined()
    expect(new URL(urls.find((u) => u.includes('/tr?'))!).searchParams.has('ud[ph]')).toBe(false)
    expect(warn.mock.calls).toEqual([['too long', 'order.phone, order.first_name (over 200 characters) left out']])
    // a real phone of the same order still goes
    await part.conversion({ ...ORDER, order_id: 'h-2', phone: '(11) 99999-9999' })
    await vi.waitFor(() => expect(bodies).toHaveLength(2))
    expect(JSON.parse(bodies[1]!).phone_hashed).toMatch(/^[0-9a-f]{64}$/)
  })

  it('an order of 100,000 lines is refused before any line is validated, in one warning line', async () => {
    const { part, warn } = setup()
    const items = Array.from({ length: 100_000 }, () => ({ sku: 'S', quantity: 0, price: 1 }))
    const r = await part.conversion({ ...ORDER, items })
    expect(r.status).toBe('invalid')
    expect(r.errors).toEqual([{ instancePath: '/items', keyword: 'maxItems', message: 'must NOT have more than 10000 items', params: { limit: 10_000 } }])
    expect(urls).toEqual([])
    expect(warn.mock.calls).toEqual([['order', 'conversion not sent: order.items must NOT have more than 10000 items, got an array of 100000']])
  })

  it('10,000 invalid lines (under the bound): every error in the result, at most four warning lines, the last with the count', async () => {
    const { part, warn } = setup()
    const items = Array.from({ length: 10_000 }, () => ({ sku: 'S', quantity: 0, price: 1 }))
    const r = await part.conversion({ ...ORDER, items })
    expect(r.status).toBe('invalid')
    expect(r.errors).toHaveLength(10_000)
    expect(urls).toEqual([])
    expect(warn.mock.calls).toHaveLength(4)
    expect(warn.mock.calls[0]).toEqual(['order', 'conversion not sent: order.items[0].quantity must be > 0, got 0'])
    expect(warn.mock.calls[3]).toEqual(['order', 'conversion not sent: 10000 errors in all'])
  })

  it('consent() with 100,000 keys reads the two it knows: no warning per key', () => {
    const out = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const many: Record<string, string> = { ad_storage: 'denied' }
    for (let i = 0; i < 100_000; i++) many['k' + i] = 'granted'
    const t = createTracker({ publisherId: 'pub-1' })
    t.consent(many as never)
    expect(t.debugState().consent).toEqual({ ad_storage: 'denied' })
    expect(out).not.toHaveBeenCalled()
  })
})
