import { describe, expect, it } from 'vitest'
import { DEFAULTS } from '../../../../src/config'
import { mayBeSale } from '../../../../src/conversion/sources/detect'
import { orderFromSource } from '../../../../src/conversion/sources/order-source'
import { validateOrder } from '../../../../src/conversion/validate'
import { ga4Params, gtagArgs, uaPush, vtexGtmPushes, vtexOrderPlaced } from './fixtures'

const NOW = '2026-11-24T12:00:00Z'
const validate = (order: unknown) => validateOrder(order, { ...DEFAULTS, currency: 'BRL' }, null, NOW)

describe('orderFromSource: GA4 purchase', () => {
  const expected = {
    order_id: 'T_12345',
    value: 72.05,
    currency: 'USD',
    items: [
      // GA4's price is the unit price after the unit discount: the list price is both together.
      { sku: 'SKU_12345', name: 'Stan and Friends Tee', quantity: 3, price: 12.23, promotional_price: 10.01 },
      { sku: 'SKU_12346', name: "Google Grey Women's Tee", quantity: 2, price: 24.34, promotional_price: 21.01 },
    ],
  }

  it('reads a GTM push', () => {
    expect(orderFromSource('datalayer', { event: 'purchase', ecommerce: ga4Params() })).toEqual({ order: expected, aliases: [], shape: 'ga4' })
  })

  it("reads gtag()'s arguments object", () => {
    expect(orderFromSource('datalayer', gtagArgs('event', 'purchase', ga4Params()))).toEqual({ order: expected, aliases: [], shape: 'ga4' })
  })

  it("takes the shopper's data from Google's user_data and user_id, never an e-mail as the customer id", () => {
    const push = { event: 'purchase', user_id: 'c-42', user_data: { email: [' Ana@Example.com ', 'other@example.com'], phone_number: '+5511999990000', address: [{ first_name: 'Ana', last_name: 'Souza' }] }, ecommerce: ga4Params() }
    expect(orderFromSource('datalayer', push)!.order).toMatchObject({ email: 'Ana@Example.com', phone: '+5511999990000', first_name: 'Ana', last_name: 'Souza', user_id: 'c-42' })
    const hashed = 'a'.repeat(64)
    const viaGtag = orderFromSource('datalayer', gtagArgs('event', 'purchase', { ...ga4Params(), user_id: 'ana@example.com', user_data: { sha256_email_address: hashed } }))!.order
    expect(viaGtag.email).toBe(hashed)
    expect(viaGtag).not.toHaveProperty('user_id')
  })

  it('defaults a quantity to 1, as GA4 does, and passes a price of the wrong kind on for validation to name', () => {
    const { order } = orderFromSource('datalayer', { event: 'purchase', ecommerce: { transaction_id: 7, items: [{ item_id: 'A', price: '19.90' }, { item_id: 'B', price: '19,90', quantity: 1 }] } })!
    expect(order.order_id).toBe('7')
    expect(order.items).toEqual([{ sku: 'A', quantity: 1, price: '19.90', promotional_price: 19.9 }, { sku: 'B', quantity: 1, price: '19,90' }])
    expect(validate({ ...order, email: 'a@b.co' }).errors).toEqual([expect.objectContaining({ instancePath: '/items/1/price', keyword: 'type' })])
  })

  it('without an e-mail, the sale is valid only where Meta or Google can take it (emailOptional), for that reason alone', () => {
    const { order } = orderFromSource('datalayer', { event: 'purchase', ecommerce: ga4Params() })!
    expect(validate(order).errors).toEqual([expect.objectContaining({ keyword: 'required', params: { missingProperty: 'email' } })])
    expect(validateOrder(order, { ...DEFAULTS, currency: 'BRL' }, null, NOW, true)).toMatchObject({ errors: [], order: { order_id: 'T_12345' } })
    expect(validate({ ...order, email: 'ana@example.com' }).errors).toEqual([])
  })
})

describe('orderFromSource: Universal Analytics purchase', () => {
  it('reads ecommerce.purchase (strings as pushed; validation reads them as numbers)', () => {
    const sale = orderFromSource('datalayer', uaPush())!
    expect(sale).toEqual({
      order: {
        order_id: 'T12345',
        value: 35.43,
        currency: 'EUR',
        items: [
          { sku: '12345', name: 'Triblend Android T-Shirt', quantity: 1, price: '15.25' },
          { sku: '67890', name: 'Donut Friday Scented T-Shirt', quantity: 1, price: '33.75' },
        ],
      },
      aliases: [],
      shape: 'ua',
    })
    const { order } = validate({ ...sale.order, email: 'ana@example.com' })
    expect(order!.items.map((it) => [it.price, it.promotional_price])).toEqual([[15.25, 15.25], [33.75, 33.75]])
  })

  it('with an event name too, and with user_data on the push', () => {
    expect(orderFromSource('datalayer', { event: 'transaction', ...uaPush(), user_data: { email: 'ana@example.com' } })!.order).toMatchObject({ order_id: 'T12345', email: 'ana@example.com' })
  })
})

describe('orderFromSource: VTEX', () => {
  it("reads the vtex:orderPlaced message: the first sub-order is the order_id, the group the alias", () => {
    const sale = orderFromSource('vtex', vtexOrderPlaced())!
    expect(sale).toEqual({
      order: {
        order_id: '1310750551387-01',
        email: 'ana@example.com',
        first_name: 'Ana',
        last_name: 'Souza',
        phone: '+5511999990000',
        currency: 'BRL',
        value: 3243.97,
        created_at: '2023-02-14T18:56:47Z',
        uf: 'SP',
        city: 'São Paulo',
        items: [
          { sku: '20', product_id: '9', seller_id: '1', name: 'Top Everyday Necessaire 100 RMS', quantity: 2, price: 1600.99, promotional_price: 1500.99 },
          { sku: '31', product_id: '12', seller_id: 'seller2', name: 'Bag', quantity: 1, price: 100, promotional_price: 100 },
        ],
      },
      aliases: ['1310750551387'],
      shape: 'vtex',
    })
    // What the conversion takes as it is.
    const { order, errors } = validate(sale.order)
    expect(errors).toEqual([])
    expect(order!.created_at).toBe('2023-02-14T18:56:47Z')
  })

  it("VTEX's GTM app: its orderPlaced push is the same sale as the message, and its GA4 push's id is an alias of it", () => {
    const fromMessage = orderFromSource('vtex', vtexOrderPlaced())!
    const { ga4, orderPlaced } = vtexGtmPushes()
    const fromPush = orderFromSource('datalayer', orderPlaced)!
    // The push's own fields win over its UA-shaped ecommerce (which has product ids and no e-mail).
    expect(fromPush).toEqual(fromMessage)
    const fromGa4 = orderFromSource('datalayer', ga4)!
    expect(fromGa4.order.order_id).toBe('1310750551387')
    expect(fromMessage.aliases).toContain(fromGa4.order.order_id)
  })

  it('without sub-orders the group is the id; transactionId, when it differs, is an alias', () => {
    const { ordersInOrderGroup: _, ...d } = vtexOrderPlaced()
    expect(orderFromSource('vtex', d)).toMatchObject({ order: { order_id: '1310750551387' }, aliases: [] })
    expect(orderFromSource('vtex', { ...d, transactionId: 'tx-9' })).toMatchObject({ order: { order_id: '1310750551387' }, aliases: ['tx-9'] })
    expect(orderFromSource('vtex', { ...d, orderGroup: undefined, transactionId: 55 })).toMatchObject({ order: { order_id: '55' }, aliases: [] })
  })

  it('leaves out what would be wrong: a masked e-mail, a date validation refuses; a missing selling price is the price', () => {
    const d = vtexOrderPlaced()
    d.visitorContactInfo = ['a***@gmail.com', 'A', 'S']
    d.transactionDate = '14/02/2023'
    ;(d.transactionProducts[1] as { sellingPrice?: number }).sellingPrice = undefined
    const { order } = orderFromSource('vtex', d)!
    expect(order).not.toHaveProperty('email')
    expect(order).not.toHaveProperty('created_at')
    expect(order.items[1]).toEqual({ sku: '31', product_id: '12', seller_id: 'seller2', name: 'Bag', quantity: 1, price: 100 })
  })

  it('only vtex:orderPlaced is a sale', () => {
    expect(orderFromSource('vtex', { ...vtexOrderPlaced(), eventName: 'vtex:orderPlacedTracked' })).toBeUndefined()
    expect(orderFromSource('vtex', { eventName: 'vtex:pageView' })).toBeUndefined()
    expect(orderFromSource('vtex', 'vtex:orderPlaced')).toBeUndefined()
    expect(orderFromSource('vtex', { eventName: 'vtex:orderPlaced' })).toBeUndefined() // no id
  })
})

describe('orderFromSource: what is no sale, and hostile data', () => {
  it.each([
    ['a GTM reset', { ecommerce: null }],
    ['a purchase reset', { event: 'purchase', ecommerce: null }],
    ['GTM start', { 'gtm.start': 1, event: 'gtm.js' }],
    ['another ecommerce event', { event: 'add_to_cart', ecommerce: { items: [{ item_id: 'A' }] } }],
    ['a purchase without id', { event: 'purchase', ecommerce: { value: 1, items: [] } }],
    ['gtag config', gtagArgs('config', 'G-XYZ')],
    ['gtag consent', gtagArgs('consent', 'default', { ad_storage: 'denied' })],
    ['gtag purchase without params', gtagArgs('event', 'purchase')],
    ['an orderPlaced without products', { event: 'orderPlaced' }],
    ['null', null],
    ['a string', 'purchase'],
    ['a number', 5],
    ['a function', () => 1],
  ])('%s', (_name, push) => {
    expect(orderFromSource('datalayer', push)).toBeUndefined()
  })

  it('never throws, whatever the data', () => {
    const hostile = new Proxy({}, { get() { throw new Error('no') }, has() { throw new Error('no') }, getPrototypeOf() { throw new Error('no') } })
    const getter = { event: 'purchase', get ecommerce(): never { throw new Error('no') } }
    const lines = { event: 'purchase', ecommerce: { transaction_id: 'x', items: [hostile] } }
    for (const data of [hostile, getter, lines, gtagArgs('event', 'purchase', hostile)]) {
      expect(() => orderFromSource('datalayer', data)).not.toThrow()
      expect(() => orderFromSource('vtex', data)).not.toThrow()
      expect(() => mayBeSale(data)).not.toThrow()
    }
    expect(orderFromSource('vtex', { eventName: 'vtex:orderPlaced', orderGroup: 'g', get transactionProducts(): never { throw new Error('no') } })).toBeUndefined()
  })

  it('reads at most one line more than the conversion accepts', () => {
    const items = Array.from({ length: 20_000 }, (_, i) => ({ item_id: `S${i}`, price: 1 }))
    const { order } = orderFromSource('datalayer', { event: 'purchase', ecommerce: { transaction_id: 'big', items } })!
    expect(order.items).toHaveLength(10_001)
  })
})

describe('mayBeSale (for the every-page script)', () => {
  it('says yes to every sale the mappers read, and no to resets and other events', () => {
    const { ga4, orderPlaced } = vtexGtmPushes()
    for (const push of [{ event: 'purchase', ecommerce: ga4Params() }, gtagArgs('event', 'purchase', ga4Params()), uaPush(), ga4, orderPlaced]) {
      expect(orderFromSource('datalayer', push)).toBeDefined()
      expect(mayBeSale(push)).toBe(true)
    }
    for (const push of [{ ecommerce: null }, { event: 'gtm.js' }, gtagArgs('config', 'G-1'), null, 'purchase', { event: 'add_to_cart', ecommerce: {} }]) expect(mayBeSale(push)).toBe(false)
  })
})
