import type { ConversionResult, DestinationName, ValidationError } from '../types'
import { readLanding } from '../landing/touches'
import { createOutbox } from '../transport/outbox'
import { createTransport } from '../transport/transport'
import { DAY_MS, idString, isObject, now } from '../util'
import { dropLongFields, tooManyItems } from './bounds'
import { checkedConfig } from './checked-config'
import { CLAIM_LEASE_MS, decideAll } from './decide'
import { deliverOne } from './deliver'
import type { ConversionContext, Destination } from './destinations/destination'
import { googleAdsDestination } from './destinations/google-ads'
import { metaDestination } from './destinations/meta'
import { vtexAdsDestination } from './destinations/vtex-ads'
import { createLedger } from './ledger'
import { orderLock } from './order-lock'
import { readOrderBlocks } from './order-blocks'
import type { ConversionPart, ConversionRecord, Core } from './part'
import { readMercadoPagoReturn } from './payments/mercadopago'
import { recallReturn } from './payments/remembered-return'
import { parseTracks } from './tracks'
import { toUtcIso, validateOrder } from './validate'

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
 * One word for the whole sale, the most urgent first: failed (a platform could not be sent and
 * is not marked sent), queued (kept for the next page view), sent (handed to the browser),
 * duplicate (already reported), held (not reported by rule); failed when nothing was configured right.
 */
function overall(r: ConversionResult): ConversionResult['status'] {
  const statuses = Object.values(r.destinations).map((d) => d!.status)
  for (const s of ['failed', 'queued', 'sent', 'duplicate', 'held'] as const) if (statuses.includes(s)) return s
  return 'failed'
}

type Destinations = { list: Destination[]; skipped: Partial<Record<DestinationName, string>> }

/** The destinations of a configuration, built once per `tracks` so a malformed track is warned about once. */
function destinationsOf(core: Core): () => Destinations {
  let builtFor: unknown
  let built: Destinations
  return () => {
    const cfg = core.cfg()
    if (builtFor === cfg.tracks) return built
    const tracks = parseTracks(cfg.tracks, core.log, !!cfg.from.tracks)
    built = { list: [vtexAdsDestination()], skipped: tracks.problems }
    if (tracks.meta) built.list.push(metaDestination(tracks.meta.pixelId))
    if (tracks.google) built.list.push(googleAdsDestination(tracks.google.conversionId, tracks.google.conversionLabel))
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
    const { order, errors } = tooManyItems(input) ?? validateOrder(input, cfg, payment, toUtcIso(new Date(now()))!)
    if (!order) {
      // A hostile order (100,000 bad items) costs a few lines, not a line per error.
      for (const e of errors.slice(0, 3)) log.warn('order', `conversion not sent: ${describe(input, e)}`)
      if (errors.length > 3) log.warn('order', `conversion not sent: ${errors.length} errors in all`)
      return { status: 'invalid', errors, destinations: {} }
    }
    dropLongFields(order, log)
    const { sessionId, userId } = core.ids()
    const ctx: ConversionContext = { config: cfg, log, sessionId, userId: order.user_id ?? userId, landing: readLanding(storage, cfg), payment, send: transport.send }
    const result: ConversionResult = { status: 'sent', order_id: order.order_id, destinations: {} }
    // Still synchronous: a reload or another tab running the same confirmation sees these claims
    // before this one awaits anything; a tab at the very same moment meets the order's lock.
    const claimed: Array<[Destination, string]> = []
    for (const dest of decideAll(order, ctx, result, destinations(), ledger, log)) {
      const key = `${dest.name}:${order.order_id}`
      if (ledger.claim(key, CLAIM_LEASE_MS)) claimed.push([dest, key])
      else result.destinations[dest.name] = { status: 'duplicate', reason: `order ${order.order_id} was already reported` }
    }
    if (claimed.length) {
      const deps = { ledger, transport, consent: core.consent(), log, lock: orderLock(order.order_id) }
      await Promise.all(claimed.map(async ([dest, key]) => (result.destinations[dest.name] = { status: await deliverOne(dest, key, order, ctx, deps) })))
      deps.lock.release()
    }
    result.status = overall(result)
    // One short line per sale, debug or not: QA on a real store sees that it went (and where).
    if (claimed.length) console.info('[adbeacon] sale', order.order_id, Object.entries(result.destinations).map(([k, d]) => `${k} ${d!.status}`).join(', '))
    return result
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
