import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { adEventSchema, conversionSchema } from '../../../demo/collector/schema/vtex-ads'
import type { Options } from '../../../src/config'
import { createConversion } from '../../../src/conversion/conversion'
import { showOverlay } from '../../../src/debug/overlay/overlay'
import { createLogger } from '../../../src/log'
import { createTracker } from '../../../src/tracker'
import { clearCookies } from '../support/cookies'

// The inspector's content in happy-dom (its look, the CSP and the page's layout are checked in
// real Chromium: test/e2e/overlay.test.ts).

const nav = navigator as unknown as { sendBeacon: (url: string, data?: unknown) => boolean }
const original = { beacon: nav.sendBeacon, fetch: window.fetch }
const waitFor = <T>(fn: () => T) => vi.waitFor(fn, { timeout: 3000 })

function start(options: Options & Record<string, unknown>, from: Record<string, string> = {}) {
  const log = createLogger()
  const tracker = createTracker(options, { logger: log, from })
  tracker.use(createConversion)
  showOverlay({ log, tracker, options, from }, { conversion: conversionSchema, adEvent: adEventSchema })
  const root = document.querySelector('adbeacon-inspector')!.shadowRoot!
  const text = () => (root.querySelector('.main') as HTMLElement).textContent ?? ''
  const tab = (name: string) => Array.from(root.querySelectorAll('nav button')).find((b) => b.textContent!.startsWith(name))!.dispatchEvent(new MouseEvent('click'))
  return { tracker, root, text, tab }
}

describe('the QA inspector', () => {
  let beacons: string[]
  beforeEach(() => {
    localStorage.clear()
    sessionStorage.clear()
    clearCookies()
    beacons = []
    nav.sendBeacon = ((url: string) => (beacons.push(url), true)) as never
    window.fetch = (async () => ({ type: 'opaque', status: 0 })) as never
    vi.spyOn(console, 'log').mockImplementation(() => {})
    vi.spyOn(console, 'info').mockImplementation(() => {})
    vi.spyOn(console, 'warn').mockImplementation(() => {})
  })
  afterEach(() => {
    document.querySelector('adbeacon-inspector')?.remove()
    nav.sendBeacon = original.beacon
    window.fetch = original.fetch
    history.replaceState(null, '', '/')
    vi.restoreAllMocks()
  })

  it('names each problem of the setup: an unknown attribute, no publisher id, a pixel id that is not digits, an event host that is no host', async () => {
    const { text, tab } = start(
      { 'data-colour': 'red', eventHosts: 'https://, ok.example', tracks: [{ type: 'facebook_ad', values: { pixel_id: 'px-1' } }], autoBind: false },
      { 'data-colour': 'data-colour', eventHosts: 'data-event-hosts', tracks: 'data-*' },
    )
    tab('Setup')
    await waitFor(() => expect(text()).toContain('Configuration as adbeacon understood it'))
    expect(text()).toContain('unknown option: data-colour')
    expect(text()).toContain('data-publisher-id is missing: VTEX Ads conversions are not sent')
    expect(text()).toContain(`data-facebook-pixel-id="px-1" must be the pixel's digits`)
    expect(text()).toContain('data-event-hosts entry "https://" is not a host')
    expect(text()).toMatch(/data-event-hosts\["https:\/\/","ok\.example"\]/)
  })

  it('shows the sale held by Mercado Pago\'s rule with its reason, the conversion request with its schema check, and where consent came from', async () => {
    history.replaceState(null, '', '/thanks?collection_status=pending&payment_type=ticket&external_reference=O-1&preference_id=pref-1')
    const { tracker, text, tab, root } = start({
      publisherId: 'pub-123456',
      conversionUrl: 'https://events.example/v1/beacon/conversion',
      currency: 'BRL',
      tracks: [{ type: 'facebook_ad', values: { pixel_id: '123' } }, { type: 'google_ad', values: { conversion_id: 'AW-1', conversion_label: 'L' } }],
      autoBind: false,
    })
    tracker.commands.consent({ ad_user_data: 'denied' })
    const result = await tracker.commands.conversion({ order_id: 'O-1', email: 'a@b.co', items: [{ sku: 'S', quantity: 1, price: 10, promotional_price: 9 }] })
    expect(result.destinations.meta).toMatchObject({ status: 'held' })

    // a sale leaves by keepalive fetch (issue 10: sendBeacon only at page exit)
    await waitFor(() => expect(text()).toMatch(/VTEX Ads\s*conversion\s*schema ✓\s*keepalive fetch/))
    expect(text()).not.toContain('Meta')
    tab('Sales')
    await waitFor(() => expect(text()).toMatch(/order O-1/))
    expect(text()).toMatch(/Meta\s*held\s*payment pending: not reported/)
    expect(text()).toMatch(/Google\s*held\s*payment pending: not reported/)
    tab('Shopper')
    await waitFor(() => expect(text()).toContain(`adbeacon('consent', {"ad_user_data":"denied"})`))
    expect(text()).toContain('ad_user_data denied')
    // the pill counts this page's requests, and says so in full in its title
    expect(root.querySelector('.pill')!.textContent).toBe('ab 1 ')
    expect((root.querySelector('.pill') as HTMLElement).title).toBe('adbeacon QA inspector: 1 request on this page, 0 problems. Open')
  })

  it('folds into its pill, and remembers it for the tab', async () => {
    const { root } = start({ autoBind: false })
    expect(root.querySelector('.ui')!.className).toContain('open')
    ;(root.querySelector('header button[title="Fold"]') as HTMLElement).click()
    await waitFor(() => expect(root.querySelector('.ui')!.className).not.toContain('open'))
    expect(JSON.parse(sessionStorage.getItem('adbeacon_debug_ui')!)).toMatchObject({ open: false })
  })
})
