import type { Logger } from '../log'
import type { ConversionResult, DestinationName } from '../types'
import type { ConversionContext, Decision, Destination, ValidOrder } from './destinations/destination'
import type { Ledger } from './ledger'
import type { MercadoPagoReturn } from './payments/mercadopago'

// How long a claim on an order holds before its payload is out: hashing takes milliseconds, so a
// claim still unconfirmed after this means the page died in between (see ledger.ts).
export const CLAIM_LEASE_MS = 60_000

/** A hold that stands: pending / in process / not instant. A declined payment can be retried. */
const finalHold = (p: MercadoPagoReturn | null): boolean => !!p?.status && p.status !== 'rejected' && p.status !== 'cancelled'

/** One destination's decision; a failure inside it skips that destination, never the others. */
function decideOne(dest: Destination, order: ValidOrder, ctx: ConversionContext, log: Logger): Decision {
  try {
    return dest.decide(order, ctx)
  } catch (e) {
    log.error(`${dest.name}: could not decide whether to report`, e)
    return { report: false, status: 'skipped', reason: 'internal error' }
  }
}

/**
 * Every decision first, then the claims (in conversion.ts): a destination whose decide() fails
 * leaves no claim behind. Fills `result` for the destinations not reported (skipped by
 * configuration, held by rule) and returns those to report.
 */
export function decideAll(
  order: ValidOrder,
  ctx: ConversionContext,
  result: ConversionResult,
  { list, skipped }: { list: Destination[]; skipped: Partial<Record<DestinationName, string>> },
  ledger: Ledger,
  log: Logger,
): Destination[] {
  const reporting: Destination[] = []
  for (const name of Object.keys(skipped) as DestinationName[]) result.destinations[name] = { status: 'skipped', reason: skipped[name] }
  for (const dest of list) {
    let decision = decideOne(dest, order, ctx, log)
    const heldKey = `held:${dest.name}:${order.order_id}`
    // VTEX Ads is never held by this rule (nor read for it: the ledger is on the sale's path).
    if (dest.name != 'vtex') {
      if (!decision.report && decision.status === 'held' && finalHold(ctx.payment)) {
        // Checkout Pro never reports a payment that was not approved instantly, even once it is
        // paid: remember the hold, so the same order opened later without the return parameters
        // (another tab, a link in the order e-mail) is not reported either.
        if (ledger.claim(heldKey, CLAIM_LEASE_MS)) ledger.confirm(heldKey)
      } else if (decision.report && !ctx.payment && ledger.has(heldKey)) {
        decision = { report: false, status: 'held', reason: 'held when the shopper came back from Mercado Pago: the payment was not approved instantly' }
      }
    }
    if (decision.report) reporting.push(dest)
    else {
      result.destinations[dest.name] = { status: decision.status, reason: decision.reason }
      if (decision.code) log.warn(decision.code, `${dest.name}: ${decision.reason}`)
      else log.debug(`${dest.name}: ${decision.reason}`)
    }
  }
  return reporting
}
