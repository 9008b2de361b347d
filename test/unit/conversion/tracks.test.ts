import { describe, expect, it, vi } from 'vitest'
import { DEFAULTS } from '../../../src/config'
import type { ConversionContext, ValidOrder } from '../../../src/conversion/destinations/destination'
import type { Logger } from '../../../src/log'
import { decideAdPlatform, parseTracks } from '../../../src/conversion/tracks'
import type { Track } from '../../../src/types'

const logger = () => {
  const warnings: string[] = []
  const log: Logger = { debug: () => {}, warn: (...a: unknown[]) => { warnings.push(a.join(' ')) }, error: () => {}, on: false }
  return { log, warnings }
}

describe('parseTracks (Mercado Pago preference shape)', () => {
  it('reads one facebook_ad and one google_ad; AW- is optional and stripped', () => {
    const { log, warnings } = logger()
    const tracks: Track[] = [
      { type: 'facebook_ad', values: { pixel_id: '1234567890123456' } },
      { type: 'google_ad', values: { conversion_id: 'AW-987654321', conversion_label: 'AbC-D_efG' } },
    ]
    expect(parseTracks(tracks, log)).toEqual({ meta: { pixelId: '1234567890123456' }, google: { conversionId: '987654321', conversionLabel: 'AbC-D_efG' }, problems: {} })
    expect(warnings).toEqual([])
    expect(parseTracks([{ type: 'google_ad', values: { conversion_id: '987654321', conversion_label: 'x' } }], log).google).toEqual({ conversionId: '987654321', conversionLabel: 'x' })
    // numbers, as some third-party types declare them, and a lowercase prefix
    expect(parseTracks([{ type: 'google_ad', values: { conversion_id: 987654321 as unknown as string, conversion_label: 'x' } }], log).google?.conversionId).toBe('987654321')
    expect(parseTracks([{ type: 'google_ad', values: { conversion_id: ' aw-55 ', conversion_label: ' x ' } }], log).google).toEqual({ conversionId: '55', conversionLabel: 'x' })
    expect(parseTracks([{ type: 'facebook_ad', values: { pixel_id: 42 as unknown as string } }], log).meta).toEqual({ pixelId: '42' })
    expect(warnings).toEqual([])
  })

  it('one pixel and one Google tag: the first is used, the others are named in a warning', () => {
    const { log, warnings } = logger()
    const r = parseTracks([
      { type: 'facebook_ad', values: { pixel_id: '111' } },
      { type: 'facebook_ad', values: { pixel_id: '222' } },
      { type: 'google_ad', values: { conversion_id: 'AW-1', conversion_label: 'a' } },
      { type: 'google_ad', values: { conversion_id: 'AW-2', conversion_label: 'b' } },
    ], log)
    expect(r).toEqual({ meta: { pixelId: '111' }, google: { conversionId: '1', conversionLabel: 'a' }, problems: {} })
    expect(warnings).toHaveLength(2)
    expect(warnings[0]).toMatch(/^track tracks\[1\]: one facebook_ad track is used, pixel 222 is ignored/)
    expect(warnings[1]).toMatch(/^track tracks\[3\]: .*one google_ad track.*AW-2 is ignored/)
  })

  it('refuses malformed values with a warning that names the field', () => {
    const { log, warnings } = logger()
    const r = parseTracks([
      { type: 'facebook_ad', values: { pixel_id: 'PIXEL_ID' } },
      { type: 'google_ad', values: { conversion_id: 'G-ABC123', conversion_label: 'x' } },
      { type: 'google_ad', values: { conversion_id: 'AW-1' } },
      { type: 'google_ad', values: { conversion_id: 'AW-1', conversion_label: 'a/b' } },
      { type: 'tiktok_ad', values: {} },
      null as unknown as Track,
    ], log)
    // No platform is usable; the first problem of each is kept for the conversion result.
    expect(r).toEqual({
      problems: {
        meta: `tracks[0].values.pixel_id="PIXEL_ID" must be the pixel's digits`,
        google: 'tracks[1].values.conversion_id="G-ABC123" must be "AW-" and digits, e.g. "AW-123456789"',
      },
    })
    expect(warnings[0]).toMatch(/^track tracks\[0\]\.values\.pixel_id="PIXEL_ID" must be the pixel's digits/)
    expect(warnings[1]).toMatch(/^track tracks\[1\]\.values\.conversion_id="G-ABC123" must be/)
    expect(warnings[2]).toMatch(/^track tracks\[2\]\.values\.conversion_label="" must be the conversion label/)
    expect(warnings[3]).toMatch(/^track tracks\[3\]\.values\.conversion_label="a\/b"/)
    expect(warnings[4]).toMatch(/^track tracks\[4\]\.type "tiktok_ad" is unknown/)
    expect(warnings[5]).toMatch(/^track tracks\[5\]\.type .* is unknown/)
  })

  it("hints at Mercado Pago's C# doc bug (type facebook_ad on a Google track)", () => {
    const { log, warnings } = logger()
    parseTracks([{ type: 'facebook_ad', values: { conversion_id: 'AW-1', conversion_label: 'x' } }], log)
    expect(warnings[0]).toMatch(/is this a google_ad track\?/)
  })

  it('names the data attribute when the tracks came from the script tag, and shows the value', () => {
    const { log, warnings } = logger()
    const r = parseTracks([
      { type: 'facebook_ad', values: { pixel_id: 'abc' } },
      { type: 'google_ad', values: { conversion_id: 'AW-1', conversion_label: 'a b' } },
    ], log, true)
    expect(r.problems).toEqual({
      meta: `data-facebook-pixel-id="abc" must be the pixel's digits`,
      google: 'data-google-conversion-label="a b" must be the conversion label, e.g. "AbC-D_efG"',
    })
    expect(warnings).toEqual([`track ${r.problems.meta}`, `track ${r.problems.google}`])
    const id = parseTracks([{ type: 'google_ad', values: { conversion_id: 'G-1', conversion_label: 'x' } }], log, true)
    expect(id.problems.google).toMatch(/^data-google-conversion-id="G-1" must be/)
  })

  it('a later valid track is used when the first is malformed', () => {
    const { log } = logger()
    const r = parseTracks([{ type: 'facebook_ad', values: { pixel_id: '' } }, { type: 'facebook_ad', values: { pixel_id: '7' } }], log)
    expect(r.meta).toEqual({ pixelId: '7' })
    // the platform works after all: no problem left for it
    expect(r.problems).toEqual({})
    expect(parseTracks(undefined as unknown as Track[], log)).toEqual({ problems: {} })
  })
})

describe('decideAdPlatform', () => {
  const order = { order_id: 'o-1', items: [], created_at: '', value: 10, currency: 'BRL', email: 'a@b.c' } as ValidOrder
  const ctx = (payment: ConversionContext['payment'], log = logger().log) =>
    ({ config: DEFAULTS, log, sessionId: 's', userId: undefined, landing: { touches: [] }, payment, send: vi.fn() }) as ConversionContext

  it('reports without a Mercado Pago return, and after an instant approval', () => {
    expect(decideAdPlatform(order, ctx(null), 'Meta')).toEqual({ report: true })
    expect(decideAdPlatform(order, ctx({ status: 'approved', payment_type: 'credit_card' }), 'Meta')).toEqual({ report: true })
  })
  it('holds anything else, with the reason', () => {
    expect(decideAdPlatform(order, ctx({ status: 'pending', payment_type: 'ticket' }), 'Meta')).toEqual({ report: false, status: 'held', reason: 'payment pending: not reported' })
  })
  it('skips with a warning when no currency is known', () => {
    const { log, warnings } = logger()
    const d = decideAdPlatform({ ...order, currency: undefined }, ctx(null, log), 'Google Ads')
    expect(d).toMatchObject({ report: false, status: 'skipped' })
    expect(warnings[0]).toMatch(/Google Ads conversion not sent for order o-1: no currency/)
    expect(d).toMatchObject({ reason: 'no currency: give order.currency or data-currency' })
  })
})
