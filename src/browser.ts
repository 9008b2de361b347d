import { optionsFromAttributes } from './config'
import { createLogger } from './log'
import { createTracker, type Tracker } from './tracker'

/**
 * Script-tag entry (dist/adbeacon.js). Configured by the tag's data attributes so that a strict
 * Content-Security-Policy needs no inline script; replays the commands a store queued with the
 * `window.adbeacon = window.adbeacon || function(){(adbeacon.q=adbeacon.q||[]).push(arguments)}`
 * stub before this file loaded, then replaces the stub.
 */
type Command = keyof Tracker
interface Api {
  (command: string, ...args: unknown[]): unknown
  q?: unknown
  loaded?: boolean
  debugState?: () => unknown
}

const COMMANDS: readonly Command[] = ['config', 'identify', 'consent', 'ads', 'impression', 'view', 'click', 'conversion', 'reset', 'debugState']
const ORDER_SELECTOR = 'script[type="application/json"][data-adbeacon-order]'

function findOwnScript(): Element | null {
  // currentScript is set while a classic script (async too) first runs; the fallback covers
  // loaders that inject it in ways that leave currentScript null.
  try {
    return document.currentScript ?? document.querySelector('script[data-publisher-id][src*="adbeacon"]') ?? document.querySelector('script[src*="adbeacon"]')
  } catch {
    return null
  }
}

function install(): void {
  const w = window as unknown as { adbeacon?: Api }
  const log = createLogger(false)
  const existing = w.adbeacon
  if (existing && existing.loaded) {
    // Pasted twice (a theme and an app both adding the tag): one tracker, or every event doubles.
    log.warn('adbeacon.js is loaded more than once on this page; the second copy does nothing.')
    return
  }
  const script = findOwnScript()
  if (script && script.hasAttribute('data-debug')) log.setDebug(script.getAttribute('data-debug') !== 'false')
  const options = script ? optionsFromAttributes(script, log) : {}
  const queued = existing && Array.isArray(existing.q) ? (existing.q as ArrayLike<unknown>[]) : []
  // Consent queued before the script loaded (a CMP's "denied" default) must hold before the
  // tracker writes its first id, not after the replay: start with the last state queued.
  for (const args of queued) {
    if (args[0] === 'consent' && (typeof args[1] === 'string' || (typeof args[1] === 'object' && args[1] !== null))) {
      const prev = options.consent
      const next = args[1] as NonNullable<typeof options.consent>
      options.consent = typeof prev === 'object' && typeof next === 'object' ? { ...prev, ...next } : next
    }
  }
  const tracker = createTracker(options, { logger: log })

  const run = (command: unknown, args: unknown[]): unknown => {
    try {
      if (typeof command !== 'string' || !(COMMANDS as readonly string[]).includes(command)) {
        log.warn(`unknown command ${JSON.stringify(command)}. Commands: ${COMMANDS.join(', ')}.`)
        return undefined
      }
      return (tracker[command as Command] as (...a: unknown[]) => unknown)(...args)
    } catch (e) {
      log.error('command failed inside adbeacon (nothing was thrown to the page):', e)
      return undefined
    }
  }

  const api: Api = (command: string, ...args: unknown[]) => run(command, args)
  api.loaded = true
  api.debugState = () => tracker.debugState()
  // A page that kept a reference to the old queue and pushes to it still reaches the tracker.
  api.q = { push: (args: ArrayLike<unknown>) => run(args[0], Array.prototype.slice.call(args, 1)) }
  w.adbeacon = api
  for (const args of queued) run(args[0], Array.prototype.slice.call(args, 1))

  // Server-rendered order blocks: the order-confirmation hook that needs no inline script.
  const readOrders = () => {
    try {
      document.querySelectorAll(ORDER_SELECTOR).forEach((el) => {
        if (el.hasAttribute('data-adbeacon-read')) return
        let order: unknown
        try {
          order = JSON.parse(el.textContent ?? '')
        } catch (e) {
          // While the page is still parsing, the block may be only half there: look again later.
          if (document.readyState === 'loading') return
          el.setAttribute('data-adbeacon-read', '')
          log.warn('the data-adbeacon-order block is not valid JSON; no conversion sent.', e)
          return
        }
        el.setAttribute('data-adbeacon-read', '')
        void tracker.conversion(order)
      })
    } catch (e) {
      log.error('reading data-adbeacon-order failed', e)
    }
  }
  readOrders()
  // An async tag can run before the page finishes parsing, or before deferred and module scripts
  // that write the block have run: look again at both milestones (each block is read once).
  if (document.readyState !== 'complete') {
    document.addEventListener('DOMContentLoaded', readOrders, { once: true })
    window.addEventListener('load', readOrders, { once: true })
  }
}

try {
  install()
} catch (e) {
  try {
    console.error('[adbeacon] could not start', e)
  } catch {
    /* nothing */
  }
}
