import type { ConversionResult } from '../types'
import { readLanding } from '../landing/touches'
import { createOutbox } from '../transport/outbox'
import { createTransport } from '../transport/transport'
import { DAY_MS, idString, isObject, now } from '../util'
import { checkedConfig } from './checked-config'
import type { ConversionContext } from './destinations/destination'
import { createLedger } from './ledger'
import { orderLock } from './order-lock'
import { readOrderBlocks } from './order-blocks'
import type { ConversionPart, ConversionRecord, Core } from './part'
import { readMercadoPagoReturn } from './payments/mercadopago'
import { recallReturn } from './payments/remembered-return'
import { checkOrder, claimAndDeliver, destinationsFor, type Destinations } from './report-order'

/** The destinations of a configuration, built once per `tracks` so a malformed track is warned about once. */
function destinationsOf(core: Core): () => Destinations {
  let builtFor: unknown
  let built: Destinations
  return () => {
    const cfg = core.cfg()
    if (builtFor !== cfg.tracks) built = destinationsFor(cfg, core.log)
    builtFor = cfg.tracks
    return built
  }
}

/**
 * The conversion part: validation, the Mercado Pago rule, the sent-order ledger, and one payload
 * per destination (VTEX Ads, Meta, Google), each claimed once per order before anything awaits.
 */
export function createConversion(core: Core): ConversionPart {
  const { log, storage } = core
  const ledger = createLedger(storage, () => core.cfg().dedupDays * DAY_MS)
  const transport = createTransport(createOutbox(storage, log), log)
  const config = checkedConfig(core.cfg, log)
  const destinations = destinationsOf(core)
  const results: ConversionRecord[] = []

  async function conversion(input: unknown): Promise<ConversionResult> {
    const cfg = config()
    // The return on this URL, else the one this tab came back with before the store redirected.
    const payment = readMercadoPagoReturn(location.href) ?? recallReturn(idString(isObject(input) ? input.order_id : undefined))
    const dests = destinations()
    const order = checkOrder(input, cfg, payment, dests, log)
    if ('status' in order) return order
    const { sessionId, userId } = core.ids()
    const ctx: ConversionContext = { config: cfg, log, sessionId, userId: order.user_id ?? userId, landing: readLanding(storage, cfg), payment, send: transport.send }
    return claimAndDeliver(order, ctx, dests, { ledger, transport, consent: core.consent(), log, lock: orderLock })
  }

  const run = (order: unknown): Promise<ConversionResult> =>
    conversion(order)
      .catch((e: unknown): ConversionResult => {
        log.error('conversion failed inside adbeacon (nothing was thrown to the page):', e)
        return { status: 'failed', destinations: {} }
      })
      .then((r) => {
        results.push({ ...r, at: new Date(now()).toISOString() })
        if (results.length > 10) results.shift()
        return r
      })

  return { conversion: run, readOrders: () => readOrderBlocks(run, log), flush: transport.flush, results }
}
