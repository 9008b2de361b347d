import { describe, expect, it, vi } from 'vitest'
import { recallReturn } from '../../../../src/conversion/payments/remembered-return'
import { keepReturn as rememberReturn } from '../../../../src/landing/mercadopago-return'
import { createTracker } from '../../../../src/entries/esm'
import { checkoutProReturn, metaOnlyStore, resetPageBetweenTests } from '../../support/checkout-pro-store'

const PENDING = { status: 'pending', payment_type: 'ticket', external_reference: 'ORD-7', site_id: 'MLB', preference_id: '1-abc' }
const PENDING_URL = 'https://shop.example.com/mp-back?collection_status=pending&payment_type=ticket&external_reference=ORD-7&site_id=MLB&preference_id=1-abc'

describe('remembered Mercado Pago return', () => {
  resetPageBetweenTests()

  it('is recalled for the same order within the hour, not for another order, not later', () => {
    vi.spyOn(Date, 'now').mockReturnValue(1_000_000)
    rememberReturn(PENDING_URL)
    expect(recallReturn('ORD-7')).toEqual(PENDING)
    expect(recallReturn(undefined)).toEqual(PENDING)
    expect(recallReturn('ORD-8')).toBeNull()
    vi.spyOn(Date, 'now').mockReturnValue(1_000_000 + 61 * 60 * 1000)
    expect(recallReturn('ORD-7')).toBeNull()
  })

  it("keeps only Checkout Pro's parameters, never the rest of the store's URL (an e-mail there stays out of storage)", () => {
    rememberReturn(PENDING_URL + '&email=ana%40example.com&customer=Ana+Souza')
    const stored = sessionStorage.getItem('adb_mp_return')!
    expect(stored).not.toMatch(/ana|example|Souza|email|customer/i)
    expect(recallReturn('ORD-7')).toEqual(PENDING)
  })

  it('never throws when sessionStorage is blocked', () => {
    vi.spyOn(window, 'sessionStorage', 'get').mockImplementation(() => { throw new DOMException('blocked', 'SecurityError') })
    expect(() => rememberReturn(PENDING_URL)).not.toThrow()
    expect(recallReturn('ORD-7')).toBeNull()
  })

  it('a pending return is still held for Meta after the store redirects to a clean confirmation URL (once the conversion part has loaded)', async () => {
    const { pixels, opts } = metaOnlyStore()
    // the back URL, as Checkout Pro sends the shopper to it
    history.replaceState(null, '', checkoutProReturn('/mp-back', 'pending', 'ticket', 'ORD-7'))
    const first = createTracker(opts)
    // kept for the tab at once, before the conversion part (imported on demand) has loaded
    expect(sessionStorage.getItem('adb_mp_return')).not.toBeNull()
    expect(first.debugState().conversions).toEqual([])
    // the store's handler redirects to a clean page, which reports the sale
    history.replaceState(null, '', '/order/ORD-7')
    const r = await createTracker(opts).conversion({ order_id: 'ORD-7', email: 'a@b.co', items: [{ sku: 'S', quantity: 1, price: 10 }] })
    expect(r.destinations.meta).toMatchObject({ status: 'held' })
    expect(r.destinations.vtex).toMatchObject({ status: 'sent' })
    expect(pixels).toHaveLength(0)
  })

  it('a held pending payment stays held when the same order is opened in another tab without the return', async () => {
    const { pixels, opts } = metaOnlyStore()
    const order = { order_id: 'ORD-9', email: 'a@b.co', items: [{ sku: 'S', quantity: 1, price: 10 }] }
    history.replaceState(null, '', checkoutProReturn('/thanks', 'pending', 'ticket', 'ORD-9'))
    expect((await createTracker(opts).conversion(order)).destinations.meta).toMatchObject({ status: 'held' })
    // another tab: no return parameters, and no sessionStorage of the first tab
    sessionStorage.clear()
    history.replaceState(null, '', '/account/orders/ORD-9')
    const later = await createTracker(opts).conversion(order)
    expect(later.destinations.meta).toMatchObject({ status: 'held' })
    expect(later.destinations.meta!.reason).toContain('not approved instantly')
    expect(pixels).toHaveLength(0)
  })

  it('a declined payment is not remembered: the shopper may retry and be approved', async () => {
    const { pixels, opts } = metaOnlyStore()
    const order = { order_id: 'ORD-10', email: 'a@b.co', items: [{ sku: 'S', quantity: 1, price: 10 }] }
    history.replaceState(null, '', checkoutProReturn('/thanks', 'rejected', 'credit_card', 'ORD-10'))
    expect((await createTracker(opts).conversion(order)).destinations.meta).toMatchObject({ status: 'held' })
    history.replaceState(null, '', checkoutProReturn('/thanks', 'approved', 'credit_card', 'ORD-10'))
    expect((await createTracker(opts).conversion(order)).destinations.meta).toMatchObject({ status: 'sent' })
    expect(pixels).toHaveLength(1)
  })
})
