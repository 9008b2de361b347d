// The parts of Shopify's Web Pixels API that the pixel uses, as documented
// (https://shopify.dev/docs/api/web-pixels-api): the objects a custom pixel finds in its scope
// (analytics, browser, init, customerPrivacy) and the checkout_completed event. Types only.

/** MoneyV2: an amount and its ISO 4217 currency. */
export interface Money { amount?: number | null; currencyCode?: string | null }

export interface MailingAddress {
  city?: string | null
  countryCode?: string | null
  firstName?: string | null
  lastName?: string | null
  phone?: string | null
  provinceCode?: string | null
}

/** https://shopify.dev/docs/api/web-pixels-api/standard-events/checkout_completed (data.checkout). */
export interface Checkout {
  billingAddress?: MailingAddress | null
  shippingAddress?: MailingAddress | null
  currencyCode?: string | null
  email?: string | null
  phone?: string | null
  lineItems?: Array<{
    quantity?: number
    title?: string | null
    /** The line's price after its discounts, for all its units. */
    finalLinePrice?: Money | null
    variant?: { id?: string | null; sku?: string | null; price?: Money | null; product?: { id?: string | null } | null } | null
  }>
  order?: { id?: string | null; customer?: { id?: string | null } | null } | null
  token?: string | null
  totalPrice?: Money | null
}

export interface PixelEvent<D = Record<string, unknown>> {
  /** The client-side id of the customer, provided by Shopify. */
  clientId?: string
  id?: string
  name?: string
  /** ISO 8601. */
  timestamp?: string
  data?: D
}

/** https://shopify.dev/docs/api/web-pixels-api/standard-api/analytics */
export interface Analytics {
  subscribe(name: string, callback: (event: PixelEvent<{ checkout?: Checkout }>) => void): Promise<unknown> | unknown
}

/** https://shopify.dev/docs/api/web-pixels-api/standard-api/browser: asynchronous, run in the top frame. */
export interface Browser {
  cookie: { get(name: string): Promise<string> }
  localStorage: {
    getItem(key: string): Promise<string | null>
    setItem(key: string, value: string): Promise<void>
    removeItem(key: string): Promise<void>
  }
}

/** https://shopify.dev/docs/api/web-pixels-api/pixel-privacy */
export interface CustomerPrivacyStatus {
  analyticsProcessingAllowed?: boolean
  marketingAllowed?: boolean
  preferencesProcessingAllowed?: boolean
  saleOfDataAllowed?: boolean
}

/** https://shopify.dev/docs/api/web-pixels-api/standard-api/init: the page at the time it rendered. */
export interface Init {
  customerPrivacy?: CustomerPrivacyStatus
  data?: { customer?: { id?: string | null } | null }
}

/** https://shopify.dev/docs/api/web-pixels-api/standard-api/customerprivacy */
export interface CustomerPrivacy {
  subscribe(name: 'visitorConsentCollected', callback: (event: { customerPrivacy?: CustomerPrivacyStatus }) => void): Promise<unknown> | unknown
}

export interface PixelApi {
  analytics: Analytics
  browser: Browser
  init?: Init
  customerPrivacy?: CustomerPrivacy
}
