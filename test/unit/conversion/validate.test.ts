import { describe, expect, it } from 'vitest'
import { DEFAULTS } from '../../../src/config'
import { toUtcIso, validateOrder } from '../../../src/conversion/validate'

const NOW = '2026-11-24T12:00:00Z'
const good = () => ({
  order_id: 'o-1',
  email: 'Ana@Example.com',
  items: [
    { sku: 'A1', quantity: 2, price: 100, promotional_price: 80, seller_id: '1', product_id: 'P1' },
    { sku: 'B2', quantity: 1, price: 50, promotional_price: 50 },
  ],
})

describe('validateOrder', () => {
  it('accepts the VTEX wire shape; prices stay per unit; value is Σ promo × qty', () => {
    const { order, errors } = validateOrder(good(), DEFAULTS, null, NOW)
    expect(errors).toEqual([])
    expect(order!.items[0]).toEqual({ sku: 'A1', quantity: 2, price: 100, promotional_price: 80, seller_id: '1', product_id: 'P1' })
    expect(order!.value).toBe(210)
    expect(order!.created_at).toBe(NOW)
  })

  it('reports missing required fields like the API 422 array', () => {
    const { order, errors } = validateOrder({ items: [{ quantity: 1 }] }, DEFAULTS, null, NOW)
    expect(order).toBeUndefined()
    expect(errors).toEqual(expect.arrayContaining([
      { instancePath: '', keyword: 'required', message: "must have required property 'order_id'", params: { missingProperty: 'order_id' } },
      { instancePath: '/items/0', keyword: 'required', message: "must have required property 'sku'", params: { missingProperty: 'sku' } },
      { instancePath: '/items/0', keyword: 'required', message: "must have required property 'price'", params: { missingProperty: 'price' } },
      { instancePath: '', keyword: 'required', message: "must have required property 'email'", params: { missingProperty: 'email' } },
    ]))
  })

  it.each([
    [{ quantity: 0 }, '/items/0/quantity', 'exclusiveMinimum'],
    [{ quantity: -1 }, '/items/0/quantity', 'exclusiveMinimum'],
    [{ quantity: 'two' }, '/items/0/quantity', 'type'],
    [{ price: -5 }, '/items/0/price', 'minimum'],
    [{ promotional_price: -1 }, '/items/0/promotional_price', 'minimum'],
  ])('refuses bad item %o', (patch, path, keyword) => {
    const o = good()
    Object.assign(o.items[0]!, patch)
    const { errors } = validateOrder(o, DEFAULTS, null, NOW)
    expect(errors).toEqual([expect.objectContaining({ instancePath: path, keyword })])
  })

  it('refuses an empty item list, a non-object, a bad e-mail, a bad gender, an e-mail as user_id', () => {
    expect(validateOrder({ ...good(), items: [] }, DEFAULTS, null, NOW).errors[0]).toMatchObject({ instancePath: '/items', keyword: 'minItems' })
    expect(validateOrder('order', DEFAULTS, null, NOW).errors[0]).toMatchObject({ keyword: 'type' })
    expect(validateOrder({ ...good(), email: 'nope' }, DEFAULTS, null, NOW).errors[0]).toMatchObject({ instancePath: '/email', keyword: 'format' })
    expect(validateOrder({ ...good(), gender: 'X' }, DEFAULTS, null, NOW).errors[0]).toMatchObject({ instancePath: '/gender', keyword: 'enum' })
    expect(validateOrder({ ...good(), user_id: 'a@b.c' }, DEFAULTS, null, NOW).errors[0]).toMatchObject({ instancePath: '/user_id' })
  })

  it('an empty e-mail is "must NOT be empty" at /email; a missing one is required', () => {
    expect(validateOrder({ ...good(), email: '' }, DEFAULTS, null, NOW).errors).toEqual([{ instancePath: '/email', keyword: 'minLength', message: 'must NOT be empty', params: { limit: 1 } }])
    expect(validateOrder({ ...good(), email: '   ' }, DEFAULTS, null, NOW).errors).toEqual([{ instancePath: '/email', keyword: 'minLength', message: 'must NOT be empty', params: { limit: 1 } }])
    const { email: _, ...noEmail } = good()
    expect(validateOrder(noEmail, DEFAULTS, null, NOW).errors).toEqual([{ instancePath: '', keyword: 'required', message: "must have required property 'email'", params: { missingProperty: 'email' } }])
    expect(validateOrder({ ...good(), email: null }, DEFAULTS, null, NOW).errors[0]).toMatchObject({ keyword: 'required' })
    expect(validateOrder({ ...good(), email: 42 }, DEFAULTS, null, NOW).errors[0]).toMatchObject({ instancePath: '/email', keyword: 'type' })
  })

  it('accepts numeric strings and numeric ids from back ends; promotional_price defaults to price', () => {
    const { order } = validateOrder({ order_id: 123, email: 'a@b.co', items: [{ sku: 9, quantity: '1', price: '1899.00' }] }, DEFAULTS, null, NOW)
    expect(order!.order_id).toBe('123')
    expect(order!.items[0]).toEqual({ sku: '9', quantity: 1, price: 1899, promotional_price: 1899 })
  })

  it('refuses an order id that is an e-mail (it travels unhashed as the event id)', () => {
    expect(validateOrder({ ...good(), order_id: 'ana@example.com' }, DEFAULTS, null, NOW).errors[0]).toMatchObject({ instancePath: '/order_id' })
  })

  it('refuses a numeric string too large to be a number (it would be sent as null)', () => {
    const o = good()
    ;(o.items[0] as Record<string, unknown>).price = '9'.repeat(400)
    expect(validateOrder(o, DEFAULTS, null, NOW).errors[0]).toMatchObject({ instancePath: '/items/0/price', keyword: 'type' })
  })

  it('converts created_at to UTC and refuses one without a time zone', () => {
    expect(validateOrder({ ...good(), created_at: '2026-01-01T06:20:00-03:00' }, DEFAULTS, null, NOW).order!.created_at).toBe('2026-01-01T09:20:00Z')
    expect(validateOrder({ ...good(), created_at: '2026-01-01 09:20' }, DEFAULTS, null, NOW).errors[0]).toMatchObject({ instancePath: '/created_at', keyword: 'format' })
    expect(toUtcIso('2026-01-01T09:20:00.123Z')).toBe('2026-01-01T09:20:00Z') // the spec's example form, no milliseconds
    expect(toUtcIso('2026-13-01T09:20:00Z')).toBeUndefined()
  })

  it('takes order_id from a Mercado Pago external_reference when the order has none', () => {
    const { order_id: _, ...rest } = good()
    const { order } = validateOrder(rest, DEFAULTS, { external_reference: 'ext-9', status: 'approved' }, NOW)
    expect(order!.order_id).toBe('ext-9')
    expect(validateOrder(good(), DEFAULTS, { external_reference: 'ext-9' }, NOW).order!.order_id).toBe('o-1')
  })

  it('uses the order currency, else the configured one', () => {
    expect(validateOrder(good(), { ...DEFAULTS, currency: 'BRL' }, null, NOW).order!.currency).toBe('BRL')
    expect(validateOrder({ ...good(), currency: 'usd' }, { ...DEFAULTS, currency: 'BRL' }, null, NOW).order!.currency).toBe('USD')
  })
})
