import { now } from '../util'
import type { ConversionContext, Decision, Destination, ValidOrder } from './destinations/destination'
import { googleAdsDestination } from './destinations/google-ads'
import { metaDestination } from './destinations/meta'
import { vtexAdsDestination } from './destinations/vtex-ads'
import { createLedger } from './ledger'
import type { ConversionPart, ConversionRecord, Core } from './part'
import { readMercadoPagoReturn, type MercadoPagoReturn } from './payments/mercadopago'
import { recallReturn, rememberReturn } from './payments/remembered-return'
import { parseTracks } from './tracks'
import { validateOrder } from './validate'
import { knownCountry } from './hash'
import { readLanding } from '../landing/touches'
import type { ConversionResult, DeliveryStatus, DestinationName, ValidationError } from '../types'
import { DAY_MS } from '../util'
import type { Send } from '../transport/request'
import { createOutbox } from '../transport/outbox'
import { createTransport } from '../transport/transport'

// How long a claim on an order holds before its payload is out: hashing takes milliseconds, so a
// claim still unconfirmed after this means the page died in between (see ledger.ts).
const CLAIM_LEASE_MS = 60_000

const ORDER_SELECTOR = 'script[type="application/json"][data-adbeacon-order]'

/** A hold that stands: pending / in process / not instant. A declined payment can be retried. */
const finalHold = (p: MercadoPagoReturn | null): boolean => !!p?.status && p.status !== 'rejected' && p.status !== 'cancelled'

const withoutUserData = (order: ValidOrder): ValidOrder => {
  const { email: _e, phone: _p, social_id: _s, first_name: _f, last_name: _l, ...rest } = order
  return rest
}

/** Fields whose value a warning does not repeat: personal data, even on the page's own console. */
const PERSONAL = /^\/(email|phone|social_id|first_name|last_name)$/

/**
 * One error as a store developer reads it: where, what is wrong, and the value received
 * (`order.items[0].price must be number, got "19,90"`), except for personal data.
 */
function describe(input: unknown, e: ValidationError): string {
  let v = input
  for (const key of e.instancePath.split('/').slice(1)) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined
  const where = 'order' + e.instancePath.replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.')
  if (e.keyword === 'required') return `${where}.${String(e.params.missingProperty)} is missing`
  const got = PERSONAL.test(e.instancePath) ? `a ${typeof v}` : (JSON.stringify(v) ?? String(v)).slice(0, 80)
  return `${where} ${e.message}, got ${got}`
}

/**
 * One word for the whole sale, the most urgent first: failed (a platform could not be sent and
 * is not marked sent), queued (kept for the next page view), sent (handed to the browser),
 * duplicate (already reported), held (not reported by rule), skipped (not configured right).
 */
function overall(r: ConversionResult): ConversionResult['status'] {
  const statuses = Object.values(r.destinations).map((d) => d!.status)
  for (const s of ['failed', 'queued', 'sent', 'duplicate', 'held'] as const) if (statuses.includes(s)) return s
  return 'failed'
}

/**
 * The conversion part: validation, the Mercado Pago rule, the sent-order ledger, and one payload
 * per destination (VTEX Ads, Meta, Google), each claimed once per order before anything awaits.
 */
export function createConversion(core: Core): ConversionPart {
  const { log, storage } = core
  const ledger = createLedger(storage, () => core.cfg().dedupDays * DAY_MS)
  const transport = createTransport(createOutbox(storage, log), log)
  const results: ConversionRecord[] = []

  // Built once per configuration, so a malformed track is warned about once, not per sale.
  let builtFor: unknown
  let built: { list: Destination[]; skipped: Partial<Record<DestinationName, string>> } = { list: [], skipped: {} }
  const destinations = () => {
    const cfg = core.cfg()
    if (builtFor === cfg.tracks) return built
    const tracks = parseTracks(cfg.tracks, log, !!cfg.from.tracks)
    built = { list: [vtexAdsDestination()], skipped: tracks.problems }
    if (tracks.meta) built.list.push(metaDestination(tracks.meta.pixelId))
    if (tracks.google) built.list.push(googleAdsDestination(tracks.google.conversionId, tracks.google.conversionLabel))
    builtFor = cfg.tracks
    return built
  }

  /** Every decision first, then the claims: a destination whose decide() fails leaves no claim behind. */
  function decide(order: ValidOrder, ctx: ConversionContext, result: ConversionResult): Destination[] {
    const reporting: Destination[] = []
    const { list, skipped } = destinations()
    for (const name of Object.keys(skipped) as DestinationName[]) result.destinations[name] = { status: 'skipped', reason: skipped[name] }
    for (const dest of list) {
      let decision: Decision
      try {
        decision = dest.decide(order, ctx)
      } catch (e) {
        log.error(`${dest.name}: could not decide whether to report`, e)
        decision = { report: false, status: 'skipped', reason: 'internal error' }
      }
      const heldKey = `held:${dest.name}:${order.order_id}`
      if (!decision.report && decision.status === 'held' && dest.name !== 'vtex' && finalHold(ctx.payment)) {
        // Checkout Pro never reports a payment that was not approved instantly, even once it is
        // paid: remember the hold, so the same order opened later without the return parameters
        // (another tab, a link in the order e-mail) is not reported either.
        if (ledger.claim(heldKey, CLAIM_LEASE_MS)) ledger.confirm(heldKey)
      } else if (decision.report && !ctx.payment && ledger.has(heldKey)) {
        decision = { report: false, status: 'held', reason: 'held when the shopper came back from Mercado Pago: the payment was not approved instantly' }
      }
      if (decision.report) reporting.push(dest)
      else {
        result.destinations[dest.name] = { status: decision.status, reason: decision.reason }
        if (decision.status === 'skipped' && dest.name === 'vtex') log.warn('publisher', `vtex: ${decision.reason}`)
        else log.debug(`${dest.name}: ${decision.reason}`)
      }
    }
    return reporting
  }

  /** Hashes, builds and hands over one destination's copy; the claim becomes permanent once it is out. */
  async function deliver(dest: Destination, key: string, order: ValidOrder, ctx: ConversionContext): Promise<DeliveryStatus> {
    // core.send puts the payload in the outbox or hands it to sendBeacon before it returns: from
    // then on the sale cannot be lost, so the claim becomes permanent.
    const send: Send = (req) => {
      const pending = transport.send(req)
      ledger.confirm(key)
      return pending
    }
    // Without ad_user_data consent, Meta and Google get neither the hashed contact data nor the
    // customer id (Meta's external_id).
    const noUserData = dest.name !== 'vtex' && core.consent().ad_user_data === 'denied'
    let status: DeliveryStatus
    try {
      status = await dest.deliver(noUserData ? withoutUserData(order) : order, { ...ctx, send, userId: noUserData ? undefined : ctx.userId })
    } catch (e) {
      log.error(`${dest.name}: delivery failed`, e)
      status = 'failed'
    }
    if (status === 'sent' || status === 'queued') ledger.confirm(key) // fbq / gtag: no request of ours
    else ledger.release(key) // nothing went out: a later page view may report the sale
    return status
  }

  /**
   * The options only the conversion part uses, checked where they are used (the every-page
   * script checks types only): a currency that is no ISO 4217 code or a country without a known
   * calling code is warned about once, naming the attribute, and not used.
   */
  let checkedFor: unknown
  let checked = core.cfg()
  const config = () => {
    const cfg = core.cfg()
    if (checkedFor === cfg) return checked
    checked = { ...cfg }
    const name = (o: string) => cfg.from[o] ?? o
    if (cfg.currency !== undefined && !/^[A-Za-z]{3}$/.test(cfg.currency)) {
      log.warn('currency', `${name('currency')}="${cfg.currency}" must be an ISO 4217 code such as "BRL"`)
      checked.currency = undefined
    } else checked.currency = cfg.currency?.toUpperCase()
    if (cfg.defaultCountry !== undefined && !knownCountry(cfg.defaultCountry)) {
      log.warn('invalid', `${name('defaultCountry')}="${cfg.defaultCountry}" is no country adbeacon has a calling code for: give the calling code (e.g. "39")`)
      checked.defaultCountry = undefined
    }
    checkedFor = cfg
    return checked
  }

  async function conversion(input: unknown): Promise<ConversionResult> {
    const cfg = config()
    // The return on this URL, else the one this tab came back with before the store redirected.
    const givenId = typeof input === 'object' && input !== null ? (input as { order_id?: unknown }).order_id : undefined
    const payment = readMercadoPagoReturn(location.href) ?? recallReturn(typeof givenId === 'string' || typeof givenId === 'number' ? String(givenId).trim() : undefined)
    const nowIso = new Date(now()).toISOString().replace(/\.\d{3}Z$/, 'Z')
    const { order, errors } = validateOrder(input, cfg, payment, nowIso)
    if (!order) {
      for (const e of errors) log.warn('order', `conversion not sent: ${describe(input, e)}`)
      return { status: 'invalid', errors, destinations: {} }
    }
    const { sessionId, userId } = core.ids()
    const ctx: ConversionContext = { config: cfg, log, sessionId, userId: order.user_id ?? userId, landing: readLanding(storage, cfg), payment, send: transport.send }
    const result: ConversionResult = { status: 'sent', order_id: order.order_id, destinations: {} }
    // Still synchronous: a second tab or a reload running the same confirmation sees these claims
    // before this one awaits anything.
    const claimed: Array<[Destination, string]> = []
    for (const dest of decide(order, ctx, result)) {
      const key = `${dest.name}:${order.order_id}`
      if (ledger.claim(key, CLAIM_LEASE_MS)) claimed.push([dest, key])
      else result.destinations[dest.name] = { status: 'duplicate', reason: `order ${order.order_id} was already reported` }
    }
    await Promise.all(claimed.map(async ([dest, key]) => (result.destinations[dest.name] = { status: await deliver(dest, key, order, ctx) })))
    result.status = overall(result)
    // One short line per sale, debug or not: QA on a real store sees that it went (and where).
    if (claimed.length) console.info('[adbeacon] sale', order.order_id, Object.entries(result.destinations).map(([k, d]) => `${k} ${d!.status}`).join(', '))
    return result
  }

  // Server-rendered order blocks: the order-confirmation hook that needs no inline script.
  const readOrders = () =>
    document.querySelectorAll(ORDER_SELECTOR).forEach((el) => {
      if (el.hasAttribute('data-adbeacon-read')) return
      let order: unknown
      try {
        order = JSON.parse(el.textContent ?? '')
      } catch {
        // While the page is still parsing, the block may be only half there: look again later.
        if (document.readyState === 'loading') return
        el.setAttribute('data-adbeacon-read', '')
        return log.warn('order', 'the data-adbeacon-order block is not valid JSON: no conversion sent')
      }
      el.setAttribute('data-adbeacon-read', '')
      void run(order)
    })

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

  // A Checkout Pro return on this URL: kept for the tab, so a redirect to a clean confirmation
  // URL does not turn a pending payment into a reported purchase.
  const ret = readMercadoPagoReturn(location.href)
  if (ret && core.consent().ad_storage !== 'denied') rememberReturn(ret)

  return { conversion: run, readOrders, flush: transport.flush, results }
}
