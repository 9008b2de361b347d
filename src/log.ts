// Console output for store developers. Every line starts with "[adbeacon]" so it can be filtered.
// Warnings always show, short: a code that says what is wrong ("invalid", "refused host") and the
// field or attribute it concerns, then the value got. adbeacon-debug.js keeps the long explanation
// of each code (Preact keeps its messages in preact/debug the same way). Debug lines show only
// with debug on.
import { attempt } from './util'

export interface Logger {
  /** A mistake the store developer can fix: "[adbeacon] code: subject" + details; `code` keys the long explanation in the debug build. */
  warn(code: string, subject: string, ...details: unknown[]): void
  error(...args: unknown[]): void
  debug(...args: unknown[]): void
  /** Debug output on; set by data-debug / config({debug}). */
  on: boolean
  /** Called with every warning (code, text, details): the debug build adds the explanation. */
  hook?: (code: string, text: string, details: unknown[]) => void
}

// console itself may be replaced or missing in odd embeds, and the debug build's hook may fail:
// logging never throws.
const print = (method: 'log' | 'warn' | 'error', args: unknown[]) => attempt(() => console[method]('[adbeacon]', ...args))

export function createLogger(on = false): Logger {
  const log: Logger = {
    on,
    warn(code, text, ...details) {
      print('warn', [code + ':', text, ...details])
      attempt(() => log.hook?.(code, text, details))
    },
    error: (...args) => print('error', args),
    debug: (...args) => log.on && print('log', args),
  }
  return log
}
