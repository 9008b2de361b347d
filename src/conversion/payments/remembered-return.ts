import { now } from '../../util'
import type { MercadoPagoReturn } from './mercadopago'

/**
 * The Checkout Pro return, kept for this tab. Stores often send the back URL through their own
 * redirect to a clean "/order/123" (or a single-page router drops the query), so the page that
 * reports the sale no longer carries the return parameters; without them a pending boleto would be
 * reported to Meta and Google as a purchase. sessionStorage: this tab only, gone when it closes.
 */
const KEY = 'adb_mp_return'
// A return older than this is not the sale being confirmed now.
const MAX_AGE_MS = 60 * 60 * 1000

function session(): Storage | undefined {
  try {
    return window.sessionStorage ?? undefined
  } catch {
    return undefined // blocked storage throws on access
  }
}

export function rememberReturn(ret: MercadoPagoReturn): void {
  try {
    session()?.setItem(KEY, JSON.stringify({ at: now(), ret }))
  } catch {
    /* quota or blocked: the URL itself still counts on this page */
  }
}

/**
 * The remembered return, if recent and not about another order (its external_reference is
 * the store's order id when the store set one).
 */
export function recallReturn(orderId: string | undefined): MercadoPagoReturn | null {
  try {
    const raw = session()?.getItem(KEY)
    if (!raw) return null
    const { at, ret } = JSON.parse(raw) as { at: number; ret: MercadoPagoReturn }
    if (typeof at !== 'number' || now() - at > MAX_AGE_MS || now() < at || !ret || typeof ret !== 'object') return null
    if (orderId && ret.external_reference && ret.external_reference !== orderId) return null
    return ret
  } catch {
    return null
  }
}
