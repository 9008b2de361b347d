import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createTracker } from '../../../../src/entries/esm'

// The every-page core keeps the Checkout Pro return for the tab synchronously
// (src/landing/mercadopago-return.ts): a single-page router or the store's own redirect that drops
// the query before the conversion part is imported cannot turn a pending boleto into a purchase.
describe('remembered Mercado Pago return, kept before the conversion part loads', () => {
  beforeEach(() => sessionStorage.clear())
  afterEach(() => {
    vi.restoreAllMocks()
    vi.unstubAllGlobals()
    history.replaceState(null, '', '/')
  })

  it('a pending return is still held for Meta after the store redirects to a clean confirmation URL', async () => {
    Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: () => true })
    const pixels: string[] = []
    vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => (init?.method === 'POST' ? new Response('{}', { status: 202 }) : (pixels.push(url), { type: 'opaque', ok: false, status: 0 }))))
    const opts = { publisherId: 'pub-1', currency: 'BRL', tracks: [{ type: 'facebook_ad', values: { pixel_id: '111' } }] }
    // the back URL, as Checkout Pro sends the shopper to it
    history.replaceState(null, '', '/mp-back?collection_status=pending&status=pending&payment_type=ticket&external_reference=ORD-7&preference_id=1-abc&site_id=MLB')
    createTracker(opts)
    // the store's handler redirects to a clean page, which reports the sale
    history.replaceState(null, '', '/order/ORD-7')
    const r = await createTracker(opts).conversion({ order_id: 'ORD-7', email: 'a@b.co', items: [{ sku: 'S', quantity: 1, price: 10 }] })
    expect(r.destinations.meta).toMatchObject({ status: 'held' })
    expect(r.destinations.vtex).toMatchObject({ status: 'sent' })
    expect(pixels).toHaveLength(0)
  })
})
