import type { ResolvedConfig } from '../../config'
import type { LandingContext } from '../../landing/landing'
import type { Logger } from '../../log'
import type { MercadoPagoReturn } from '../payments/mercadopago'
import type { Send } from '../../transport/request'
import type { DeliveryStatus, DestinationName, Order, OrderItem } from '../../types'

/**
 * An order that passed validation: the store's Order with the fields validation settles made
 * definite. Raw PII stays here, in memory, only to be hashed.
 */
export interface ValidOrder extends Omit<Order, 'order_id' | 'items' | 'email' | 'user_id' | 'created_at' | 'value' | 'currency'> {
  order_id: string
  /** Ids as strings, promotional_price filled in (the store's OrderItem accepts more). */
  items: Array<OrderItem & { sku: string; product_id?: string; seller_id?: string | null; promotional_price: number }>
  /**
   * Absent when the order came without one (VTEX Ads then skips it: validation lets it through
   * only when Meta or Google can take the sale) or once removed for consent (ad_user_data denied).
   */
  email?: string
  user_id?: string
  /** ISO-8601 UTC, e.g. 2026-01-01T09:20:00Z */
  created_at: string
  /** Order value: the order's own `value`, else Σ promotional_price × quantity (2 decimals). */
  value: number
  /** The order's currency, else the configured one; undefined when neither is known. */
  currency: string | undefined
}

export interface ConversionContext {
  config: ResolvedConfig
  log: Logger
  sessionId: string
  /** The identified customer id (identify(), the configured cookie, or the order's user_id). */
  userId: string | undefined
  landing: LandingContext
  /** Mercado Pago Checkout Pro return parameters on this page's URL, when present. */
  payment: MercadoPagoReturn | null
  send: Send
}

/** `code` keys the console warning's long explanation in the debug build (src/debug/messages.ts). */
export type Decision = { report: true } | { report: false; status: 'held' | 'skipped'; reason: string; code?: string }

/** One ad platform that receives conversions. */
export interface Destination {
  name: DestinationName
  /** Synchronous, before the order is claimed: report it, or hold/skip it (with a reason for the log). */
  decide(order: ValidOrder, ctx: ConversionContext): Decision
  /** Hashes, builds and delivers this platform's copy. Resolves, never rejects. */
  deliver(order: ValidOrder, ctx: ConversionContext): Promise<DeliveryStatus>
}
