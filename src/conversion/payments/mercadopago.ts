// Mercado Pago Checkout Pro return URL → whether Meta and Google may be told about the sale.
// The return URL is visible to the shopper and can be forged: it only decides whether to report,
// never the amount (that comes from the store's order).
// https://www.mercadopago.com.mx/developers/en/docs/checkout-pro/configure-back-urls

/** Mercado Pago Checkout Pro return-URL parameters (unset, or the string "null": undefined). */
export interface MercadoPagoReturn {
  /** collection_status, else status: approved, pending, in_process, rejected, … */
  status?: string
  /** a payment_type_id: credit_card, debit_card, account_money, digital_currency, ticket, … */
  payment_type?: string
  external_reference?: string
  preference_id?: string
  /** MLA, MLB, MLM, MLC, MCO, MPE, MLU (uppercased) */
  site_id?: string
  /** payment_id, else collection_id (the same number) */
  payment_id?: string
  merchant_order_id?: string
  processing_mode?: string
}

// Names only Checkout Pro puts on a back URL. `status`, `payment_id` and `external_reference` are
// too common on their own to mark a return.
const MARKERS = ['preference_id', 'collection_id', 'collection_status', 'merchant_order_id']

/** Reads Checkout Pro return parameters from a URL; null when the URL is not such a return. */
export function readMercadoPagoReturn(href: string): MercadoPagoReturn | null {
  let q: URLSearchParams
  try {
    q = new URL(href).searchParams
  } catch {
    return null
  }
  if (!MARKERS.some((k) => q.has(k))) return null
  // The first of `names` that is set. Real redirects carry the literal string "null" for what was
  // not set (e.g. a shopper who came back without paying: only preference_id and site_id are filled).
  const get = (...names: string[]): string | undefined => names.map((k) => q.get(k)?.trim()).find((v) => v && v != 'null')
  return {
    status: get('collection_status', 'status'),
    payment_type: get('payment_type'),
    external_reference: get('external_reference'),
    preference_id: get('preference_id'),
    site_id: get('site_id')?.toUpperCase(),
    payment_id: get('payment_id', 'collection_id'),
    merchant_order_id: get('merchant_order_id'),
    processing_mode: get('processing_mode'),
  }
}

// Checkout Pro associates only payments approved instantly with the pixel / Google tag: cards and
// account money everywhere; Mercado Crédito (payment_type_id digital_currency) only on MLA and MLB
// (the doc's `----[mla, mlb]----` site blocks). Source: devsite-docs checkout-pro/ads-conversion.
const INSTANT = ['credit_card', 'debit_card', 'account_money']
const CREDIT_SITES = ['MLA', 'MLB']

/** The ad-platform rule, report only payments approved instantly: why this one is not reported, else undefined. */
export function notInstant(ret: MercadoPagoReturn): string | undefined {
  const { status, payment_type: type, site_id: site } = ret
  const why =
    !status ? 'no payment (the shopper came back without paying)'
    : status !== 'approved' ? `payment ${status}`
    : INSTANT.includes(type!) || (type === 'digital_currency' && CREDIT_SITES.includes(site!)) ? ''
    : type === 'digital_currency' ? `Mercado Crédito on ${site ?? 'an unknown site'} (only MLA and MLB)`
    : `payment type ${type ?? 'missing'} is not approved instantly`
  return why ? why + ': not reported' : undefined
}
