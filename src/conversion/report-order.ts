import type { ResolvedConfig } from '../config'
import type { Logger } from '../log'
import type { ConversionResult, DestinationName, ValidationError } from '../types'
import { isObject, now } from '../util'
import { dropLongFields, tooManyItems } from './bounds'
import { CLAIM_LEASE_MS, decideAll } from './decide'
import { deliverOne } from './deliver'
import type { ConversionContext, Destination, ValidOrder } from './destinations/destination'
import { googleAdsDestination } from './destinations/google-ads'
import { metaDestination } from './destinations/meta'
import { vtexAdsDestination } from './destinations/vtex-ads'
import { normalizePhone } from './hash'
import type { OrderLock } from './order-lock'
import type { MercadoPagoReturn } from './payments/mercadopago'
import { parseTracks } from './tracks'
import { toUtcIso, validateOrder } from './validate'

// The steps every way of reporting a sale shares (the conversion part on the page, the Shopify
// pixel in its sandbox): validation with the store's messages, the destinations of a
// configuration, and each destination's decision, claim and delivery.

export type Destinations = { list: Destination[]; skipped: Partial<Record<DestinationName, string>> }

/** VTEX Ads always; Meta and Google as `tracks` configures them, with the problems of a bad track. */
export function destinationsFor(cfg: ResolvedConfig, log: Logger): Destinations {
  const tracks = parseTracks(cfg.tracks, log, !!cfg.from.tracks)
  const list = [vtexAdsDestination()]
  if (tracks.meta) list.push(metaDestination(tracks.meta.pixelId))
  if (tracks.google) list.push(googleAdsDestination(tracks.google.conversionId, tracks.google.conversionLabel))
  return { list, skipped: tracks.problems }
}

/** Fields whose value a warning does not repeat: personal data, even on the page's own console. */
const PERSONAL = /^\/(email|phone|social_id|first_name|last_name)$/

/**
 * One error as a store developer reads it: where, what is wrong, and the value received
 * (`order.items[0].price must be number, got "19,90"`), except for personal data.
 */
function describe(input: unknown, e: ValidationError): string {
  let v = input
  for (const key of e.instancePath.split('/').slice(1)) v = isObject(v) || Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined
  const where = 'order' + e.instancePath.replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.')
  if (e.keyword === 'required') return `${where}.${String(e.params.missingProperty)} is missing`
  const got = PERSONAL.test(e.instancePath) ? `a ${typeof v}` : Array.isArray(v) ? `an array of ${v.length}` : (JSON.stringify(v) ?? String(v)).slice(0, 80)
  return `${where} ${e.message}, got ${got}`
}

/**
 * The order, valid (a personal field too long to be anyone's left out), or the `invalid` result
 * with its errors, named on the console. Without an e-mail, a sale still goes to Meta and Google
 * (a GA4 purchase usually has none); to VTEX Ads alone it is invalid, as VTEX would refuse it.
 */
export function checkOrder(input: unknown, cfg: ResolvedConfig, payment: MercadoPagoReturn | null, dests: Destinations, log: Logger): ValidOrder | ConversionResult {
  const withoutEmail = dests.list.some((d) => d.name != 'vtex')
  const { order, errors } = tooManyItems(input) ?? validateOrder(input, cfg, payment, toUtcIso(new Date(now()))!, withoutEmail)
  if (order) {
    dropLongFields(order, log)
    // The phone is left out, the sale goes: said once, without the number.
    if (order.phone && !normalizePhone(String(order.phone), 'vtex', cfg.defaultCountry))
      log.warn('phone', `order.phone is left out: ${cfg.defaultCountry ? 'not 7-15 digits with its country code' : `no country code, and no ${cfg.from.defaultCountry ?? 'data-default-country'} to give one`}`)
    return order
  }
  // A hostile order (100,000 bad items) costs a few lines, not a line per error.
  for (const e of errors.slice(0, 3)) log.warn('order', `conversion not sent: ${describe(input, e)}`)
  if (errors.length > 3) log.warn('order', `conversion not sent: ${errors.length} errors in all`)
  return { status: 'invalid', errors, destinations: {} }
}

/**
 * One word for the whole sale, the most urgent first: failed (a platform could not be sent and
 * is not marked sent), queued (kept in the outbox, sent again), sent (delivered: a 2xx seen, or
 * fbq / gtag took it), duplicate (already reported), held (not reported by rule); failed when
 * nothing was configured right.
 */
function overall(r: ConversionResult): ConversionResult['status'] {
  const statuses = Object.values(r.destinations).map((d) => d!.status)
  for (const s of ['failed', 'queued', 'sent', 'duplicate', 'held'] as const) if (statuses.includes(s)) return s
  return 'failed'
}

type Deps = Omit<Parameters<typeof deliverOne>[4], 'lock'> & { lock?: (orderId: string) => NonNullable<Parameters<typeof deliverOne>[4]['lock']> }

/**
 * Every destination's decision, then its claim in the ledger, still synchronous: a reload or
 * another tab running the same confirmation sees these claims before this one awaits anything (a
 * tab at the very same moment meets the order's lock). Then each claimed copy is delivered.
 */
export async function claimAndDeliver(order: ValidOrder, ctx: ConversionContext, dests: Destinations, deps: Deps): Promise<ConversionResult> {
  const { ledger, log } = deps
  const result: ConversionResult = { status: 'sent', order_id: order.order_id, destinations: {} }
  const claimed: Array<[Destination, string]> = []
  let lock: OrderLock | undefined
  for (const dest of decideAll(order, ctx, result, dests, ledger, log)) {
    const key = `${dest.name}:${order.order_id}`
    // The lock is asked for the moment a claim is won, before the claim is written (a localStorage
    // write and a cookie, milliseconds on a busy page): its answer, a round trip to the browser,
    // is what the first request waits for. Still in this task: no tab can slip in between.
    if (ledger.claim(key, CLAIM_LEASE_MS, () => (lock ??= deps.lock?.(order.order_id)))) claimed.push([dest, key])
    else result.destinations[dest.name] = { status: 'duplicate', reason: `order ${order.order_id} was already reported` }
  }
  if (claimed.length) {
    await Promise.all(claimed.map(async ([dest, key]) => (result.destinations[dest.name] = { status: await deliverOne(dest, key, order, ctx, { ...deps, lock }) })))
    lock?.release()
    // One short line per sale, debug or not: QA on a real store sees that it went (and where).
    console.info('[adbeacon] sale', order.order_id, Object.entries(result.destinations).map(([k, d]) => `${k} ${d!.status}`).join(', '))
  }
  result.status = overall(result)
  return result
}
