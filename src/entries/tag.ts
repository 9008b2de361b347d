import { optionsFromAttributes, type Options } from '../config'
import type { ConversionPlugin } from '../conversion/part'
import { createLogger, type Logger } from '../log'
import { createTracker, later, type Core_ } from '../tracker'
import { attempt, own } from '../util'
import { whenActivated } from './activation'

/**
 * Script-tag entry (dist/adbeacon.js), on every page of the store. Configured by the tag's data
 * attributes so that a strict Content-Security-Policy needs no inline script; replays the commands
 * a store queued with the `window.adbeacon = window.adbeacon || function(){(adbeacon.q=adbeacon.q||[]).push(arguments)}`
 * stub, then replaces the stub. adbeacon-conversion.js and adbeacon-debug.js reach it through the
 * same queue (`adbeacon('_c', plugin)`, `adbeacon('_d', install)`), whichever loads first.
 */
interface Api {
  (command: string, ...args: unknown[]): unknown
  q?: unknown
  loaded?: boolean
  debugState?: () => unknown
}
/** What adbeacon-debug.js registers: it gets the logger and the tracker to explain. */
export type DebugPlugin = (internals: { log: Logger; tracker: Core_; options: Options; from: Record<string, string> }) => void

/** Adds a script beside this one (its own src, query kept for cache busting), async, with this tag's CSP nonce. */
function load(script: HTMLScriptElement | null, file: string): Promise<unknown> {
  return new Promise((ok, fail) => {
    const el = document.createElement('script')
    const u = new URL(script!.src)
    u.pathname = u.pathname.replace(/[^/]*$/, file)
    el.src = u.href
    el.nonce = script!.nonce!
    el.onload = ok
    el.onerror = fail
    document.head.appendChild(el)
  })
}

const w = window as unknown as { adbeacon?: Api }

function install(script: HTMLScriptElement | null): void {
  const log = createLogger()
  const existing = w.adbeacon
  // Pasted twice (a theme and an app both adding the tag): one tracker, or every event doubles.
  if (existing?.loaded) return log.warn('loaded twice', 'adbeacon.js')
  const { options, from } = script ? optionsFromAttributes(script) : { options: {}, from: {} }
  const queued = Array.isArray(existing?.q) ? (existing.q as ArrayLike<unknown>[]) : []
  // Consent queued before the script loaded (a CMP's "denied" default) must hold before the
  // tracker writes its first id, not after the replay: start with the last state queued.
  for (const args of queued) if (args[0] == 'consent') options.consent = args[1]

  let registered: ((plugin: ConversionPlugin) => void) | undefined
  const tracker = createTracker(options, {
    logger: log,
    from,
    // A sale is in sight: bring the conversion part; it registers itself by the queue ('_c').
    load: () => new Promise((ok) => ((registered = ok), load(script, 'adbeacon-conversion.js').catch(() => ok(undefined)))),
  })
  const commands = tracker.commands as unknown as Record<string, (...a: unknown[]) => unknown>
  // adbeacon-debug.js installs itself once, however many times it is asked for.
  const debug = (on: unknown) => on && load(script, 'adbeacon-debug.js').catch(() => log.warn('not loaded', 'adbeacon-debug.js'))

  const run = (command: unknown, args: unknown[]): unknown =>
    attempt(
      () =>
        command == '_c'
          ? (registered ?? tracker.use)(args[0] as ConversionPlugin)
          : command == 'debug'
            ? debug(args[0])
          : command == '_d'
            ? (args[0] as DebugPlugin)({ log, tracker, options: options as Options, from })
            : own(commands, command as string)
              ? commands[command as string]!(...args)
              : // documented as answering undefined until adbeacon-debug.js adds it
                command != 'debugState'
                ? log.warn('unknown command', String(command))
                : undefined,
      undefined,
      (e) => log.error(command, e),
    )

  const api: Api = (command: string, ...args: unknown[]) => run(command, args)
  api.loaded = true
  // Answered once adbeacon-debug.js (data-debug) has added the command.
  api.debugState = () => run('debugState', [])
  // A page that kept a reference to the old queue and pushes to it still reaches the tracker.
  api.q = { push: (args: ArrayLike<unknown>) => api.apply(0, args as never) }
  w.adbeacon = api
  // The conversion file's registration first: a conversion queued before it must not load it again.
  for (const args of queued.sort((a, b) => +(b[0] == '_c') - +(a[0] == '_c'))) api.apply(0, args as never)

  // A server-rendered order block means a sale is in sight. An async tag can run before the
  // page finishes parsing, or before deferred scripts write the block: look again at both milestones.
  const lookForOrders = () => attempt(() => document.querySelector('script[type="application/json"][data-adbeacon-order]') && tracker.need().then((p) => p?.readOrders()))
  lookForOrders()
  document.addEventListener('DOMContentLoaded', lookForOrders)
  addEventListener('load', lookForOrders)
  // The QA inspector (adbeacon-debug.js): data-debug, or ?adbeacon_debug=1, kept for the tab until
  // ?adbeacon_debug=0. A shopper's page reads no storage for it: the tab's flag (sessionStorage) is
  // read only in a browser where QA turned it on (the adb_debug mark in localStorage, which the
  // outbox check reads anyway), and after this task, when the page is idle. The first use of
  // each storage area is a synchronous IPC in Chromium, paid on every page view otherwise.
  const attr = script?.getAttribute('data-debug')
  const flag = /adbeacon_debug=(.)/.exec(location.search)?.[1]
  debug((attr != null && attr != 'false') || flag == '1')
  // Written right after this task (QA may go to the next page at once), read when idle.
  setTimeout(() => attempt(() => (flag ? (sessionStorage.adbeacon_debug = localStorage.adb_debug = flag) : later(() => debug(localStorage.adb_debug > 0 && sessionStorage.adbeacon_debug > 0)))))
}

attempt(() => {
  // currentScript is set only while a classic script (async too) first runs.
  const script = (document.currentScript ?? document.querySelector('script[src*="adbeacon.js"]')) as HTMLScriptElement | null
  // Prerendering: the page's commands wait in the queue (made here if the page has no stub) until activation.
  w.adbeacon ??= function (...args: unknown[]) {
    ;((w.adbeacon!.q ??= []) as unknown[]).push(args)
  } as Api
  whenActivated(() => attempt(() => install(script), undefined, (e) => attempt(() => console.error('[adbeacon] could not start', e))))
})
