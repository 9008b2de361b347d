import { withSources } from '../conversion/sources/with-sources'
import type { ConversionPlugin } from '../conversion/part'

/**
 * adbeacon-conversion.js: the conversion part, loaded by adbeacon.js when a sale is in sight, or
 * by the store's own tag on the confirmation page. It registers through the command queue, so it
 * may load before or after adbeacon.js.
 */
type Queue = { (...args: unknown[]): void; q?: unknown[] }
const w = window as unknown as { adbeacon?: Queue }
const queue: Queue = (w.adbeacon ??= function (...args: unknown[]) {
  ;(queue.q ??= []).push(args)
})
try {
  queue('_c', withSources satisfies ConversionPlugin)
} catch {
  /* never into the store's page */
}
