import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createTracker } from '../../../src/entries/esm'
import { clearCookies } from '../support/cookies'

// Regression (found while moving the unit tests, fixed in src by 771de74): src/config.ts reads
// currency and defaultCountry as plain strings, and the conversion part checks the configured ones
// (uppercase ISO 4217 currency, a defaultCountry adbeacon has a calling code for), naming the option.

const ORDER = { order_id: 'cfg-1', email: 'a@b.co', phone: '(11) 99999-9999', items: [{ sku: 'S', quantity: 1, price: 10 }] }
const META = [{ type: 'facebook_ad', values: { pixel_id: '111' } }]

describe('configured currency and defaultCountry (checked by the conversion part)', () => {
  let pixels: string[]
  beforeEach(() => {
    localStorage.clear()
    clearCookies()
    pixels = []
    Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: () => true })
    vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => (init?.method === 'POST' ? new Response('{}', { status: 202 }) : (pixels.push(url), { type: 'opaque', ok: false, status: 0 }))))
  })
  afterEach(() => {
    vi.restoreAllMocks()
    vi.unstubAllGlobals()
  })

  it('a lowercase configured currency reaches Meta as the ISO code ("brl" → "BRL")', async () => {
    const r = await createTracker({ publisherId: 'pub-1', currency: 'brl', tracks: META }).conversion(ORDER)
    expect(r.destinations.meta).toMatchObject({ status: 'sent' })
    expect(new URL(pixels[0]!).searchParams.get('cd[currency]')).toBe('BRL')
  })

  it('a configured currency that is no ISO 4217 code is warned about, naming the option and the value', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    await createTracker({ publisherId: 'pub-1', currency: 'R$', tracks: META }).conversion({ ...ORDER, order_id: 'cfg-2' })
    const text = warn.mock.calls.map((c) => c.map(String).join(' ')).join('\n')
    expect(text).toMatch(/currency.*R\$/)
    // and Meta is not sent a currency it cannot read
    expect(pixels.map((u) => new URL(u).searchParams.get('cd[currency]'))).not.toContain('R$')
  })

  it('a defaultCountry adbeacon has no calling code for (it would drop every national phone) is warned about', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    await createTracker({ publisherId: 'pub-1', defaultCountry: 'IT' }).conversion({ ...ORDER, order_id: 'cfg-3' })
    expect(warn.mock.calls.map((c) => c.map(String).join(' ')).join('\n')).toMatch(/defaultCountry.*IT/)
  })
})
