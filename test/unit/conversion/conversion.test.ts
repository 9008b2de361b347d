import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { optionsFromAttributes } from '../../../src/config'
import { createConversion } from '../../../src/conversion/conversion'
import { createLedger } from '../../../src/conversion/ledger'
import { createStorage } from '../../../src/identity/storage'
import { clearCookies } from '../support/cookies'
import { fakeCore, stubSaleNetwork } from '../support/fake-core'

const ORDER = { order_id: 'c-1', email: 'a@b.co', currency: 'BRL', items: [{ sku: 'S', quantity: 1, price: 10 }] }


const tag = (attrs: Record<string, string>) => {
  const s = document.createElement('script')
  for (const [k, v] of Object.entries(attrs)) s.setAttribute(k, v)
  return s
}

describe('conversion part (createConversion with a fake core)', () => {
  let posts: Array<{ url: string; body: string }>
  let pixels: string[]
  beforeEach(() => {
    localStorage.clear()
    sessionStorage.clear()
    clearCookies()
    ;({ posts, pixels } = stubSaleNetwork())
    vi.spyOn(console, 'info').mockImplementation(() => {})
    document.body.innerHTML = ''
  })
  afterEach(() => {
    vi.restoreAllMocks()
    vi.unstubAllGlobals()
  })

  it('a track with a bad pixel id from the tag: meta skipped, the reason names data-facebook-pixel-id', async () => {
    const { options, from } = optionsFromAttributes(tag({ 'data-publisher-id': 'pub-1', 'data-facebook-pixel-id': 'abc' }))
    expect(from.tracks).toBe('data-*')
    const { core, warn } = fakeCore(options, from)
    const part = createConversion(core)
    const r = await part.conversion(ORDER)
    expect(r.status).toBe('sent')
    expect(r.destinations.vtex).toEqual({ status: 'sent' })
    expect(r.destinations.meta).toEqual({ status: 'skipped', reason: `data-facebook-pixel-id="abc" must be the pixel's digits` })
    expect(pixels).toEqual([])
    expect(warn.mock.calls).toContainEqual(['track', `data-facebook-pixel-id="abc" must be the pixel's digits`])
  })

  it('the same track given by config: the reason names tracks[0].values.pixel_id', async () => {
    const { core } = fakeCore({ publisherId: 'pub-1', tracks: [{ type: 'facebook_ad', values: { pixel_id: 'abc' } }] })
    const r = await createConversion(core).conversion(ORDER)
    expect(r.destinations.meta).toEqual({ status: 'skipped', reason: `tracks[0].values.pixel_id="abc" must be the pixel's digits` })
  })

  it('warns about a bad track once per configuration, not once per sale', async () => {
    const { core, warn } = fakeCore({ publisherId: 'pub-1', tracks: [{ type: 'google_ad', values: { conversion_id: 'G-1', conversion_label: 'x' } }] })
    const part = createConversion(core)
    await part.conversion(ORDER)
    await part.conversion({ ...ORDER, order_id: 'c-2' })
    expect(warn.mock.calls.filter((c) => c[0] === 'track')).toHaveLength(1)
  })

  it('keeps this page\'s results, newest last, at most 10, with the time', async () => {
    const { core } = fakeCore({ publisherId: 'pub-1' })
    const part = createConversion(core)
    for (let i = 0; i < 12; i++) await part.conversion({ ...ORDER, order_id: `o-${i}` })
    expect(part.results).toHaveLength(10)
    expect(part.results.map((r) => r.order_id)).toEqual(Array.from({ length: 10 }, (_, i) => `o-${i + 2}`))
    expect(part.results[0]!.at).toMatch(/^\d{4}-\d\d-\d\dT/)
  })

  it('an invalid order: nothing sent, a warning naming the field and the value got', async () => {
    const { core, warn } = fakeCore({ publisherId: 'pub-1' })
    const r = await createConversion(core).conversion({ ...ORDER, items: [{ sku: 'S', quantity: 0, price: 1 }] })
    expect(r.status).toBe('invalid')
    expect(posts).toEqual([])
    expect(warn.mock.calls).toContainEqual(['order', 'conversion not sent: order.items[0].quantity must be > 0, got 0'])
    // personal data is never printed, only its type
    await createConversion(core).conversion({ ...ORDER, email: 'not-an-email' })
    expect(warn.mock.calls.at(-1)![1]).toMatch(/^conversion not sent: order\.email .*, got a string$/)
    expect(warn.mock.calls.flat().join()).not.toContain('not-an-email')
  })

  it('without a publisher id, VTEX is skipped with a warning (code "publisher")', async () => {
    const { core, warn } = fakeCore({})
    const r = await createConversion(core).conversion(ORDER)
    expect(r.destinations.vtex).toMatchObject({ status: 'skipped' })
    expect(warn.mock.calls.find((c) => c[0] === 'publisher')![1]).toContain('publisher id')
  })

  describe('an order without an e-mail (a GA4 purchase usually has none)', () => {
    const TRACKS = [{ type: 'facebook_ad', values: { pixel_id: '111' } }, { type: 'google_ad', values: { conversion_id: '123', conversion_label: 'abc' } }]
    const { email: _, ...NO_EMAIL } = ORDER
    const NO_EMAIL_REASON = 'order.email is missing, and VTEX Ads requires the hashed e-mail'

    it('goes to Meta and Google; VTEX Ads is skipped with a warning (code "no email") and not claimed, so the sale given later with its e-mail reaches it once', async () => {
      const { core, warn } = fakeCore({ publisherId: 'pub-1', tracks: TRACKS })
      const part = createConversion(core)
      const r = await part.conversion(NO_EMAIL)
      expect(r.status).toBe('sent')
      expect(r.destinations).toEqual({ vtex: { status: 'skipped', reason: NO_EMAIL_REASON }, meta: { status: 'sent' }, google: { status: 'sent' } })
      expect(posts).toEqual([])
      expect(pixels).toHaveLength(2)
      expect(warn.mock.calls).toContainEqual(['no email', 'vtex: ' + NO_EMAIL_REASON])
      const again = await part.conversion(ORDER)
      expect(again.destinations).toEqual({ vtex: { status: 'sent' }, meta: { status: 'duplicate', reason: 'order c-1 was already reported' }, google: { status: 'duplicate', reason: 'order c-1 was already reported' } })
      expect(posts).toHaveLength(1)
      expect(pixels).toHaveLength(2)
    })

    it('to VTEX Ads alone: invalid, nothing sent, the warning names the e-mail (VTEX would refuse it)', async () => {
      const { core, warn } = fakeCore({ publisherId: 'pub-1' })
      const r = await createConversion(core).conversion(NO_EMAIL)
      expect(r).toMatchObject({ status: 'invalid', errors: [expect.objectContaining({ keyword: 'required', params: { missingProperty: 'email' } })] })
      expect(posts).toEqual([])
      expect(warn.mock.calls).toContainEqual(['order', 'conversion not sent: order.email is missing'])
    })

    it('a malformed e-mail is still invalid, whatever the destinations', async () => {
      const { core } = fakeCore({ publisherId: 'pub-1', tracks: TRACKS })
      expect((await createConversion(core).conversion({ ...ORDER, email: 'not-an-email' })).status).toBe('invalid')
      expect(pixels).toEqual([])
    })
  })

  it('a phone that cannot be made international is left out with one warning that names the fix, never the number; the sale goes', async () => {
    const { core, warn } = fakeCore({ publisherId: 'pub-1' })
    const r = await createConversion(core).conversion({ ...ORDER, phone: '(11) 99999-9999' })
    expect(r.status).toBe('sent')
    expect(warn.mock.calls.filter((c) => c[0] === 'phone')).toEqual([['phone', 'order.phone is left out: no country code, and no data-default-country to give one']])
    expect(warn.mock.calls.flat().join()).not.toContain('99999')
    const withCountry = fakeCore({ publisherId: 'pub-1', defaultCountry: 'BR' })
    await createConversion(withCountry.core).conversion({ ...ORDER, order_id: 'c-2', phone: '(11) 99999-9999' })
    await createConversion(withCountry.core).conversion({ ...ORDER, order_id: 'c-3', phone: '+55 11 99999-9999' })
    expect(withCountry.warn.mock.calls.filter((c) => c[0] === 'phone')).toEqual([])
    await createConversion(withCountry.core).conversion({ ...ORDER, order_id: 'c-4', phone: '123' })
    expect(withCountry.warn.mock.calls.filter((c) => c[0] === 'phone')).toEqual([['phone', 'order.phone is left out: not 7-15 digits with its country code']])
  })

  it('reads each data-adbeacon-order block once; a block that is not JSON is warned about', async () => {
    const { core, warn } = fakeCore({ publisherId: 'pub-1' })
    const part = createConversion(core)
    document.body.innerHTML = `<script type="application/json" data-adbeacon-order>${JSON.stringify(ORDER)}</script><script type="application/json" data-adbeacon-order>{oops</script>`
    part.readOrders()
    part.readOrders()
    await vi.waitFor(() => expect(part.results).toHaveLength(1))
    expect(posts).toHaveLength(1)
    expect(document.querySelectorAll('[data-adbeacon-read]')).toHaveLength(2)
    expect(warn.mock.calls).toContainEqual(['order', 'the data-adbeacon-order block is not valid JSON: no conversion sent'])
  })

  it('without ad_user_data consent, Meta gets no hashed user data', async () => {
    const { core } = fakeCore({ publisherId: 'pub-1', tracks: [{ type: 'facebook_ad', values: { pixel_id: '111' } }] }, {}, { ad_user_data: 'denied' })
    const r = await createConversion(core).conversion(ORDER)
    expect(r.destinations.meta).toEqual({ status: 'sent' })
    expect(pixels).toHaveLength(1)
    expect(new URL(pixels[0]!).searchParams.has('ud[em]')).toBe(false)
    // granted (or unknown): the hashed e-mail goes
    const granted = fakeCore({ publisherId: 'pub-1', tracks: [{ type: 'facebook_ad', values: { pixel_id: '111' } }] })
    await createConversion(granted.core).conversion({ ...ORDER, order_id: 'c-9' })
    expect(new URL(pixels[1]!).searchParams.get('ud[em]')).toMatch(/^[0-9a-f]{64}$/)
  })

  describe('one claim across tabs (order-lock.ts)', () => {
    afterEach(() => {
      delete (navigator as unknown as { locks?: unknown }).locks
    })
    /** Web Locks as another tab holding the order's lock sees them, answered when `answer` resolves. */
    const locks = (granted: boolean, answer: Promise<void> = Promise.resolve()) =>
      Object.defineProperty(navigator, 'locks', { configurable: true, value: { request: (_: string, __: unknown, cb: (l: unknown) => unknown) => answer.then(() => cb(granted ? {} : null)) } })

    it('the order is being delivered by another tab (its lock is held): duplicate, nothing sent, and the claim left to that tab', async () => {
      locks(false)
      const { core } = fakeCore({ publisherId: 'pub-1' })
      const r = await createConversion(core).conversion(ORDER)
      expect(r.status).toBe('duplicate')
      expect(posts).toEqual([])
      // the other tab's claim (the same key) is not given back
      const again = fakeCore({ publisherId: 'pub-1' })
      expect((await createConversion(again.core).conversion(ORDER)).status).toBe('duplicate')
    })

    /**
     * This tab reports ORDER while the order's lock is granted only once `otherTab` has run: what
     * another tab that read the ledger at the same moment did meanwhile.
     */
    async function convertWhileOtherTabRuns(otherTab: () => void | Promise<void>) {
      let answer!: () => void
      locks(true, new Promise<void>((ok) => (answer = ok)))
      const { core } = fakeCore({ publisherId: 'pub-1' })
      const pending = createConversion(core).conversion(ORDER)
      await new Promise((ok) => setTimeout(ok, 0))
      await otherTab()
      answer()
      return pending
    }

    it('another tab confirmed the order before this one got the lock: duplicate, nothing sent', async () => {
      const result = await convertWhileOtherTabRuns(() => {
        // the other tab (which read the ledger at the same moment, and got the lock first) delivered it
        createLedger(createStorage(), () => 30 * 864e5).confirm('vtex:c-1')
      })
      expect(result.destinations.vtex!.status).toBe('duplicate')
      expect(posts).toEqual([])
    })

    it("another tab's lease (it claimed at the same moment, and met the lock taken) does not stop the tab with the lock: sent", async () => {
      const result = await convertWhileOtherTabRuns(async () => {
        // the other tab's claim, a moment after this one's: a lease that ends later than this tab's
        await new Promise((ok) => setTimeout(ok, 5))
        createStorage().set('sent', JSON.stringify({ 'vtex:c-1': Date.now() + 60_000 }), { maxAgeMs: 864e5, essential: true })
      })
      expect(result.destinations.vtex!.status).toBe('sent')
      expect(posts).toHaveLength(1)
    })

    it('the lock is asked the moment the claim is won, before the claim is written, and never by a tab that did not win it', async () => {
      const asked: Array<string | null> = []
      Object.defineProperty(navigator, 'locks', {
        configurable: true,
        value: { request: (name: string, _: unknown, cb: (l: unknown) => unknown) => (asked.push(name, localStorage.getItem('adb_sent')), Promise.resolve().then(() => cb({}))) },
      })
      const { core } = fakeCore({ publisherId: 'pub-1' })
      const conversion = createConversion(core).conversion
      expect((await conversion(ORDER)).status).toBe('sent')
      // asked once, while the ledger did not hold the claim yet: its answer is what the request waits for
      expect(asked).toEqual(['adbeacon:c-1', null])
      // the same order again: the ledger says reported, and no lock is asked (a tab without the
      // claim that took the lock would make the tab with it give the sale up)
      expect((await conversion(ORDER)).status).toBe('duplicate')
      expect(asked).toHaveLength(2)
      expect(posts).toHaveLength(1)
    })

    it('with the lock: sent', async () => {
      locks(true)
      const { core } = fakeCore({ publisherId: 'pub-1' })
      expect((await createConversion(core).conversion(ORDER)).status).toBe('sent')
      expect(posts).toHaveLength(1)
    })
  })
})
