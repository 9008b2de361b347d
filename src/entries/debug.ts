import { adEventSchema, conversionSchema } from '../../demo/collector/schema/vtex-ads'
import { checkOptions } from '../debug/check-options'
import { debugState } from '../debug/debug-state'
import { EXPLANATIONS } from '../debug/messages'
import { showOverlay } from '../debug/overlay/overlay'
import { attempt } from '../util'
import type { DebugPlugin } from './tag'

/**
 * adbeacon-debug.js: loaded by adbeacon.js when its tag has data-debug, when the page URL has
 * ?adbeacon_debug=1 (kept for the tab) or on adbeacon('debug', true). Turns on the step-by-step
 * console lines, explains each warning at length, checks the options for likely mistakes, and
 * shows the QA inspector over the page. The VTEX Ads request schemas are the project's own, the
 * ones the demo collector validates with (demo/collector/schema/vtex-ads.ts).
 */
type Queue = { (...args: unknown[]): void; q?: unknown[] }
const w = window as unknown as { adbeacon?: Queue }
const queue: Queue = (w.adbeacon ??= function (...args: unknown[]) {
  ;(queue.q ??= []).push(args)
})
const install: DebugPlugin = (p) => {
  const { log, tracker, options, from } = p
  const commands = tracker.commands as unknown as Record<string, unknown>
  // Asked for twice (data-debug and the tab's ?adbeacon_debug=1): installed once.
  if (commands.debugState) return
  log.on = true
  commands.debugState = () => debugState(tracker.internals)
  const seen = new Set<string>()
  log.hook = (code) => {
    const text = EXPLANATIONS[code]
    // Each explanation once: the short line already names the field and the value.
    if (text && !seen.has(code)) {
      seen.add(code)
      console.info('[adbeacon] ↳', text)
    }
  }
  checkOptions(options, from, log)
  log.debug('debug on: every step is logged (adbeacon-debug.js)')
  attempt(
    () => showOverlay(p, { conversion: conversionSchema, adEvent: adEventSchema }),
    undefined,
    (e) => console.warn(`[adbeacon] the QA inspector could not start`, e),
  )
}
try {
  queue('_d', install)
} catch {
  /* never into the store's page */
}
