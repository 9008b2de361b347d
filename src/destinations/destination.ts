import type { ResolvedConfig } from '../config'
import type { LandingContext } from '../context'
import type { Logger } from '../log'
import type { MercadoPagoReturn } from '../payments/mercadopago'
import type { Send } from '../request'
import type { DeliveryStatus, DestinationName, OrderItem } from '../types'

/** An order that passed validation. Raw PII stays here, in memory, only to be hashed. */
export interface ValidOrder {
  order_id: string
  items: Array<Pick<OrderItem, 'sku' | 'quantity' | 'price' | 'promotional_price'> & Pick<OrderItem, 'product_id' | 'seller_id' | 'name'>>
  /** ISO-8601 UTC, e.g. 2026-01-01T09:20:00.000Z */
  created_at: string
  /** Order value: the order's own `value`, else Σ promotional_price × quantity (2 decimals). */
  value: number
  /** The order's currency, else the configured one; undefined when neither is known. */
  currency: string | undefined
  email?: string
  phone?: string
  social_id?: string
  first_name?: string
  last_name?: string
  /** user_id given with the order (overrides the identified one). */
  user_id?: string
  channel?: string
  brand?: string
  gender?: 'F' | 'M' | 'O' | null
  uf?: string
  city?: string
  is_company?: boolean
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

export type Decision = { report: true } | { report: false; status: 'held' | 'skipped'; reason: string }

/** One ad platform that receives conversions. */
export interface Destination {
  name: DestinationName
  /** Synchronous, before the order is claimed: report it, or hold/skip it (with a reason for the log). */
  decide(order: ValidOrder, ctx: ConversionContext): Decision
  /** Hashes, builds and delivers this platform's copy. Resolves, never rejects. */
  deliver(order: ValidOrder, ctx: ConversionContext): Promise<DeliveryStatus>
}
