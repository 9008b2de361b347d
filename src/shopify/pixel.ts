// adbeacon as a Shopify custom pixel (Settings → Customer events): Shopify runs no store script
// on its checkout and thank-you pages, only pixels, in a sandbox without the page's DOM
// (https://shopify.dev/docs/apps/build/marketing-analytics/pixels). On checkout_completed the sale
// goes to VTEX Ads, Meta and Google through the same validation, hashing, ledger and payload
// builders as adbeacon-conversion.js; only storage (Shopify's asynchronous `browser`) and sending
// (fetch keepalive) are the sandbox's own.
import { applyOptions, DEFAULTS, optionsFromAttributes, type ResolvedConfig } from '../config'
import { SESSION_KEY, USER_KEY } from '../identity/identity'
import { readLanding } from '../landing/touches'
import { createLogger, type Logger } from '../log'
import { createOutbox, OUTBOX_KEY } from '../transport/outbox'
import type { ConsentState, ConversionResult, DestinationName } from '../types'
import { DAY_MS, now, uuid } from '../util'
import { dropLongFields, tooManyItems } from '../conversion/bounds'
import { checkedConfig } from '../conversion/checked-config'
import { CLAIM_LEASE_MS, decideAll } from '../conversion/decide'
import { deliverOne } from '../conversion/deliver'
import type { ConversionContext, Destination } from '../conversion/destinations/destination'
import { googleAdsDestination } from '../conversion/destinations/google-ads'
import { metaDestination } from '../conversion/destinations/meta'
import { vtexAdsDestination } from '../conversion/destinations/vtex-ads'
import { knownCountry } from '../conversion/hash'
import { createLedger } from '../conversion/ledger'
import { parseTracks } from '../conversion/tracks'
import { toUtcIso, validateOrder } from '../conversion/validate'
import { checkoutCountry, checkoutOrder } from './checkout'
import { keepaliveSend } from './send'
import { preloadStorage } from './storage'
import type { Checkout, CustomerPrivacyStatus, PixelApi, PixelEvent } from './web-pixels-api'

/** The storage keys the conversion reads: ids, landing context, the ledger, the outbox. */
const KEYS = [SESSION_KEY, USER_KEY, 'landing', 'landing_touches', 'sent', OUTBOX_KEY]

/**
 * The settings at the top of the pasted file: the tag's data attributes by name
 * (`"data-publisher-id": "…"`), read as the tag reads its own; an empty value is left out.
 */
function configure(settings: unknown): { config: ResolvedConfig; log: Logger } {
  const attributes = Object.entries(settings && typeof settings == 'object' ? settings : {})
    .filter(([, value]) => value !== '' && value != null)
    .map(([name, value]) => ({ name, value: String(value) }))
  const { options, from } = optionsFromAttributes({ attributes } as unknown as Element)
  const first = createLogger()
  const config = applyOptions(DEFAULTS, options, first, from)
  const log = createLogger(config.debug)
  return { config: checkedConfig(() => config, log)(), log }
}

function destinations(config: ResolvedConfig, log: Logger): { list: Destination[]; skipped: Partial<Record<DestinationName, string>> } {
  const tracks = parseTracks(config.tracks, log, !!config.from.tracks)
  const list = [vtexAdsDestination()]
  if (tracks.meta) list.push(metaDestination(tracks.meta.pixelId))
  if (tracks.google) list.push(googleAdsDestination(tracks.google.conversionId, tracks.google.conversionLabel))
  return { list, skipped: tracks.problems }
}

/**
 * Shopify's consent (https://shopify.dev/docs/api/web-pixels-api/pixel-privacy): without
 * marketing permission, or with the sale of data refused, Meta and Google get the sale without
 * the shopper's hashed data (as with Consent Mode's ad_user_data denied); without marketing
 * permission nothing but the ledger of reported orders is written. Unknown: allowed (Shopify
 * loads a pixel only with the permissions its settings require).
 */
const consentOf = (p: CustomerPrivacyStatus): ConsentState => ({
  ad_storage: p.marketingAllowed === false ? 'denied' : 'granted',
  ad_user_data: p.marketingAllowed === false || p.saleOfDataAllowed === false ? 'denied' : 'granted',
})

/** Calls a Shopify subscribe(): its throw or rejection (a sandbox without that API) costs that subscription only. */
function subscribing(call: () => unknown): void {
  try {
    void Promise.resolve(call()).catch(() => undefined)
  } catch {
    /* nothing to subscribe to */
  }
}

export function startPixel(api: PixelApi, settings: unknown): void {
  const { config, log } = configure(settings)
  let privacy: CustomerPrivacyStatus = api.init?.customerPrivacy ?? {}
  subscribing(() => api.customerPrivacy?.subscribe('visitorConsentCollected', (e) => (privacy = e?.customerPrivacy ?? privacy)))
  let storage: ReturnType<typeof preloadStorage> | undefined
  const report = async (event: PixelEvent<{ checkout?: Checkout }> | undefined): Promise<ConversionResult | undefined> => {
    const input = event && checkoutOrder(event, api.init)
    if (!input) return undefined
    storage ??= preloadStorage(api.browser, KEYS)
    const store = await storage
    const consent = consentOf(privacy)
    store.setPersistent(consent.ad_storage == 'granted')
    // Phones without a country code: the configured country, else the buyer's.
    const country = checkoutCountry(event.data?.checkout)
    const cfg = config.defaultCountry || !country || !knownCountry(country) ? config : { ...config, defaultCountry: country }
    return reportOrder(input, cfg, { store, consent, log, clientId: event.clientId })
  }
  subscribing(() => api.analytics.subscribe('checkout_completed', (event) => void report(event).catch((e: unknown) => log.error('conversion failed inside adbeacon', e))))
}

/** Validation, the ledger's claims and each destination's delivery, as conversion.ts does them. */
async function reportOrder(
  input: unknown,
  cfg: ResolvedConfig,
  { store, consent, log, clientId }: { store: Awaited<ReturnType<typeof preloadStorage>>; consent: ConsentState; log: Logger; clientId?: string },
): Promise<ConversionResult | undefined> {
  const { order, errors } = tooManyItems(input) ?? validateOrder(input, cfg, null, toUtcIso(new Date(now()))!)
  if (!order) {
    for (const e of errors.slice(0, 3)) log.warn('order', `conversion not sent: order${e.instancePath.replace(/\//g, '.')} ${e.message}`)
    return undefined
  }
  dropLongFields(order, log)
  const ledger = createLedger(store, () => cfg.dedupDays * DAY_MS)
  const send = keepaliveSend(createOutbox(store, log), log)
  const ctx: ConversionContext = {
    config: cfg,
    log,
    // adbeacon.js's visitor id when the store runs it, else Shopify's own client id.
    sessionId: store.get(SESSION_KEY) ?? clientId ?? uuid(),
    userId: order.user_id ?? store.get(USER_KEY),
    landing: readLanding(store, cfg),
    payment: null,
    send,
  }
  const result: ConversionResult = { status: 'sent', order_id: order.order_id, destinations: {} }
  const claimed: Array<[Destination, string]> = []
  for (const dest of decideAll(order, ctx, result, destinations(cfg, log), ledger, log)) {
    const key = `${dest.name}:${order.order_id}`
    if (ledger.claim(key, CLAIM_LEASE_MS)) claimed.push([dest, key])
    else result.destinations[dest.name] = { status: 'duplicate' }
  }
  const deps = { ledger, transport: { send, flush: async () => undefined }, consent, log }
  await Promise.all(claimed.map(async ([dest, key]) => (result.destinations[dest.name] = { status: await deliverOne(dest, key, order, ctx, deps) })))
  if (claimed.length) console.info('[adbeacon] sale', order.order_id, Object.entries(result.destinations).map(([k, d]) => `${k} ${d!.status}`).join(', '))
  return result
}
