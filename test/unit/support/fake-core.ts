import { vi } from 'vitest'
import { applyOptions, DEFAULTS, type Options } from '../../../src/config'
import type { Core } from '../../../src/conversion/part'
import { createStorage } from '../../../src/identity/storage'
import { createLogger } from '../../../src/log'
import type { ConsentState } from '../../../src/types'

/**
 * The every-page core as the conversion part sees it (conversion/part.ts), without the rest of the
 * tracker: `options` as the store gave them (`from`: the tag attributes they came from), the
 * consent and ids it reports. `warn` spies on its warnings (kept off the console).
 */
export function fakeCore(
  options: Options = {},
  from: Record<string, string> = {},
  consent: ConsentState = {},
  ids: { sessionId: string; userId: string | undefined } = { sessionId: 'sess-1', userId: undefined },
) {
  const log = createLogger()
  const warn = vi.spyOn(log, 'warn').mockImplementation(() => {})
  const cfg = applyOptions(DEFAULTS, options, log, from)
  const core: Core = { cfg: () => cfg, log, storage: createStorage(), ids: () => ({ ...ids }), consent: () => consent }
  return { core, warn }
}

/**
 * The network a sale leaves by (transport.ts sends it by fetch): POSTs are VTEX Ads' (answered
 * 202), GETs the pixels' (opaque, as no-cors). Returns the lists each request is recorded in.
 * The caller's afterEach restores fetch (vi.unstubAllGlobals).
 */
export function stubSaleNetwork(): { posts: Array<{ url: string; body: string }>; pixels: string[] } {
  const posts: Array<{ url: string; body: string }> = []
  const pixels: string[] = []
  vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
    if (init?.method === 'POST') return (posts.push({ url, body: String(init.body) }), new Response('{}', { status: 202 }))
    pixels.push(url)
    return { type: 'opaque', ok: false, status: 0 }
  }))
  return { posts, pixels }
}
