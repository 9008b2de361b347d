import { createAdEvents } from './ad-events/ad-events'
import { applyOptions, DEFAULTS, parseConsent, type Options } from './config'
import type { ConversionPart, ConversionPlugin, Core } from './conversion/part'
import type { DebugState } from './debug/debug-state'
import { createConsent } from './identity/consent'
import { watchConsentSignals } from './identity/consent-signals'
import { watchDataLayer } from './identity/data-layer'
import { mayBeSale } from './conversion/sources/detect'
import { createIdentity, type Identity } from './identity/identity'
import { createStorage } from './identity/storage'
import { captureLanding, LANDING_KEY, TOUCHES_KEY } from './landing/landing'
import { keepReturn, MP_RETURN } from './landing/mercadopago-return'
import { createLogger, type Logger } from './log'
import { createBeaconQueue } from './transport/beacon-queue'
import { OUTBOX_KEY } from './transport/outbox'
import type { ConsentState, ConversionResult } from './types'
import { attempt, DAY_MS } from './util'

/** The commands, as methods. Through the tag's queue or createTracker none of them ever throws; conversion() never rejects. */
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
  /** What adbeacon knows and did on this page, for QA; with the debug build (data-debug) or the ESM build. */
  debugState(): DebugState
}

/** What the debug build reads to explain and show the tracker's state. */
export interface Internals extends Core {
  identity: Identity
  ads(): { ads: number; sent: string[] }
  part(): ConversionPart | undefined
}

export interface TrackerEnv {
  logger?: Logger
  /** Where the options came from (option → data attribute), for messages. */
  from?: Record<string, string>
  /** Brings the conversion part: the tag loads adbeacon-conversion.js, the ESM build imports it. */
  load?: () => Promise<ConversionPlugin | undefined>
}

export interface Core_ {
  commands: Omit<Tracker, 'debugState'>
  /** Takes the conversion part (adbeacon-conversion.js registering itself). */
  use(plugin: ConversionPlugin): void
  /** The conversion part, loaded on first need. */
  need(): Promise<ConversionPart | undefined>
  internals: Internals
}

/**
 * The conversion part: loaded once, on demand (env.load), or handed over by a conversion file the
 * store loaded itself (use); a sale whose file never arrives is never marked sent.
 */
function partLoader(core: Core, load: TrackerEnv['load']) {
  let part: ConversionPart | undefined
  let loading: Promise<ConversionPart | undefined> | undefined
  const use = (plugin: ConversionPlugin) => {
    part ??= plugin(core)
    loading = Promise.resolve(part)
  }
  const need = () => (loading ??= (load?.() ?? Promise.resolve(undefined)).then((plugin) => (plugin && use(plugin), part)))
  return { use, need, part: () => part }
}

/** Work that can wait: after the page's own, when the browser is idle (or soon, where it has no idle callback). */
export const later = (fn: () => void) => (window.requestIdleCallback ?? setTimeout)(() => attempt(fn), { timeout: 2000 } as never)

/**
 * The every-page tracker: configuration, consent, ids, landing context, ad events. The conversion
 * part arrives only when a sale is in sight (a conversion call, an order block, a Mercado Pago
 * return, a sale waiting in the outbox) and gets what it needs through `Core` (conversion/part.ts).
 */
export function createTracker(options: Options = {}, env: TrackerEnv = {}): Core_ {
  const log = env.logger ?? createLogger()
  let cfg = applyOptions(DEFAULTS, options, log, env.from)
  log.on ||= cfg.debug
  const storage = createStorage({ cookieDomain: () => cfg.cookieDomain })
  const identity = createIdentity(storage, () => cfg, log)
  const beacons = createBeaconQueue()
  // The ids, read once per page view and kept until something may have changed them: this page
  // (identify, reset, consent), another tab (its localStorage writes fire 'storage' here,
  // https://html.spec.whatwg.org/multipage/webstorage.html#the-storage-event) or the shopper
  // coming back to the tab. Each read is a localStorage and a document.cookie access, both
  // synchronous IPC in Chromium: per ad event, they were most of the script's time on a grid of ads.
  // The 'storage' listener is added with the first read: adding one is itself a synchronous IPC
  // (Chromium subscribes the page to the storage area), not to be paid by a page that reads no id.
  // Adding it again is a no-op (https://dom.spec.whatwg.org/#add-an-event-listener).
  let known: ReturnType<Core['ids']> | undefined
  const changed = () => (known = undefined)
  const ids = () => (known ??= (addEventListener('storage', changed), { sessionId: identity.sessionId(), userId: identity.userId() }))
  document.addEventListener('visibilitychange', changed)
  const adEvents = createAdEvents(log, () => cfg.eventHosts, (url, now) => {
    const { sessionId, userId } = ids()
    beacons.push(url, new URLSearchParams(userId ? { session_id: sessionId, user_id: userId } : { session_id: sessionId }), now)
  })
  const consent = createConsent(storage, cfg.consent, () => cfg.sessionDays * DAY_MS, changed)
  const core: Core = { cfg: () => cfg, log, storage, ids, consent: consent.state }

  const { use, need, part } = partLoader(core, env.load)
  const tell = (state: ConsentState) => consent.set(0, { ...consent.layer(0), ...state })

  // One page view. Inside the tag only what the first event needs: consent (nothing is written
  // without it: what the store said, then what the page already signals), the click parameters
  // of the URL (read, and written only when there are any), and the ad observers. The ids are
  // read and renewed by the first event that uses them.
  if (consent.state().ad_storage == 'denied') tell({})
  const consentEntry = watchConsentSignals(consent, log)
  // Sales the page publishes itself (a dataLayer purchase, VTEX IO's orderPlaced message): a sale
  // is in sight; the conversion part reads them. Only messages the page posted to itself count.
  const sourced = (kind: 'datalayer' | 'vtex', data: unknown) => cfg.orderSource.includes(kind) && need().then((p) => p?.source?.(kind, data))
  watchDataLayer((e) => {
    consentEntry(e)
    if (mayBeSale(e)) sourced('datalayer', e)
  })
  addEventListener('message', (m) => attempt(() => m.source == window && (m.data as { eventName?: unknown })?.eventName == 'vtex:orderPlaced' && sourced('vtex', m.data)))
  // Each step on its own: a failure in one (a damaged record) must not stop the others.
  attempt(() => captureLanding(storage, cfg, log, location.href), undefined, log.debug)
  // A Checkout Pro return: a sale is in sight; the return is kept for the tab now, in case the
  // page leaves before the conversion part arrives.
  if (MP_RETURN.test(location.search)) {
    if (consent.state().ad_storage != 'denied') keepReturn(location.href)
    void need()
  }
  if (cfg.autoBind) adEvents.start()
  // Sales that earlier page views could not deliver: only then is the conversion part needed
  // here. localStorage alone (the outbox has no cookie), when the page is idle; again when the
  // page comes back from the back/forward cache, which is a page view too
  // (https://web.dev/articles/bfcache#observe-when-a-page-is-restored-from-bfcache).
  const flushOutbox = () => later(() => localStorage.getItem('adb_' + OUTBOX_KEY) && need().then((p) => p?.flush()))
  flushOutbox()
  addEventListener('pageshow', (e) => e.persisted && flushOutbox())

  return {
    use,
    need,
    internals: { ...core, identity, ads: adEvents.state, part },
    commands: {
      config(opts: Options) {
        const before = cfg.consent
        cfg = applyOptions(cfg, opts, log)
        log.on = cfg.debug
        if (cfg.consent != before) tell(cfg.consent)
      },
      identify(userId) {
        changed()
        identity.identify(userId)
      },
      consent(state: unknown) {
        const parsed = parseConsent(state, log)
        if (parsed) tell(parsed)
      },
      ads: adEvents.ads,
      impression: adEvents.impression,
      view: adEvents.view,
      click: adEvents.click,
      conversion: (order: unknown) =>
        // Already here (a second tag on the confirmation page): no await before the claim.
        part()?.conversion(order) ??
        need().then((p): Promise<ConversionResult> | ConversionResult => {
          if (p) return p.conversion(order)
          log.warn('not loaded', 'adbeacon-conversion.js')
          return { status: 'failed', destinations: {} }
        }),
      reset() {
        // The outbox stays: it holds sales already made, hashed, waiting to be delivered.
        changed()
        identity.reset()
        storage.remove(LANDING_KEY)
        storage.remove(TOUCHES_KEY)
      },
    },
  }
}
