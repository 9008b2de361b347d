import { describe, expect, it } from 'vitest'
import { DEFAULTS } from '../../../src/config'
import { validateOrder } from '../../../src/conversion/validate'
import { checkoutCountry, checkoutOrder } from '../../../src/shopify/checkout'
import { checkoutCompleted } from '../../support/shopify'

describe('checkoutOrder (Shopify checkout_completed → order)', () => {
  it("maps the documented checkout: order id, buyer, lines per unit (after the line's discount), total, customer, time", () => {
    const order = checkoutOrder(checkoutCompleted())
    expect(order).toEqual({
      order_id: '5523587072284',
      email: 'Maria.Souza@Example.com',
      phone: '(11) 99999-0000',
      first_name: 'Maria',
      last_name: 'Souza',
      city: 'São Paulo',
      uf: 'SP',
      user_id: '7012345',
      value: 244.72,
      currency: 'BRL',
      created_at: '2026-11-30T12:00:00.000Z',
      items: [
        { sku: 'CAM-P-AZUL', product_id: '778899', name: 'Camiseta', quantity: 2, price: 99.9, promotional_price: 89.91 },
        { sku: '44556688', product_id: '778800', name: 'Meia', quantity: 1, price: 49.9, promotional_price: 49.9 },
      ],
    })
    expect(checkoutCountry(checkoutCompleted().data.checkout)).toBe('BR')
    const { errors } = validateOrder(order, DEFAULTS, null, '2026-11-30T12:00:05Z')
    expect(errors).toEqual([])
  })

  it("falls back: the checkout token without an order id, the shipping address without a billing one, init's customer", () => {
    const e = checkoutCompleted()
    const c = e.data.checkout as Record<string, unknown>
    c.order = null
    c.billingAddress = null
    c.phone = '+55 21 98888-0000'
    const order = checkoutOrder(e, { data: { customer: { id: '99' } } })!
    expect(order).toMatchObject({ order_id: 'f1e2d3c4b5a6', phone: '+55 21 98888-0000', first_name: 'Maria', user_id: '99' })
  })

  it('without a checkout there is no order; without an e-mail the order has none (validation names it)', () => {
    expect(checkoutOrder({ data: {} })).toBeUndefined()
    expect(checkoutOrder({})).toBeUndefined()
    const e = checkoutCompleted()
    ;(e.data.checkout as Record<string, unknown>).email = null
    const order = checkoutOrder(e)!
    expect(order).not.toHaveProperty('email')
    expect(validateOrder(order, DEFAULTS, null, '2026-11-30T12:00:05Z').errors).toEqual([expect.objectContaining({ params: { missingProperty: 'email' } })])
  })
})
