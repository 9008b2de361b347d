// The shapes the stores publish, as their platforms document or emit them.

/** GA4 purchase, the example of Google's event reference (values per unit, discount per unit). */
export const ga4Params = () => ({
  transaction_id: 'T_12345',
  value: 72.05,
  tax: 3.6,
  shipping: 5.99,
  currency: 'USD',
  coupon: 'SUMMER_SALE',
  items: [
    { item_id: 'SKU_12345', item_name: 'Stan and Friends Tee', discount: 2.22, item_brand: 'Google', item_variant: 'green', price: 10.01, quantity: 3 },
    { item_id: 'SKU_12346', item_name: "Google Grey Women's Tee", discount: 3.33, price: 21.01, quantity: 2 },
  ],
})

/** gtag() pushes its arguments object. */
export function gtagArgs(...args: unknown[]): IArguments {
  return (function (..._a: unknown[]) {
    // eslint-disable-next-line prefer-rest-params
    return arguments
  })(...args)
}

/** Universal Analytics purchase, the example of Google's enhanced-ecommerce guide (strings as there). */
export const uaPush = () => ({
  ecommerce: {
    currencyCode: 'EUR',
    purchase: {
      actionField: { id: 'T12345', affiliation: 'Online Store', revenue: '35.43', tax: '4.90', shipping: '5.99', coupon: 'SUMMER_SALE' },
      products: [
        { name: 'Triblend Android T-Shirt', id: '12345', price: '15.25', brand: 'Google', category: 'Apparel', variant: 'Gray', quantity: 1, coupon: '' },
        { name: 'Donut Friday Scented T-Shirt', id: '67890', price: '33.75', brand: 'Google', category: 'Apparel', variant: 'Black', quantity: 1 },
      ],
    },
  },
})

/** VTEX IO's vtex:orderPlaced message data (the Order of VTEX's pixel apps), one seller, split in two sub-orders. */
export const vtexOrderPlaced = () => ({
  event: 'orderPlaced',
  eventName: 'vtex:orderPlaced',
  accountName: 'storecomponents',
  currency: 'BRL',
  orderGroup: '1310750551387',
  ordersInOrderGroup: ['1310750551387-01', '1310750551387-02'],
  salesChannel: '1',
  visitorContactInfo: ['ana@example.com', 'Ana', 'Souza'],
  visitorContactPhone: '+5511999990000',
  visitorAddressState: 'SP',
  visitorAddressCity: 'São Paulo',
  transactionId: '1310750551387',
  transactionDate: '2023-02-14T18:56:47.0019167Z',
  transactionAffiliation: 'VTEX',
  transactionTotal: 3243.97,
  transactionShipping: 41.99,
  transactionSubtotal: 3201.98,
  transactionDiscounts: 0,
  transactionTax: 0,
  transactionCurrency: 'BRL',
  transactionProducts: [
    { id: '9', name: 'Top Everyday Necessaire 100 RMS', sku: '20', skuName: '100 RMS', brand: 'New Offers!!', seller: 'VTEX', sellerId: '1', originalPrice: 1600.99, price: 1600.99, sellingPrice: 1500.99, tax: 0, quantity: 2, categoryTree: ['Apparel & Accessories'] },
    { id: '12', name: 'Bag', sku: '31', skuName: 'Bag', brand: 'B', seller: 'Other', sellerId: 'seller2', price: 100, sellingPrice: 100, quantity: 1 },
  ],
})

/**
 * VTEX's GTM app on that message: the same data spread into an `orderPlaced` push with a
 * UA-shaped ecommerce.purchase (id = orderGroup), after its GA4 `purchase` push (transaction_id
 * = orderGroup, item_id = product id, item_variant = sku).
 */
export const vtexGtmPushes = () => {
  const order = vtexOrderPlaced()
  const products = order.transactionProducts.map((p) => ({ id: p.id, variant: p.sku, name: p.name, price: p.price, quantity: p.quantity }))
  return {
    ga4: { event: 'purchase', ecommerce: { transaction_id: order.orderGroup, value: order.transactionTotal, currency: order.currency, items: order.transactionProducts.map((p) => ({ item_id: p.id, item_variant: p.sku, price: p.price, quantity: p.quantity })) } },
    orderPlaced: { ...order, event: 'orderPlaced', ecommerce: { purchase: { actionField: { id: order.orderGroup, revenue: order.transactionTotal }, products } } },
  }
}
