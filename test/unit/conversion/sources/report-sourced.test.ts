import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { withSources } from '../../../../src/conversion/sources/with-sources'
import { clearCookies } from '../../support/cookies'
import { fakeCore, stubSaleNetwork } from '../../support/fake-core'
import { vtexGtmPushes, vtexOrderPlaced } from './fixtures'

const TRACKS = [{ type: 'facebook_ad', values: { pixel_id: '111' } }, { type: 'google_ad', values: { conversion_id: '123', conversion_label: 'abc' } }]

/** The conversion part with its sources, on a core that stands for the every-page script. */
function sourcedPart() {
  const { core, warn } = fakeCore({ publisherId: 'pub-1', tracks: TRACKS }, {}, {}, { sessionId: 'sess-1', userId: 'c-42' })
  return { part: withSources(core), warn }
}

describe('a sale the page publishes, reported once per platform across its sources', () => {
  let posts: Array<{ url: string; body: string }>
  let pixels: string[]
  beforeEach(() => {
    localStorage.clear()
    clearCookies()
    ;({ posts, pixels } = stubSaleNetwork())
    vi.spyOn(console, 'info').mockImplementation(() => {})
  })
  afterEach(() => {
    vi.restoreAllMocks()
    vi.unstubAllGlobals()
  })

  it("a GA4 push without an e-mail goes to Meta and Google; VTEX IO's message for the same sale, with the e-mail, then reaches VTEX Ads alone", async () => {
    const { part, warn } = sourcedPart()
    const { ga4 } = vtexGtmPushes()
    part.source!('datalayer', ga4)
    await vi.waitFor(() => expect(part.results).toHaveLength(1))
    expect(part.results[0]).toMatchObject({ status: 'sent', order_id: '1310750551387', destinations: { vtex: { status: 'skipped' }, meta: { status: 'sent' }, google: { status: 'sent' } } })
    expect(pixels).toHaveLength(2)
    expect(posts).toEqual([])
    expect(warn.mock.calls.map((c) => c[0])).toContain('no email')

    // The message's order_id is the first sub-order; the group (the GA4 push's id) is its alias.
    part.source!('vtex', vtexOrderPlaced())
    await vi.waitFor(() => expect(part.results).toHaveLength(2))
    expect(part.results[1]).toMatchObject({ order_id: '1310750551387-01', destinations: { vtex: { status: 'sent' }, meta: { status: 'duplicate' }, google: { status: 'duplicate' } } })
    expect(posts).toHaveLength(1)
    expect(JSON.parse(posts[0]!.body)).toMatchObject({ order_id: '1310750551387-01', email_hashed: expect.stringMatching(/^[0-9a-f]{64}$/) })
    expect(pixels).toHaveLength(2)

    // Every platform has it now, under either id: a push seen again (a reload) does nothing.
    part.source!('datalayer', ga4)
    part.source!('vtex', vtexOrderPlaced())
    await new Promise((r) => setTimeout(r, 20))
    expect(part.results).toHaveLength(2)
    expect(posts).toHaveLength(1)
    expect(pixels).toHaveLength(2)
  })

  it('the message first: every platform gets it once, and the GA4 push of the group then does nothing', async () => {
    const { part } = sourcedPart()
    part.source!('vtex', vtexOrderPlaced())
    await vi.waitFor(() => expect(part.results).toHaveLength(1))
    expect(part.results[0]).toMatchObject({ status: 'sent', destinations: { vtex: { status: 'sent' }, meta: { status: 'sent' }, google: { status: 'sent' } } })
    part.source!('datalayer', vtexGtmPushes().ga4)
    await new Promise((r) => setTimeout(r, 20))
    expect(part.results).toHaveLength(1)
    expect(posts).toHaveLength(1)
    expect(pixels).toHaveLength(2)
  })
})
