// A faithful stand-in of Shopify's Web Pixels API for the pixel's tests: the checkout_completed
// event in its documented shape (https://shopify.dev/docs/api/web-pixels-api/standard-events/checkout_completed,
// every field of data.checkout), and `analytics`, `browser`, `init`, `customerPrivacy` as a
// custom pixel finds them (https://shopify.dev/docs/api/web-pixels-api/standard-api): subscribe()
// resolving to undefined, the browser methods asynchronous and run elsewhere (the top frame).

const money = (amount: number) => ({ amount, currencyCode: 'BRL' })

const address = () => ({
  address1: 'Av. Paulista, 1000',
  address2: null,
  city: 'São Paulo',
  country: 'Brazil',
  countryCode: 'BR',
  firstName: 'Maria',
  lastName: 'Souza',
  phone: '(11) 99999-0000',
  province: 'São Paulo',
  provinceCode: 'SP',
  zip: '01310-100',
})

const product = (id: string, title: string) => ({ id, title, type: 'Roupas', untranslatedTitle: title, url: `/products/${id}`, vendor: 'Loja Exemplo' })

/** A checkout_completed event: two lines (a coupon on the first), shipping, an order id and a customer. */
export const checkoutCompleted = (orderId = '5523587072284') => ({
  id: 'sh-88153c5a-8F2D-4CCA-3231-EF5C032A4C3B',
  clientId: 'xxxxxxxx-8a4e-4ec3-b0d0-2b5e3f1e8f11',
  name: 'checkout_completed',
  seq: 3,
  timestamp: '2026-11-30T12:00:00.000Z',
  type: 'standard',
  context: {
    document: { characterSet: 'UTF-8', location: { hash: '', host: 'loja.example', hostname: 'loja.example', href: 'https://loja.example/checkouts/cn/abc/thank-you', origin: 'https://loja.example', pathname: '/checkouts/cn/abc/thank-you', port: '', protocol: 'https:', search: '' }, referrer: '', title: 'Obrigado' },
    navigator: { cookieEnabled: true, language: 'pt-BR', languages: ['pt-BR'], userAgent: 'Mozilla/5.0' },
    window: { innerHeight: 800, innerWidth: 1280, outerHeight: 800, outerWidth: 1280, pageXOffset: 0, pageYOffset: 0, origin: 'https://loja.example', screen: { height: 800, width: 1280 }, screenX: 0, screenY: 0, scrollX: 0, scrollY: 0 },
  },
  data: {
    checkout: {
      attributes: [],
      billingAddress: address(),
      buyerAcceptsEmailMarketing: false,
      buyerAcceptsSmsMarketing: false,
      currencyCode: 'BRL',
      delivery: { selectedDeliveryOptions: [{ cost: money(15), costAfterDiscounts: money(15), description: null, handle: 'pac', title: 'PAC', type: 'shipping' }] },
      discountApplications: [{ allocationMethod: 'ACROSS', targetSelection: 'EXPLICIT', targetType: 'LINE_ITEM', title: 'BEMVINDA', type: 'DISCOUNT_CODE', value: { percentage: 10 } }],
      discountsAmount: money(19.98),
      email: ' Maria.Souza@Example.com ',
      lineItems: [
        {
          discountAllocations: [{ amount: money(19.98), discountApplication: { allocationMethod: 'ACROSS', targetSelection: 'EXPLICIT', targetType: 'LINE_ITEM', title: 'BEMVINDA', type: 'DISCOUNT_CODE', value: { percentage: 10 } } }],
          finalLinePrice: money(179.82),
          id: 'gid://shopify/CheckoutLineItem/1',
          properties: [],
          quantity: 2,
          sellingPlanAllocation: null,
          title: 'Camiseta',
          variant: { id: '44556677', image: { src: '//cdn.example/camiseta.jpg' }, price: money(99.9), product: product('778899', 'Camiseta'), sku: 'CAM-P-AZUL', title: 'P / Azul', untranslatedTitle: 'P / Azul' },
        },
        {
          discountAllocations: [],
          finalLinePrice: money(49.9),
          id: 'gid://shopify/CheckoutLineItem/2',
          properties: [],
          quantity: 1,
          sellingPlanAllocation: null,
          title: 'Meia',
          // A variant without a sku: its id stands in.
          variant: { id: '44556688', image: null, price: money(49.9), product: product('778800', 'Meia'), sku: null, title: 'Única', untranslatedTitle: 'Única' },
        },
      ],
      localization: { country: { isoCode: 'BR' }, language: { isoCode: 'pt-BR' }, market: { handle: 'br', id: 'gid://shopify/Market/1' } },
      order: { customer: { id: '7012345', isFirstOrder: true }, id: orderId },
      phone: null,
      shippingAddress: address(),
      shippingLine: { price: money(15) },
      smsMarketingPhone: null,
      subtotalPrice: money(229.72),
      token: 'f1e2d3c4b5a6',
      totalPrice: money(244.72),
      totalTax: money(0),
      transactions: [{ amount: money(244.72), gateway: 'shopify_payments', paymentMethod: { name: 'Pix', type: 'local' } }],
    },
  },
})

export interface StandIn {
  analytics: { subscribe(name: string, cb: (e: unknown) => void): Promise<undefined> }
  browser: {
    cookie: { get(name?: string): Promise<string>; set(cookieOrName: string, value?: string): Promise<string> }
    localStorage: { getItem(k: string): Promise<string | null>; setItem(k: string, v: string): Promise<void>; removeItem(k: string): Promise<void>; key(i: number): Promise<string | null>; length(): Promise<number>; clear(): Promise<void> }
    sessionStorage: StandIn['browser']['localStorage']
  }
  init: { context: unknown; data: { customer: { id: string } | null; cart: null; shop: unknown }; customerPrivacy: { analyticsProcessingAllowed: boolean; marketingAllowed: boolean; preferencesProcessingAllowed: boolean; saleOfDataAllowed: boolean } }
  customerPrivacy: { subscribe(name: string, cb: (e: unknown) => void): Promise<undefined> }
  /** The test's side: Shopify publishing an event to the pixel's subscribers. */
  publish(name: string, event: unknown): void
  /** The test's side: the shopper answering the consent banner. */
  consent(status: Partial<StandIn['init']['customerPrivacy']>): void
}

/**
 * The objects a custom pixel gets, over a top frame reached through `top` (an async call by
 * operation name, as Shopify runs browser methods in the top frame). This function's source is
 * also sent into the e2e test's sandboxed frame, so it uses nothing from outside itself.
 */
export function createStandIn(top: (op: string, ...args: string[]) => Promise<unknown>, privacy: Partial<StandIn['init']['customerPrivacy']> = {}): StandIn {
  const subscribers: Record<string, Array<(e: unknown) => void>> = {}
  const consentSubscribers: Array<(e: unknown) => void> = []
  const storage = (area: string) => ({
    getItem: (k: string) => top(area + '.getItem', k) as Promise<string | null>,
    setItem: async (k: string, v: string) => void (await top(area + '.setItem', k, v)),
    removeItem: async (k: string) => void (await top(area + '.removeItem', k)),
    key: (i: number) => top(area + '.key', String(i)) as Promise<string | null>,
    length: () => top(area + '.length') as Promise<number>,
    clear: async () => void (await top(area + '.clear')),
  })
  const customerPrivacy = { analyticsProcessingAllowed: true, marketingAllowed: true, preferencesProcessingAllowed: true, saleOfDataAllowed: true, ...privacy }
  return {
    analytics: {
      subscribe: (name, cb) => ((subscribers[name] ??= []).push(cb), Promise.resolve(undefined)),
    },
    browser: {
      cookie: {
        get: (name?: string) => top('cookie.get', name ?? '') as Promise<string>,
        set: (cookieOrName: string, value?: string) => top('cookie.set', value === undefined ? cookieOrName : `${cookieOrName}=${value}`) as Promise<string>,
      },
      localStorage: storage('localStorage'),
      sessionStorage: storage('sessionStorage'),
    },
    init: {
      context: { document: { location: { href: 'https://loja.example/checkouts/cn/abc/thank-you' }, referrer: '', title: 'Obrigado' } },
      data: { customer: null, cart: null, shop: { name: 'Loja Exemplo', myShopifyDomain: 'loja.myshopify.com', countryCode: 'BR', paymentSettings: { currencyCode: 'BRL' }, storefrontUrl: 'https://loja.example' } },
      customerPrivacy,
    },
    customerPrivacy: {
      subscribe: (name, cb) => (name == 'visitorConsentCollected' && consentSubscribers.push(cb), Promise.resolve(undefined)),
    },
    publish: (name, event) => {
      for (const cb of [...(subscribers[name] ?? []), ...(subscribers.all_events ?? [])]) cb(event)
    },
    consent: (status) => {
      Object.assign(customerPrivacy, status)
      for (const cb of consentSubscribers) cb({ customerPrivacy: { ...customerPrivacy } })
    },
  }
}

/** A top frame in memory, for unit tests: cookies and localStorage as plain maps. */
export function memoryTop(cookies: Record<string, string> = {}, local: Record<string, string> = {}) {
  const areas: Record<string, Map<string, string>> = { localStorage: new Map(Object.entries(local)), sessionStorage: new Map() }
  const call = async (op: string, ...args: string[]): Promise<unknown> => {
    if (op == 'cookie.get') return cookies[args[0]!] ?? ''
    if (op == 'cookie.set') return args[0]
    const [area, method] = op.split('.') as [string, string]
    const m = areas[area]!
    if (method == 'getItem') return m.get(args[0]!) ?? null
    if (method == 'setItem') return void m.set(args[0]!, args[1]!)
    if (method == 'removeItem') return void m.delete(args[0]!)
    if (method == 'key') return [...m.keys()][+args[0]!] ?? null
    if (method == 'length') return m.size
    return void m.clear()
  }
  return { call, cookies, local: areas.localStorage! }
}
