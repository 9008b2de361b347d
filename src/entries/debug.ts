import { checkOptions } from '../debug/check-options'
import { debugState } from '../debug/debug-state'
import { EXPLANATIONS } from '../debug/messages'
import type { DebugPlugin } from './tag'

/**
 * adbeacon-debug.js: loaded by adbeacon.js when its tag has data-debug. Turns on the step-by-step
 * console lines, explains each warning at length, and checks the options for likely mistakes.
 */
type Queue = { (...args: unknown[]): void; q?: unknown[] }
const w = window as unknown as { adbeacon?: Queue }
const queue: Queue = (w.adbeacon ??= function (...args: unknown[]) {
  ;(queue.q ??= []).push(args)
})
const install: DebugPlugin = ({ log, tracker, options, from }) => {
  log.on = true
  ;(tracker.commands as unknown as Record<string, unknown>).debugState = () => debugState(tracker.internals)
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
}
try {
  queue('_d', install)
} catch {
  /* never into the store's page */
}
