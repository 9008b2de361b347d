import { DAY_MS, now } from './clock'
import { applyOptions, DEFAULTS, parseConsent, type Options, type ResolvedConfig } from './config'
import { captureLanding, LANDING_KEY, readLanding, TOUCHES_KEY, type LandingContext } from './context'
import { validateOrder } from './conversion'
import type { ConversionContext, Decision, Destination, ValidOrder } from './destinations/destination'
import { googleAdsDestination } from './destinations/google-ads'
import { metaDestination } from './destinations/meta'
import { vtexAdsDestination } from './destinations/vtex-ads'
import { createIdentity, SESSION_KEY, USER_KEY } from './identity'
import { createLedger } from './ledger'
import { createLogger, type Logger } from './log'
import { createAdEvents } from './observe'
import { createOutbox } from './outbox'
import { readMercadoPagoReturn } from './payments/mercadopago'
import { recallReturn, rememberReturn } from './payments/remembered-return'
import type { Send } from './request'
import { createStorage } from './storage'
import { parseTracks } from './tracks'
import { createTransport } from './transport'
import type { ConsentState, ConversionResult, DeliveryStatus } from './types'

export interface DebugState {
  sessionId: string
  userId: string | undefined
  landing: LandingContext
  consent: ConsentState
  outbox: number
  /** Ads bound on this page and the event URLs already sent (each once per page view). */
  ads: { ads: number; elements: number; sent: string[] }
  /** The conversion results of this page, newest last (held and duplicate ones too, with reasons). */
  conversions: Array<ConversionResult & { at: string }>
  config: ResolvedConfig
}

/** The commands, as methods. None of them ever throws; conversion() never rejects. */
export interface Tracker {
  config(options: Options): void
  /** The store's customer id; `null` signs the shopper out (the session_id stays). */
  identify(userId: string | null): void
  consent(state: ConsentState | 'granted' | 'denied'): void
  ads(getAdsResponse: unknown): void
  impression(adOrElement: unknown): void
  view(adOrElement: unknown): void
  click(adOrElement: unknown): void
  conversion(order: unknown): Promise<ConversionResult>
  /** Forgets this shopper: ids and landing context. Sales waiting in the outbox are kept. */
  reset(): void
  debugState(): DebugState
}

export interface TrackerEnv {
  logger?: Logger
}

// How long a claim on an order holds before its payload is out: hashing takes milliseconds, so a
// claim still unconfirmed after this means the page died in between (see ledger.ts).
const CLAIM_LEASE_MS = 60_000

const failed = (): ConversionResult => ({ status: 'failed', destinations: {} })

/** A hold that stands: pending / in process / not instant. A declined payment can be retried. */
const finalHold = (p: { status?: string } | null): boolean => !!p?.status && p.status !== 'rejected' && p.status !== 'cancelled'

export function createTracker(options: Options = {}, env: TrackerEnv = {}): Tracker {
  const log = env.logger ?? createLogger(false)
  try {
    return buildTracker(options, log)
  } catch (e) {
    // Never into the store's page, not even from the constructor: an inert tracker instead.
    log.error('could not start (nothing was thrown to the page):', e)
    const none = () => undefined
    return {
      config: none, identify: none, consent: none, ads: none, impression: none, view: none, click: none, reset: none,
      conversion: async () => failed(),
      debugState: () => ({ sessionId: '', userId: undefined, landing: { touches: [] }, consent: {}, outbox: 0, ads: { ads: 0, elements: 0, sent: [] }, conversions: [], config: DEFAULTS }),
    }
  }
}

function buildTracker(options: Options, log: Logger): Tracker {
  let cfg = applyOptions(DEFAULTS, options, log)
  log.setDebug(cfg.debug)
  const config = () => cfg
  let consentState: ConsentState = { ...cfg.consent }
  // What conversion() decided on this page, for QA (debugState); a few, never unbounded.
  const results: Array<ConversionResult & { at: string }> = []
  const remember = (r: ConversionResult): ConversionResult => {
    results.push({ ...r, at: new Date(now()).toISOString() })
    if (results.length > 10) results.shift()
    return r
  }

  const storage = createStorage({ cookieDomain: () => cfg.cookieDomain })
  const identity = createIdentity(storage, config, log)
  const ledger = createLedger(storage, () => cfg.dedupDays * DAY_MS)
  const outbox = createOutbox(storage, log)
  const transport = createTransport(outbox, log)
  const adEvents = createAdEvents({
    config,
    log,
    ids: () => ({ sessionId: identity.sessionId(), userId: identity.userId() }),
    send: transport.send,
  })

  /** Runs a public command; an internal failure is logged, never thrown into the store's page. */
  function guard<T>(name: string, fallback: T, fn: () => T): T {
    try {
      return fn()
    } catch (e) {
      log.error(`${name} failed inside adbeacon (nothing was thrown to the page):`, e)
      return fallback
    }
  }

  /**
   * Storage consent denied: ids stay in memory for this page; what earlier pages stored (ids,
   * landing context, cookies included) is removed. The ledger of reported order ids stays: it
   * identifies nobody and keeps a reload from reporting the sale again.
   */
  const applyStorageConsent = () => {
    const denied = consentState.ad_storage === 'denied'
    storage.setPersistent(!denied)
    if (!denied) return
    for (const key of [SESSION_KEY, USER_KEY, LANDING_KEY, TOUCHES_KEY]) {
      const value = storage.get(key)
      storage.remove(key)
      if (value !== undefined) storage.set(key, value, { maxAgeMs: cfg.sessionDays * DAY_MS })
    }
  }

  // One page view: consent first (nothing written without it), then renew the ids, remember an ad
  // click in the URL, retry what earlier pages left.
  guard('start', undefined, () => {
    applyStorageConsent()
    identity.touch()
    if (typeof location !== 'undefined') {
      captureLanding(storage, cfg, log, location.href)
      const ret = readMercadoPagoReturn(location.href)
      if (ret && consentState.ad_storage !== 'denied') rememberReturn(ret)
    }
    void transport.flush().catch((e) => log.debug('outbox flush failed', e))
    if (cfg.autoBind && typeof document !== 'undefined') adEvents.start()
  })

  // Built once per configuration, so a malformed track is warned about once, not per sale.
  let builtFor: ResolvedConfig['tracks'] | undefined
  let built: Destination[] = []
  const destinations = (): Destination[] => {
    if (builtFor === cfg.tracks) return built
    const tracks = parseTracks(cfg.tracks, log)
    built = [vtexAdsDestination()]
    if (tracks.meta) built.push(metaDestination(tracks.meta.pixelId))
    if (tracks.google) built.push(googleAdsDestination(tracks.google.conversionId, tracks.google.conversionLabel))
    builtFor = cfg.tracks
    return built
  }

  const withoutUserData = (order: ValidOrder): ValidOrder => {
    const { email: _e, phone: _p, social_id: _s, first_name: _f, last_name: _l, ...rest } = order
    return rest
  }

  async function conversion(input: unknown): Promise<ConversionResult> {
    // The return on this URL, else the one this tab came back with before the store redirected.
    const givenId = typeof input === 'object' && input !== null ? (input as { order_id?: unknown }).order_id : undefined
    const payment = (typeof location !== 'undefined' ? readMercadoPagoReturn(location.href) : null)
      ?? recallReturn(typeof givenId === 'string' || typeof givenId === 'number' ? String(givenId).trim() : undefined)
    const nowIso = new Date(now()).toISOString().replace(/\.\d{3}Z$/, 'Z')
    const { order, errors } = validateOrder(input, cfg, payment, nowIso)
    if (!order) {
      for (const e of errors) log.warn(`conversion not sent: order${e.instancePath.replace(/\//g, '.')} ${e.message}`, e.params)
      return { status: 'invalid', errors, destinations: {} }
    }
    const ctx: ConversionContext = {
      config: cfg,
      log,
      sessionId: identity.sessionId(),
      userId: order.user_id ?? identity.userId(),
      landing: readLanding(storage, cfg),
      payment,
      send: transport.send,
    }
    const result: ConversionResult = { status: 'sent', order_id: order.order_id, destinations: {} }

    // Every decision first, then the claims: a destination whose decide() fails cannot leave
    // another's claim behind.
    const reporting: Destination[] = []
    for (const dest of destinations()) {
      let decision: Decision
      try {
        decision = dest.decide(order, ctx)
      } catch (e) {
        log.error(`${dest.name}: could not decide whether to report`, e)
        decision = { report: false, status: 'skipped', reason: 'internal error' }
      }
      const heldKey = `held:${dest.name}:${order.order_id}`
      if (!decision.report && decision.status === 'held' && dest.name !== 'vtex' && finalHold(payment)) {
        // Checkout Pro never reports a payment that was not approved instantly, even once it is
        // paid: remember the hold, so the same order opened later without the return parameters
        // (another tab, a link in the order e-mail) is not reported either.
        if (ledger.claim(heldKey, CLAIM_LEASE_MS)) ledger.confirm(heldKey)
      } else if (decision.report && !payment && ledger.has(heldKey)) {
        decision = { report: false, status: 'held', reason: 'held when the shopper came back from Mercado Pago: the payment was not approved instantly' }
      }
      if (decision.report) reporting.push(dest)
      else {
        result.destinations[dest.name] = { status: decision.status, reason: decision.reason }
        // Meta and Google warn about their own misconfiguration; VTEX's missing publisher id here.
        log[decision.status === 'skipped' && dest.name === 'vtex' ? 'warn' : 'debug'](`${dest.name}: ${decision.reason}`)
      }
    }
    // Still synchronous: a second tab or a reload running the same confirmation sees these claims
    // before this one awaits anything.
    const claimed: Array<{ dest: Destination; key: string }> = []
    for (const dest of reporting) {
      const key = `${dest.name}:${order.order_id}`
      if (ledger.claim(key, CLAIM_LEASE_MS)) claimed.push({ dest, key })
      else {
        result.destinations[dest.name] = { status: 'duplicate', reason: `order ${order.order_id} was already reported` }
        log.debug(`${dest.name}: order ${order.order_id} already reported, not sent again`)
      }
    }

    await Promise.all(
      claimed.map(async ({ dest, key }) => {
        // transport.send puts the payload in the outbox or hands it to sendBeacon before it
        // returns: from then on the sale cannot be lost, so the claim becomes permanent.
        const send: Send = (req) => {
          const pending = transport.send(req)
          ledger.confirm(key)
          return pending
        }
        // Without ad_user_data consent, Meta and Google get neither the hashed contact data nor
        // the customer id (Meta's external_id).
        const noUserData = dest.name !== 'vtex' && consentState.ad_user_data === 'denied'
        let status: DeliveryStatus
        try {
          status = await dest.deliver(noUserData ? withoutUserData(order) : order, { ...ctx, send, userId: noUserData ? undefined : ctx.userId })
        } catch (e) {
          log.error(`${dest.name}: delivery failed`, e)
          status = 'failed'
        }
        if (status === 'sent' || status === 'queued') ledger.confirm(key) // fbq / gtag: no request of ours
        else ledger.release(key) // nothing went out: a later page view may report the sale
        result.destinations[dest.name] = { status }
      }),
    )
    result.status = overall(result)
    log.debug(`conversion ${order.order_id}: ${result.status}`, result.destinations)
    return result
  }

  return {
    config: (opts) => guard('config', undefined, () => {
      cfg = applyOptions(cfg, opts, log)
      log.setDebug(cfg.debug)
      if (opts && typeof opts === 'object' && 'consent' in opts) {
        consentState = { ...consentState, ...cfg.consent }
        applyStorageConsent()
      }
    }),
    identify: (userId) => guard('identify', undefined, () => identity.identify(userId)),
    consent: (state) => guard('consent', undefined, () => {
      const parsed = parseConsent(state, log)
      if (!parsed) return
      consentState = { ...consentState, ...parsed }
      applyStorageConsent()
    }),
    ads: (response) => guard('ads', undefined, () => adEvents.ads(response)),
    impression: (x) => guard('impression', undefined, () => adEvents.impression(x)),
    view: (x) => guard('view', undefined, () => adEvents.view(x)),
    click: (x) => guard('click', undefined, () => adEvents.click(x)),
    conversion: (order) =>
      guard('conversion', Promise.resolve(failed()), () =>
        conversion(order)
          .catch((e: unknown): ConversionResult => {
            log.error('conversion failed inside adbeacon (nothing was thrown to the page):', e)
            return failed()
          })
          .then(remember),
      ),
    reset: () => guard('reset', undefined, () => {
      // The outbox stays: it holds sales already made, hashed, waiting to be delivered.
      identity.reset()
      storage.remove(LANDING_KEY)
    }),
    debugState: () =>
      guard('debugState', { sessionId: '', userId: undefined, landing: { touches: [] }, consent: consentState, outbox: 0, ads: { ads: 0, elements: 0, sent: [] }, conversions: [], config: cfg }, () => ({
        sessionId: identity.sessionId(),
        userId: identity.userId(),
        landing: readLanding(storage, cfg),
        consent: consentState,
        outbox: outbox.size(),
        ads: adEvents.state(),
        conversions: results.slice(),
        config: cfg,
      })),
  }
}

/**
 * One word for the whole sale, the most urgent first: failed (a platform could not be sent and
 * is not marked sent), queued (kept for the next page view), sent (handed to the browser),
 * duplicate (already reported), held (not reported by rule). `destinations` has the detail.
 */
function overall(r: ConversionResult): ConversionResult['status'] {
  const statuses = Object.values(r.destinations).map((d) => d!.status)
  for (const s of ['failed', 'queued', 'sent', 'duplicate'] as const) if (statuses.includes(s)) return s
  return 'held'
}
