// ESM entry: `import { createTracker } from 'adbeacon'`. The conversion part is a module of its own
// (dist/adbeacon-conversion.mjs), imported on the first sale, so a bundler splits it the same way
// as the script-tag files.
import type { Options } from '../config'
import type { ConversionPlugin } from '../conversion/part'
import { createLogger } from '../log'
import { createTracker as createCore, type Core_, type Tracker } from '../tracker'
import type { ConversionResult } from '../types'
import { attempt } from '../util'
import { debugState, type DebugState } from '../debug/debug-state'
import { whenActivated } from './activation'


/**
 * The commands as methods; none throws into the page, and conversion() never rejects. On a
 * prerendered page the tracker starts when the page is activated, and commands called before
 * wait until then (conversion() resolves then): nothing is written or sent for a page never shown.
 */
export function createTracker(options: Options = {}): Tracker {
  const log = createLogger()
  let core: Core_ | undefined
  let started = false
  const held: Array<() => void> = []
  whenActivated(() => {
    core = attempt(
      () => createCore(options, { logger: log, load: () => import('./conversion-module').then((m): ConversionPlugin => m.createConversion) }),
      undefined,
      (e) => log.error('could not start (nothing was thrown to the page):', e),
    )
    started = true
    for (const run of held.splice(0)) run()
  })
  const run = <T>(name: string, fn: (c: Core_) => T, fallback: T): T =>
    attempt(() => (core ? fn(core) : fallback), fallback, (e) => log.error(`${name} failed inside adbeacon (nothing was thrown to the page):`, e))
  const command = <K extends Exclude<keyof Tracker, 'conversion' | 'debugState'>>(name: K) => (...a: Parameters<Tracker[K]>) => {
    const call = () => run(name, (c) => (c.commands[name] as (...x: unknown[]) => void)(...a), undefined)
    if (started) call()
    else held.push(call)
  }
  const failed = (): ConversionResult => ({ status: 'failed', destinations: {} })
  return {
    config: command('config'),
    identify: command('identify'),
    consent: command('consent'),
    ads: command('ads'),
    impression: command('impression'),
    view: command('view'),
    click: command('click'),
    reset: command('reset'),
    conversion: (order) => {
      const call = () => run('conversion', (c) => c.commands.conversion(order), Promise.resolve(failed()))
      return started ? call() : new Promise((ok) => held.push(() => ok(call())))
    },
    debugState: () => run('debugState', (c) => debugState(c.internals), undefined as unknown as DebugState),
  }
}

export type { Tracker } from '../tracker'
export type { DebugState } from '../debug/debug-state'
export type { Options } from '../config'
export type { Order, OrderItem, ConversionResult, ValidationError, DeliveryStatus, DestinationName, Track, Ad, GetAdsResponse, ConsentState } from '../types'
