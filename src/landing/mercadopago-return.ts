import { attempt, now } from '../util'

/**
 * A Mercado Pago Checkout Pro return: parameters only Checkout Pro puts on a back URL
 * (https://www.mercadopago.com.br/developers/en/docs/checkout-pro/configure-back-urls); `status`,
 * `payment_id` and `external_reference` are too common on their own to mark one.
 */
export const MP_RETURN = /[?&](preference_id|collection_(id|status)|merchant_order_id)=/

export const RETURN_KEY = 'adb_mp_return'

/** The parameters of a Checkout Pro back URL (the page above), all that is kept of it. */
const RETURN_PARAMS = /^(preference_id|collection_(id|status)|merchant_order_id|payment_(id|type)|status|external_reference|site_id|processing_mode)$/

/**
 * Keeps the return URL for this tab, at once: stores often send the back URL through their own
 * redirect to a clean "/order/123" (or a single-page router drops the query), and the page may
 * leave before the conversion part has loaded. Without it, a pending boleto would later be
 * reported to Meta and Google as a purchase. sessionStorage: this tab only, gone when it closes;
 * the conversion part reads it (conversion/payments/remembered-return.ts).
 */
export const keepReturn = (href: string): void =>
  attempt(() => {
    // Only Checkout Pro's own parameters: the store's URL may carry anything else, an e-mail too.
    const q = new URLSearchParams()
    new URL(href).searchParams.forEach((v, k) => RETURN_PARAMS.test(k) && q.append(k, v))
    sessionStorage.setItem(RETURN_KEY, JSON.stringify({ at: now(), q: q + '' }))
  })
