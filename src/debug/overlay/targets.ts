import type { ResolvedConfig } from '../../config'
import { GOOGLE_ENDPOINT, META_ENDPOINT, VTEX_CONVERSION_URL } from '../../conversion/endpoints'

export type Destination = 'vtex' | 'meta' | 'google'

/** What one request of adbeacon's reports: where it goes and what it is. */
export interface Target {
  dest: Destination
  kind: string
}

/** The endpoints the configuration sends conversions to (the documented ones unless overridden). */
export const endpointsOf = (cfg: ResolvedConfig): Record<Destination, string> => ({
  vtex: cfg.conversionUrl ?? VTEX_CONVERSION_URL,
  meta: cfg.metaEndpoint ?? META_ENDPOINT,
  google: (cfg.googleEndpoint ?? GOOGLE_ENDPOINT).replace(/\/?$/, '/'),
})

/**
 * Is this request one of adbeacon's, and which: an ad event it handed to the transport (listed by
 * the core as "kind url"), the VTEX conversion, or the Meta / Google pixel request. The last two
 * are sent with fetch GET by adbeacon, never by sendBeacon: the store's own pixel code may post
 * to the same hosts by beacon, and is not ours to list.
 */
export function classify(url: string, viaFetchGet: boolean, cfg: ResolvedConfig, sent: readonly string[]): Target | undefined {
  const ends = endpointsOf(cfg)
  const event = sent.find((s) => s.slice(s.indexOf(' ') + 1) == url)
  if (event) return { dest: 'vtex', kind: event.slice(0, event.indexOf(' ')) }
  if (url.split(/[?#]/)[0] == ends.vtex) return { dest: 'vtex', kind: 'conversion' }
  if (viaFetchGet && url.startsWith(ends.meta)) return { dest: 'meta', kind: /[?&]ev=(\w+)/.exec(url)?.[1] ?? 'event' }
  if (viaFetchGet && url.startsWith(ends.google)) return { dest: 'google', kind: 'conversion' }
  return undefined
}
