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
import type { ConsentState, ConversionResult } from '../types'
import { DAY_MS, uuid } from '../util'
import { checkedConfig } from '../conversion/checked-config'
import type { ConversionContext } from '../conversion/destinations/destination'
import { knownCountry } from '../conversion/hash'
import { createLedger } from '../conversion/ledger'
import { checkOrder, claimAndDeliver, destinationsFor } from '../conversion/report-order'
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

/** Validation, the ledger's claims and each destination's delivery, as the conversion part does them (report-order.ts). */
async function reportOrder(
  input: unknown,
  cfg: ResolvedConfig,
  { store, consent, log, clientId }: { store: Awaited<ReturnType<typeof preloadStorage>>; consent: ConsentState; log: Logger; clientId?: string },
): Promise<ConversionResult | undefined> {
  const dests = destinationsFor(cfg, log)
  const order = checkOrder(input, cfg, null, dests, log)
  if ('status' in order) return undefined
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
  // No lock: the sandbox is one tab's, with no page exit to race.
  const ledger = createLedger(store, () => cfg.dedupDays * DAY_MS)
  return claimAndDeliver(order, ctx, dests, { ledger, transport: { send }, consent, log })
}
