import { DAY_MS, now } from './clock'
import { applyOptions, DEFAULTS, type Options, type ResolvedConfig } from './config'
import { captureLanding, LANDING_KEY, readLanding, type LandingContext } from './context'
import { validateOrder } from './conversion'
import type { ConversionContext, Destination, ValidOrder } from './destinations/destination'
import { googleAdsDestination } from './destinations/google-ads'
import { metaDestination } from './destinations/meta'
import { vtexAdsDestination } from './destinations/vtex-ads'
import { createIdentity } from './identity'
import { createLedger } from './ledger'
import { createLogger, type Logger } from './log'
import { createAdEvents } from './observe'
import { createOutbox } from './outbox'
import { readMercadoPagoReturn } from './payments/mercadopago'
import { createStorage } from './storage'
import { parseTracks } from './tracks'
import { createTransport } from './transport'
import type { ConsentState, ConversionResult, DeliveryStatus, DestinationName } from './types'

export interface DebugState {
  sessionId: string
  userId: string | undefined
  landing: LandingContext
  consent: ConsentState
  outbox: number
  /** Ads bound on this page and the event URLs already sent (each once per page view). */
  ads: { ads: number; elements: number; sent: string[] }
  config: ResolvedConfig
}

/** The commands, as methods. None of them ever throws; conversion() never rejects. */
export interface Tracker {
  config(options: Options): void
  identify(userId: string): void
  consent(state: ConsentState): void
  ads(getAdsResponse: unknown): void
  impression(adOrElement: unknown): void
  view(adOrElement: unknown): void
  click(adOrElement: unknown): void
  conversion(order: unknown): Promise<ConversionResult>
  /** Forgets this shopper: ids, landing context and the outbox (a new shopper on a shared device). */
  reset(): void
  debugState(): DebugState
}

export interface TrackerEnv {
  logger?: Logger
}

export function createTracker(options: Options = {}, env: TrackerEnv = {}): Tracker {
  const log = env.logger ?? createLogger(false)
  let cfg = applyOptions(DEFAULTS, options, log)
  log.setDebug(cfg.debug)
  const config = () => cfg
  let consentState: ConsentState = {}

  const storage = createStorage({ cookieDomain: cfg.cookieDomain })
  const identity = createIdentity(storage, config, log)
  const ledger = createLedger(storage, () => cfg.dedupDays * DAY_MS)
  const outbox = createOutbox(storage)
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

  // One page view: renew the ids, remember an ad click in the URL, retry what earlier pages left.
  guard('start', undefined, () => {
    identity.touch()
    if (typeof location !== 'undefined') captureLanding(storage, cfg, log, location.href)
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
    const payment = typeof location !== 'undefined' ? readMercadoPagoReturn(location.href) : null
    const nowIso = new Date(now()).toISOString().replace(/\.\d{3}Z$/, 'Z')
    const { order, errors } = validateOrder(input, cfg, payment, nowIso)
    if (!order) {
      for (const e of errors) log.warn(`conversion not sent: order${e.instancePath.replace(/\//g, '.')} ${e.message}`, e.params)
      return { status: 'invalid', errors, destinations: {} }
    }
    const userId = order.user_id ?? identity.userId()
    const ctx: ConversionContext = {
      config: cfg,
      log,
      sessionId: identity.sessionId(),
      userId,
      landing: readLanding(storage, cfg),
      payment,
      send: transport.send,
    }
    const result: ConversionResult = { status: 'sent', order_id: order.order_id, destinations: {} }
    const claimed: Array<{ dest: Destination; key: string }> = []
    // Everything up to the claims is synchronous: a second tab or a reload that runs the same
    // confirmation sees these claims before this tab awaits anything.
    for (const dest of destinations()) {
      const decision = dest.decide(order, ctx)
      if (!decision.report) {
        result.destinations[dest.name] = { status: decision.status, reason: decision.reason }
        log[decision.status === 'skipped' && dest.name === 'vtex' ? 'warn' : 'debug'](`${dest.name}: ${decision.reason}`)
        continue
      }
      const key = `${dest.name}:${order.order_id}`
      if (!ledger.claim(key)) {
        result.destinations[dest.name] = { status: 'duplicate', reason: `order ${order.order_id} was already reported` }
        log.debug(`${dest.name}: order ${order.order_id} already reported, not sent again`)
        continue
      }
      claimed.push({ dest, key })
    }
    await Promise.all(
      claimed.map(async ({ dest, key }) => {
        // Without ad_user_data consent, Meta and Google get neither the hashed contact data nor
        // the customer id (Meta's external_id).
        const noUserData = dest.name !== 'vtex' && consentState.ad_user_data === 'denied'
        let status: DeliveryStatus
        try {
          status = await dest.deliver(noUserData ? withoutUserData(order) : order, noUserData ? { ...ctx, userId: undefined } : ctx)
        } catch (e) {
          log.error(`${dest.name}: delivery failed`, e)
          status = 'failed'
        }
        // Nothing went out: give the claim back so a later page view may report the sale.
        if (status === 'failed' || status === 'skipped') ledger.release(key)
        result.destinations[dest.name as DestinationName] = { status }
      }),
    )
    result.status = overall(result)
    log.debug(`conversion ${order.order_id}: ${result.status}`, result.destinations)
    return result
  }

  return {
    config: (options) => guard('config', undefined, () => {
      cfg = applyOptions(cfg, options, log)
      log.setDebug(cfg.debug)
    }),
    identify: (userId) => guard('identify', undefined, () => identity.identify(userId)),
    consent: (state) => guard('consent', undefined, () => {
      if (typeof state !== 'object' || state === null) {
        log.warn('consent() takes an object such as {ad_storage: "granted", ad_user_data: "granted"}; got', state)
        return
      }
      consentState = { ...consentState, ...state }
      // Storage consent denied: keep ids in memory for this page only and write nothing.
      storage.setPersistent(consentState.ad_storage !== 'denied')
    }),
    ads: (response) => guard('ads', undefined, () => adEvents.ads(response)),
    impression: (x) => guard('impression', undefined, () => adEvents.impression(x)),
    view: (x) => guard('view', undefined, () => adEvents.view(x)),
    click: (x) => guard('click', undefined, () => adEvents.click(x)),
    conversion: (order) =>
      guard('conversion', Promise.resolve<ConversionResult>({ status: 'held', destinations: {} }), () =>
        conversion(order).catch((e: unknown): ConversionResult => {
          log.error('conversion failed inside adbeacon (nothing was thrown to the page):', e)
          return { status: 'held', destinations: {} }
        }),
      ),
    reset: () => guard('reset', undefined, () => {
      identity.reset()
      storage.remove(LANDING_KEY)
      outbox.take()
    }),
    debugState: () =>
      guard('debugState', { sessionId: '', userId: undefined, landing: { touches: [] }, consent: consentState, outbox: 0, ads: { ads: 0, elements: 0, sent: [] }, config: cfg }, () => ({
        sessionId: identity.sessionId(),
        userId: identity.userId(),
        landing: readLanding(storage, cfg),
        consent: consentState,
        outbox: outbox.size(),
        ads: adEvents.state(),
        config: cfg,
      })),
  }
}

function overall(r: ConversionResult): ConversionResult['status'] {
  const statuses = Object.values(r.destinations).map((d) => d!.status)
  if (statuses.includes('queued')) return 'queued'
  if (statuses.includes('sent')) return 'sent'
  if (statuses.length && statuses.every((s) => s === 'duplicate')) return 'duplicate'
  if (statuses.includes('duplicate')) return 'duplicate'
  if (statuses.includes('failed')) return 'failed'
  return 'held'
}
