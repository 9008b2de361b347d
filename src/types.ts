// Public data shapes. Data keeps the platforms' wire names (snake_case) so a store can pass what
// its back end already has; options (config.ts) use JavaScript names.
import type { Tracker } from './tracker'

/** One line of an order, in the VTEX Ads conversion wire shape. Prices are per unit. */
export interface OrderItem {
  /** Numbers are sent as strings. */
  sku: string | number
  product_id?: string | number | null
  /** `null` is sent as null (VTEX: the store's own stock). */
  seller_id?: string | number | null
  /** > 0. */
  quantity: number
  /** "From" (list) price of one unit, never multiplied by quantity. ≥ 0. */
  price: number
  /** "For" (sale) price of one unit, never multiplied by quantity. ≥ 0. Default: `price`. */
  promotional_price?: number | null
  /** Optional display name, used by Meta `contents`. */
  name?: string
}

/**
 * An order as a store passes it to `conversion()`. PII fields are hashed before they leave.
 * `null` stands for "not known" wherever it is accepted, as back ends often serialise it so.
 */
export interface Order {
  /**
   * Required, except on a Mercado Pago Checkout Pro return (its `external_reference` is used).
   * Numbers are sent as strings; not an e-mail (it travels unhashed).
   */
  order_id?: string | number
  /** At least one. */
  items: OrderItem[]
  /**
   * The shopper's e-mail, or its SHA-256 hex. Required by VTEX Ads; without it the sale goes to
   * Meta and Google only (and is invalid where VTEX Ads is the only destination).
   */
  email?: string
  phone?: string | number | null
  social_id?: string | number | null
  first_name?: string | null
  last_name?: string | null
  /** ISO-8601 with a time zone (or a Date); converted to UTC. Default: now. */
  created_at?: string | Date | null
  channel?: string | null
  brand?: string | null
  gender?: 'F' | 'M' | 'O' | null
  uf?: string | null
  city?: string | null
  is_company?: boolean
  /** Order total for Meta/Google, ≥ 0; default: sum of promotional_price × quantity. */
  value?: number | null
  /** ISO 4217, e.g. "BRL". Default: the configured currency. */
  currency?: string | null
  /** Overrides the identified user for this order (the store's customer id, not an e-mail). */
  user_id?: string | number | null
}

/** An error in the shape of the VTEX Ads API's 422 array (Ajv output). */
export interface ValidationError {
  instancePath: string
  keyword: string
  message: string
  params: Record<string, unknown>
}

export type DestinationName = 'vtex' | 'meta' | 'google'

/** What happened to one destination's copy of a conversion. */
export type DeliveryStatus = 'sent' | 'queued' | 'duplicate' | 'held' | 'skipped' | 'failed'

export interface ConversionResult {
  /**
   * The most urgent of the destinations' statuses (a destination skipped or held does not stop
   * the others being `sent`): sent: delivered (the platform answered 2xx, or took it through fbq / gtag);
   * queued: at least one not delivered yet, kept in the outbox and sent again (README
   * "Reliability"); duplicate: already reported for this order; held: not reported by rule
   * (e.g. Mercado Pago payment not approved instantly); invalid: the order had errors, nothing sent;
   * failed: nothing could be sent (e.g. no Web Crypto outside https), the order is not marked sent.
   */
  status: 'sent' | 'queued' | 'duplicate' | 'held' | 'invalid' | 'failed'
  order_id?: string
  errors?: ValidationError[]
  destinations: Partial<Record<DestinationName, { status: DeliveryStatus; reason?: string }>>
}

/** A Mercado Pago Checkout Pro `tracks` entry (the preference shape). */
export interface Track {
  type: 'facebook_ad' | 'google_ad' | string
  values: { pixel_id?: string; conversion_id?: string; conversion_label?: string }
}

/** An ad as returned by VTEX Ads Get ads (only the fields adbeacon uses are typed). */
export interface Ad {
  ad_id: string
  type?: string
  impression_url?: string
  view_url?: string
  click_url?: string
  products?: Ad[]
  [key: string]: unknown
}

/** Get ads response: placement name → ads; other top-level keys (request_id, …) are ignored. */
export type GetAdsResponse = Record<string, unknown>

export type ConsentValue = 'granted' | 'denied'
export interface ConsentState {
  /** Writing ids to cookies/localStorage (Google ad_storage, TCF purpose 1). */
  ad_storage?: ConsentValue
  /** Sending hashed user data (Google ad_user_data). */
  ad_user_data?: ConsentValue
}

/**
 * The commands of the script tag's `adbeacon(command, ...args)`: the Tracker's methods by name,
 * with `conversion` typed for an Order (the data-adbeacon-order block and the ESM method also
 * take unchecked JSON), and `debug(true)`, which loads adbeacon-debug.js (the QA inspector).
 */
export type AdbeaconCommands = Omit<Tracker, 'conversion'> & { conversion(order: Order): Promise<ConversionResult>; debug(on: boolean): void }
export type AdbeaconCommand = keyof AdbeaconCommands

interface AdbeaconBase {
  /**
   * The stub's queue of calls (each an `arguments` object); once adbeacon.js runs, an object
   * whose push() runs the command, for code that kept a reference to the queue.
   */
  q?: ArrayLike<unknown>[] | { push(args: ArrayLike<unknown>): unknown }
}

/** `window.adbeacon` before adbeacon.js has run: the tag's stub, which queues each call. */
export interface AdbeaconStub extends AdbeaconBase {
  <C extends AdbeaconCommand>(command: C, ...args: Parameters<AdbeaconCommands[C]>): void
  loaded?: undefined
}

/** `window.adbeacon` once adbeacon.js has run. `adbeacon('conversion', order)` returns a promise of the result. */
export interface AdbeaconLoaded extends AdbeaconBase {
  <C extends AdbeaconCommand>(command: C, ...args: Parameters<AdbeaconCommands[C]>): ReturnType<AdbeaconCommands[C]>
  loaded: true
  debugState: Tracker['debugState']
}

/**
 * `window.adbeacon`: the stub until adbeacon.js runs, then the tracker (check `loaded` to use a
 * return value). The types come with `import type {} from 'adbeacon'` or any import from it.
 */
export type Adbeacon = AdbeaconStub | AdbeaconLoaded

declare global {
  interface Window {
    adbeacon?: Adbeacon
  }
  /** The same object as `window.adbeacon` (the tag's stub refers to it as `adbeacon`). */
  // eslint-disable-next-line no-var
  var adbeacon: Adbeacon | undefined
}
