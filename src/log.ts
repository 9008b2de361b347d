// Console output for store developers. Every message starts with "[adbeacon]" so it can be
// filtered; warnings always show (they mean data was refused), debug lines only with debug on.
const PREFIX = '[adbeacon]'

export interface Logger {
  debug(...args: unknown[]): void
  warn(...args: unknown[]): void
  error(...args: unknown[]): void
  setDebug(on: boolean): void
  readonly isDebug: boolean
}

export function createLogger(debug = false): Logger {
  let on = debug
  // console itself may be replaced or missing in odd embeds; never let logging throw.
  const out = (method: 'log' | 'warn' | 'error', args: unknown[]) => {
    try {
      const c = typeof console !== 'undefined' ? console : undefined
      c?.[method]?.(PREFIX, ...args)
    } catch {
      /* nothing sensible to do */
    }
  }
  return {
    debug: (...args) => { if (on) out('log', args) },
    warn: (...args) => out('warn', args),
    error: (...args) => out('error', args),
    setDebug: (v) => { on = v },
    get isDebug() { return on },
  }
}
