import { describe, expect, it } from 'vitest'
import { createTracker } from '../../../../src/entries/esm'
import { checkoutProReturn, metaOnlyStore, resetPageBetweenTests } from '../../support/checkout-pro-store'

// The every-page core keeps the Checkout Pro return for the tab synchronously
// (src/landing/mercadopago-return.ts): a single-page router or the store's own redirect that drops
// the query before the conversion part is imported cannot turn a pending boleto into a purchase.
describe('remembered Mercado Pago return, kept before the conversion part loads', () => {
  resetPageBetweenTests()

  it('a pending return is still held for Meta after the store redirects to a clean confirmation URL', async () => {
    const { pixels, opts } = metaOnlyStore()
    // the back URL, as Checkout Pro sends the shopper to it
    history.replaceState(null, '', checkoutProReturn('/mp-back', 'pending', 'ticket', 'ORD-7'))
    createTracker(opts)
    // the store's handler redirects to a clean page, which reports the sale
    history.replaceState(null, '', '/order/ORD-7')
    const r = await createTracker(opts).conversion({ order_id: 'ORD-7', email: 'a@b.co', items: [{ sku: 'S', quantity: 1, price: 10 }] })
    expect(r.destinations.meta).toMatchObject({ status: 'held' })
    expect(r.destinations.vtex).toMatchObject({ status: 'sent' })
    expect(pixels).toHaveLength(0)
  })
})
