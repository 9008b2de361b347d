// ESM entry: `import { createTracker } from 'adbeacon'`. The conversion part is a module of its own
// (dist/adbeacon-conversion.mjs), imported on the first sale, so a bundler splits it the same way
// as the script-tag files.
import type { Options } from '../config'
import type { ConversionPlugin } from '../conversion/part'
import { createLogger } from '../log'
import { createTracker as createCore, type Tracker } from '../tracker'
import { attempt } from '../util'
import { debugState } from '../debug/debug-state'

const failed = { status: 'failed', destinations: {} } as const

/** The commands as methods; none throws into the page, and conversion() never rejects. */
export function createTracker(options: Options = {}): Tracker {
  const log = createLogger()
  const guard = <A extends unknown[], T>(name: string, fn: (...a: A) => T, fallback?: T) => (...a: A) =>
    attempt(() => fn(...a), fallback, (e) => log.error(`${name} failed inside adbeacon (nothing was thrown to the page):`, e)) as T
  const core = attempt(
    () => createCore(options, { logger: log, load: () => import('./conversion-module').then((m): ConversionPlugin => m.createConversion) }),
    undefined,
    (e) => log.error('could not start (nothing was thrown to the page):', e),
  )
  const none = () => undefined
  const c = core?.commands
  return {
    config: c ? guard('config', c.config) : none,
    identify: c ? guard('identify', c.identify) : none,
    consent: c ? guard('consent', c.consent) : none,
    ads: c ? guard('ads', c.ads) : none,
    impression: c ? guard('impression', c.impression) : none,
    view: c ? guard('view', c.view) : none,
    click: c ? guard('click', c.click) : none,
    conversion: c ? guard('conversion', c.conversion, Promise.resolve({ ...failed })) : async () => ({ ...failed }),
    reset: c ? guard('reset', c.reset) : none,
    debugState: core ? guard('debugState', () => debugState(core.internals)) : (none as unknown as Tracker['debugState']),
  }
}

export type { Tracker } from '../tracker'
export type { DebugState } from '../debug/debug-state'
export type { Options } from '../config'
export type { Order, OrderItem, ConversionResult, ValidationError, DeliveryStatus, DestinationName, Track, Ad, GetAdsResponse, ConsentState } from '../types'
