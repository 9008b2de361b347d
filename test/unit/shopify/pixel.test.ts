import { afterEach, describe, expect, it, vi } from 'vitest'
import { startPixel as start } from '../../../src/shopify/pixel'
import type { PixelApi } from '../../../src/shopify/web-pixels-api'
import { checkoutCompleted, createStandIn, memoryTop } from '../../support/shopify'

// The stand-in's callbacks take any event (as Shopify's do); the pixel's types name what it reads.
const startPixel = (api: object, settings: unknown) => start(api as PixelApi, settings)

const SETTINGS = {
  'data-publisher-id': 'pub-1',
  'data-facebook-pixel-id': '1234567890',
  // Left empty, as the pasted file has them: Google is left out, without a warning.
  'data-google-conversion-id': '',
  'data-google-conversion-label': '',
  'data-debug': 'false',
}

function run(settings: unknown = SETTINGS) {
  const fetchSpy = vi.fn(async (_url: string, _init?: RequestInit) => new Response('{}', { status: 202 }))
  vi.stubGlobal('fetch', fetchSpy)
  const top = memoryTop()
  const standIn = createStandIn(top.call)
  startPixel(standIn, settings)
  const urls = () => fetchSpy.mock.calls.map((c) => c[0])
  return { standIn, fetchSpy, urls, top }
}

describe('startPixel', () => {
  afterEach(() => vi.unstubAllGlobals())

  it("reads the settings as the tag's attributes: empty values left out, no warning for them", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const { standIn, urls } = run()
    standIn.publish('checkout_completed', checkoutCompleted('U-1'))
    await vi.waitFor(() => expect(urls()).toHaveLength(2))
    expect(urls().map((u) => new URL(u).host).sort()).toEqual(['events.newtail-media.newtail.com.br', 'www.facebook.com'])
    expect(warn).not.toHaveBeenCalled()
    warn.mockRestore()
  })

  it("follows the shopper's consent answered after load (visitorConsentCollected): Meta then gets no shopper data", async () => {
    const { standIn, urls } = run()
    standIn.consent({ marketingAllowed: false })
    standIn.publish('checkout_completed', checkoutCompleted('U-2'))
    await vi.waitFor(() => expect(urls()).toHaveLength(2))
    const meta = new URL(urls().find((u) => u.includes('facebook'))!)
    expect([...meta.searchParams.keys()].filter((k) => k.startsWith('ud['))).toEqual([])
  })

  it('never throws into the sandbox: no settings, odd settings, an analytics object that throws, an event without a checkout', async () => {
    expect(() => startPixel(createStandIn(memoryTop().call), undefined)).not.toThrow()
    expect(() => startPixel(createStandIn(memoryTop().call), 'data-publisher-id')).not.toThrow()
    const throwing = () => { throw new Error('not in this sandbox') }
    expect(() => startPixel({ ...createStandIn(memoryTop().call), analytics: { subscribe: throwing }, customerPrivacy: { subscribe: throwing } }, SETTINGS)).not.toThrow()
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const { standIn, fetchSpy } = run()
    standIn.publish('checkout_completed', { data: {} })
    standIn.publish('checkout_completed', null)
    standIn.publish('checkout_completed', checkoutCompleted('U-3'))
    // Once the real sale is out, the two before it were decided.
    await vi.waitFor(() => expect(fetchSpy).toHaveBeenCalledTimes(2))
    expect(fetchSpy.mock.calls.every((c) => String(c[0]).includes('U-3') || String((c[1] as RequestInit).body).includes('U-3'))).toBe(true)
    expect(error).not.toHaveBeenCalled()
    error.mockRestore()
  })
})
