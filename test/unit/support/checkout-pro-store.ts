import { afterEach, beforeEach, vi } from 'vitest'

/**
 * A store whose tag reports to VTEX Ads and to one Meta pixel ('111'), over a network that
 * accepts VTEX's POST (202) and lists Meta's pixel requests in `pixels` instead of sending them.
 * The globals it stubs are restored by resetPageBetweenTests().
 */
export function metaOnlyStore(): { pixels: string[]; opts: { publisherId: string; currency: string; tracks: Array<{ type: string; values: { pixel_id: string } }> } } {
  Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: () => true })
  const pixels: string[] = []
  vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => (init?.method === 'POST' ? new Response('{}', { status: 202 }) : (pixels.push(url), { type: 'opaque', ok: false, status: 0 }))))
  const opts = { publisherId: 'pub-1', currency: 'BRL', tracks: [{ type: 'facebook_ad', values: { pixel_id: '111' } }] }
  return { pixels, opts }
}

/** `path` as Checkout Pro's back URL for order `ref` (site MLB), paid by `paymentType` and left in `status`. */
export const checkoutProReturn = (path: string, status: string, paymentType: string, ref: string) =>
  `${path}?collection_status=${status}&status=${status}&payment_type=${paymentType}&external_reference=${ref}&preference_id=1-abc&site_id=MLB`

/** Each test starts with an empty sessionStorage, and leaves no mock, stubbed global or changed URL behind. */
export function resetPageBetweenTests(): void {
  beforeEach(() => sessionStorage.clear())
  afterEach(() => {
    vi.restoreAllMocks()
    vi.unstubAllGlobals()
    history.replaceState(null, '', '/')
  })
}
