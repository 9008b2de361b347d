import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createTracker } from '../../../src/entries/esm'
import { createHash } from 'node:crypto'
import { clearCookies } from '../support/cookies'

const sha = (s: string) => createHash('sha256').update(s).digest('hex')
const ORDER = {
  order_id: 'o-1',
  email: '  Ana.Silva@Example.COM ',
  phone: '(11) 99999-9999',
  social_id: '123.456.789-09',
  first_name: 'Ana',
  last_name: 'Silva',
  items: [{ sku: 'A1', quantity: 2, price: 100, promotional_price: 80 }],
}

interface Sale { url: string; body: Record<string, unknown> }

/** A sale leaves by fetch (transport.ts): POSTs (VTEX, answered 202) recorded with their JSON body; GETs are the pixels (opaque). */
function captureSales() {
  const sent: Sale[] = []
  const pixels: string[] = []
  vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
    if (init?.method !== 'POST') return (pixels.push(url), { type: 'opaque', ok: false, status: 0 })
    sent.push({ url, body: JSON.parse(init.body as string) })
    return new Response('{}', { status: 202 })
  }))
  return { sent, pixels, settle: () => Promise.resolve() }
}

describe('tracker: conversion to VTEX Ads', () => {
  beforeEach(() => {
    localStorage.clear()
    clearCookies()
  })
  afterEach(() => {
    vi.restoreAllMocks()
    vi.unstubAllGlobals()
  })

  it('sends one request with hashed identifiers and the persistent session id; no raw PII anywhere', async () => {
    const { sent, settle } = captureSales()
    const t = createTracker({ publisherId: 'pub-1', defaultCountry: 'BR' })
    const sid = t.debugState().sessionId
    const r = await t.conversion(ORDER)
    await settle()
    expect(r).toMatchObject({ status: 'sent', order_id: 'o-1', destinations: { vtex: { status: 'sent' } } })
    expect(sent).toHaveLength(1)
    const { url, body } = sent[0]!
    expect(url).toBe('https://events.newtail-media.newtail.com.br/v1/beacon/conversion')
    expect(body).toMatchObject({
      channel: 'ecommerce',
      publisher_id: 'pub-1',
      session_id: sid,
      order_id: 'o-1',
      email_hashed: sha('ana.silva@example.com'),
      items: [{ sku: 'A1', quantity: 2, price: 100, promotional_price: 80 }],
    })
    // never identified: user_id is the hashed e-mail, not the raw one
    expect(body.user_id).toBe(sha('ana.silva@example.com'))
    expect(body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    const wire = JSON.stringify(body)
    for (const raw of ['Ana.Silva', 'ana.silva@', '99999', '123.456', '12345678909', '"Ana"', 'Silva"']) expect(wire).not.toContain(raw)
    const stored = JSON.stringify({ ...localStorage })
    for (const raw of ['ana.silva@', '99999-9999', '123.456']) expect(stored).not.toContain(raw)
  })

  it('on a prerendered page, starts when the page is activated: calls made before wait, and the sale goes then', async () => {
    // https://wicg.github.io/nav-speculation/prerendering.html#document-prerendering (Chromium
    // turns prerendering off under DevTools, so this is tested here rather than in Chromium)
    let prerendering = true
    Object.defineProperty(document, 'prerendering', { configurable: true, get: () => prerendering })
    try {
      const { sent, settle } = captureSales()
      const setItem = vi.spyOn(Storage.prototype, 'setItem')
      const t = createTracker({ publisherId: 'pub-1' })
      t.identify('cust-pr')
      let result: unknown
      void t.conversion(ORDER).then((r) => (result = r))
      await new Promise((ok) => setTimeout(ok, 50))
      expect(setItem).not.toHaveBeenCalled()
      expect(document.cookie).not.toMatch(/adb_/)
      expect(sent).toEqual([])
      expect(result).toBeUndefined()
      prerendering = false
      document.dispatchEvent(new Event('prerenderingchange'))
      await vi.waitFor(() => expect(result).toMatchObject({ status: 'sent', order_id: 'o-1' }))
      await settle()
      expect(sent).toHaveLength(1)
      expect(sent[0]!.body).toMatchObject({ order_id: 'o-1', user_id: 'cust-pr' })
    } finally {
      delete (document as { prerendering?: boolean }).prerendering
    }
  })

  it('debugState lists this page\'s conversion results with their reasons', async () => {
    captureSales()
    const t = createTracker({ publisherId: 'pub-1' })
    await t.conversion(ORDER)
    await t.conversion(ORDER)
    await t.conversion({ order_id: 'bad' })
    const list = t.debugState().conversions
    expect(list.map((r) => r.status)).toEqual(['sent', 'duplicate', 'invalid'])
    expect(list[1]!.destinations.vtex!.reason).toContain('already reported')
    expect(list[2]!.errors!.length).toBeGreaterThan(0)
  })

  it('uses the identified customer id as user_id', async () => {
    const { sent, settle } = captureSales()
    const t = createTracker({ publisherId: 'pub-1' })
    t.identify('customer-42')
    await t.conversion(ORDER)
    await settle()
    expect(sent[0]!.body.user_id).toBe('customer-42')
  })

  it('reports an order once: a reload (new tracker) or a second call gives duplicate', async () => {
    const { sent, settle } = captureSales()
    const a = createTracker({ publisherId: 'pub-1' })
    const [r1, r2] = await Promise.all([a.conversion(ORDER), a.conversion(ORDER)])
    const r3 = await createTracker({ publisherId: 'pub-1' }).conversion(ORDER)
    await settle()
    expect([r1.status, r2.status, r3.status]).toEqual(['sent', 'duplicate', 'duplicate'])
    expect(sent).toHaveLength(1)
    expect((await a.conversion({ ...ORDER, order_id: 'o-2' })).status).toBe('sent')
  })

  it('an invalid order sends nothing and returns the errors; the console names the field', async () => {
    const { sent } = captureSales()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const r = await createTracker({ publisherId: 'pub-1' }).conversion({ order_id: 'x', email: 'a@b.co', items: [{ sku: 'A', quantity: 0, price: 1 }] })
    expect(r.status).toBe('invalid')
    expect(r.errors).toEqual([{ instancePath: '/items/0/quantity', keyword: 'exclusiveMinimum', message: 'must be > 0', params: { comparison: '>', limit: 0 } }])
    expect(sent).toHaveLength(0)
    expect(String(warn.mock.calls[0])).toContain('order.items[0].quantity must be > 0, got 0')
    // the rejected order was not claimed: once fixed it is sent
    expect((await createTracker({ publisherId: 'pub-1' }).conversion({ order_id: 'x', email: 'a@b.co', items: [{ sku: 'A', quantity: 1, price: 1 }] })).status).toBe('sent')
  })

  it('never throws into the page, whatever it is given', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const t = createTracker({ publisherId: 'pub-1' })
    const weird: unknown[] = [undefined, null, 42, 'x', [], { items: 'no' }, Object.create(null), new Proxy({}, { get() { throw new Error('boom') } })]
    for (const w of weird) {
      expect(() => t.identify(w as string)).not.toThrow()
      expect(() => t.config(w as object)).not.toThrow()
      expect(() => t.consent(w as object)).not.toThrow()
      await expect(t.conversion(w)).resolves.toMatchObject({ status: expect.any(String) })
    }
  })

  it('skips VTEX with a warning when no publisher id is configured', async () => {
    const { sent } = captureSales()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const r = await createTracker().conversion(ORDER)
    expect(r.destinations.vtex).toMatchObject({ status: 'skipped' })
    expect(sent).toHaveLength(0)
    expect(String(warn.mock.calls.at(-1))).toContain('publisher id')
  })

  it('still sends when localStorage and cookies throw', async () => {
    vi.spyOn(window, 'localStorage', 'get').mockImplementation(() => { throw new DOMException('blocked', 'SecurityError') })
    const blocked = () => { throw new DOMException('blocked', 'SecurityError') }
    Object.defineProperty(document, 'cookie', { configurable: true, get: blocked, set: blocked })
    try {
      const { sent, settle } = captureSales()
      const t = createTracker({ publisherId: 'pub-1' })
      const r = await t.conversion(ORDER)
      await settle()
      expect(r.status).toBe('sent')
      expect(sent[0]!.body.session_id).toBe(t.debugState().sessionId)
      expect((await t.conversion(ORDER)).status).toBe('duplicate')
    } finally {
      delete (document as unknown as { cookie?: string }).cookie
    }
  })

  it('keeps the sale for the next page view when nothing can send now', async () => {
    Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: () => false })
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('offline') }))
    const r = await createTracker({ publisherId: 'pub-1' }).conversion(ORDER)
    expect(r.status).toBe('queued')
    const outbox = JSON.parse(JSON.parse(localStorage.getItem('adb_outbox')!).v)
    expect(outbox).toHaveLength(1)
    expect(outbox[0].req.body).not.toContain('Ana')
    // next page view, network back, after the first backoff (2 s)
    vi.unstubAllGlobals()
    const { sent, settle } = captureSales()
    vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 3000)
    createTracker({ publisherId: 'pub-1' })
    await new Promise((ok) => setTimeout(ok, 0))
    await settle()
    expect(sent).toHaveLength(1)
    expect(sent[0]!.body.order_id).toBe('o-1')
  })

  it('consent denied from the start (option): no id is written to localStorage or cookies', () => {
    const t = createTracker({ publisherId: 'pub-1', consent: 'denied' })
    t.identify('c-1')
    expect(Object.keys(localStorage).filter((k) => k !== 'adb_sent')).toEqual([])
    expect(document.cookie).not.toContain('adb_')
    expect(t.debugState().userId).toBe('c-1')
    expect(t.debugState().sessionId).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('consent denied later removes the stored ids (cookies too) and keeps using them in memory', () => {
    const t = createTracker({ publisherId: 'pub-1' })
    t.identify('c-0')
    const sid = t.debugState().sessionId
    expect(document.cookie).toContain('adb_sid')
    t.consent({ ad_storage: 'denied' })
    expect(localStorage.getItem('adb_sid')).toBeNull()
    expect(localStorage.getItem('adb_uid')).toBeNull()
    expect(document.cookie).not.toMatch(/adb_sid=[^;]/) // happy-dom lists deleted cookies as "name="
    t.identify('c-1')
    expect(localStorage.getItem('adb_uid')).toBeNull()
    expect(t.debugState()).toMatchObject({ sessionId: sid, userId: 'c-1' })
  })

  it('consent denied later also removes the stored landing context (touches too)', () => {
    history.replaceState(null, '', '/?gclid=Cj0KCQiA-test&utm_source=news')
    try {
      const t = createTracker({ publisherId: 'pub-1' })
      expect(Object.keys(localStorage).some((k) => k.startsWith('adb_landing'))).toBe(true)
      t.consent('denied')
      expect(Object.keys(localStorage).filter((k) => k.startsWith('adb_landing'))).toEqual([])
      expect(t.debugState().landing.touches[0]!.params.gclid).toBe('Cj0KCQiA-test')
    } finally {
      history.replaceState(null, '', '/')
    }
  })

  it('warns about consent values it does not understand', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const t = createTracker({ publisherId: 'pub-1' })
    t.consent({ ad_storage: 'DENIED' } as never)
    t.consent(false as never)
    expect(warn).toHaveBeenCalledTimes(2)
    expect(t.debugState().consent).toEqual({})
  })

  it('a sale whose page died while hashing is not lost for 30 days: the claim lapses', async () => {
    // Web Crypto never answers: the tab is closed between the claim and the send.
    const digest = vi.spyOn(crypto.subtle, 'digest').mockImplementation(() => new Promise(() => {}))
    const { sent, settle } = captureSales()
    void createTracker({ publisherId: 'pub-1' }).conversion(ORDER)
    await new Promise((ok) => setTimeout(ok, 0))
    expect(sent).toHaveLength(0)
    // a second tab right away sees the claim
    expect((await Promise.race([createTracker({ publisherId: 'pub-1' }).conversion(ORDER), new Promise((ok) => setTimeout(() => ok({ status: 'pending' }), 20))]) as { status: string }).status).toBe('duplicate')
    digest.mockRestore()
    // the shopper comes back to the confirmation page two minutes later
    const later = Date.now() + 120_000
    vi.spyOn(Date, 'now').mockReturnValue(later)
    const r = await createTracker({ publisherId: 'pub-1' }).conversion(ORDER)
    await settle()
    expect(r.status).toBe('sent')
    expect(sent).toHaveLength(1)
  })

  it('reset() forgets the shopper but keeps sales waiting in the outbox', async () => {
    Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: () => false })
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('offline') }))
    const t = createTracker({ publisherId: 'pub-1' })
    t.identify('c-1')
    const sid = t.debugState().sessionId
    expect((await t.conversion(ORDER)).status).toBe('queued')
    t.reset()
    expect(t.debugState().outbox).toBe(1)
    expect(t.debugState().userId).toBeUndefined()
    expect(t.debugState().sessionId).not.toBe(sid)
  })

  it('createTracker itself never throws, whatever the options', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    vi.spyOn(console, 'error').mockImplementation(() => {})
    for (const opts of [{ constructor: 1 }, { toString: 'x', publisherId: 'kept' }, new Proxy({}, { ownKeys() { throw new Error('boom') } })]) {
      expect(() => createTracker(opts as never)).not.toThrow()
    }
    expect(createTracker({ toString: 'x', publisherId: 'kept' } as never).debugState().config.publisherId).toBe('kept')
  })

  it('status is failed when one platform could not be sent, and that platform stays unclaimed', async () => {
    const { sent, pixels, settle } = captureSales()
    vi.spyOn(console, 'error').mockImplementation(() => {})
    // Web Crypto fails: VTEX cannot be sent without email_hashed; Meta goes without user data
    const digest = vi.spyOn(crypto.subtle, 'digest').mockRejectedValue(new Error('not allowed'))
    const opts = { publisherId: 'pub-1', currency: 'BRL', tracks: [{ type: 'facebook_ad', values: { pixel_id: '111' } }] }
    const r = await createTracker(opts).conversion(ORDER)
    expect(r.status).toBe('failed')
    expect(r.destinations).toMatchObject({ vtex: { status: 'failed' }, meta: { status: 'sent' } })
    expect(pixels).toHaveLength(1)
    digest.mockRestore()
    const again = await createTracker(opts).conversion(ORDER)
    await settle()
    expect(again.destinations).toMatchObject({ vtex: { status: 'sent' }, meta: { status: 'duplicate' } })
    expect(sent).toHaveLength(1)
  })

  it('keeps a defaultCountry given as a country or a calling code (the unknown-country warning: config-checks.test.ts)', () => {
    expect(createTracker({ defaultCountry: '39' }).debugState().config.defaultCountry).toBe('39')
    // kept as given; the phone rules read it case-insensitively (hash.test.ts)
    expect(createTracker({ defaultCountry: 'br' }).debugState().config.defaultCountry).toBe('br')
  })

  it('warns about unknown and malformed options and keeps the rest', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const t = createTracker({ publisherId: 'p', conversionUrl: 'http://evil.example/x', sessionDays: -1, colour: 'red' } as never)
    const cfg = t.debugState().config
    expect(cfg.publisherId).toBe('p')
    // refused: unset, so the conversion part uses the documented endpoint (conversion/endpoints.ts)
    expect(cfg.conversionUrl).toBeUndefined()
    expect(cfg.sessionDays).toBe(365)
    // a code, the option, the value got
    expect(warn.mock.calls).toEqual(expect.arrayContaining([
      ['[adbeacon]', 'invalid:', 'conversionUrl', 'http://evil.example/x'],
      ['[adbeacon]', 'invalid:', 'sessionDays', -1],
      ['[adbeacon]', 'unknown option:', 'colour'],
    ]))
  })

  it('goes to the documented VTEX endpoint when conversionUrl is refused', async () => {
    const { sent, settle } = captureSales()
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    await createTracker({ publisherId: 'p', conversionUrl: 'http://evil.example/x' }).conversion(ORDER)
    await settle()
    expect(sent.map((b) => b.url)).toEqual(['https://events.newtail-media.newtail.com.br/v1/beacon/conversion'])
  })
})

describe('tracker: ad events', () => {
  beforeEach(() => {
    localStorage.clear()
    clearCookies()
  })
  afterEach(() => {
    vi.restoreAllMocks()
    vi.unstubAllGlobals()
  })
  const URL_ = (kind: string, id: string) => `https://events.newtail-media.newtail.com.br/v1/beacon/${kind}/${id}?publisher_id=p&event_id=e-${id}&sign=abc`
  const ad = (id: string) => ({ ad_id: id, impression_url: URL_('impression', id), view_url: URL_('view', id), click_url: URL_('click', id) })

  /** Ad events leave by keepalive fetch (impression, view) or sendBeacon (a click): both recorded, in order. */
  function captureAdBeacons() {
    const sent: Array<{ url: string; body: Record<string, string>; form: boolean; by: 'fetch' | 'beacon' }> = []
    const record = (by: 'fetch' | 'beacon', url: string, body: unknown) => sent.push({ url, body: Object.fromEntries(body as URLSearchParams), form: body instanceof URLSearchParams, by })
    Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: vi.fn((url: string, body: unknown) => (record('beacon', url, body), true)) })
    vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit) => (record('fetch', url, init.body), { type: 'opaque', ok: false, status: 0 })))
    return sent
  }

  it('sends the ad-supplied URL exactly, with session_id and user_id as a form body (no preflight), read at send time', () => {
    const sent = captureAdBeacons()
    const t = createTracker({ autoBind: false })
    const sid = t.debugState().sessionId
    t.ads({ top: [ad('p1'), ad('p2')] })
    t.impression('p1')
    t.identify('cust-42')
    t.click('p2')
    expect(sent).toEqual([
      { url: URL_('impression', 'p1'), body: { session_id: sid }, form: true, by: 'fetch' },
      { url: URL_('click', 'p2'), body: { session_id: sid, user_id: 'cust-42' }, form: true, by: 'beacon' },
    ])
    expect(t.debugState().ads).toEqual({ ads: 2, sent: [`impression ${URL_('impression', 'p1')}`, `click ${URL_('click', 'p2')}`] })
  })

  it('a click goes by sendBeacon at once; an impression by keepalive fetch', () => {
    const sent = captureAdBeacons()
    const t = createTracker({ autoBind: false })
    t.impression(ad('a'))
    t.click(ad('a'))
    expect(sent.map((b) => [b.by, b.url])).toEqual([['fetch', URL_('impression', 'a')], ['beacon', URL_('click', 'a')]])
    const init = vi.mocked(fetch).mock.calls[0]![1]!
    expect(init).toMatchObject({ method: 'POST', keepalive: true, mode: 'no-cors', credentials: 'include' })
  })

  it('every ad event carries a session_id, even with storage consent denied', () => {
    const sent = captureAdBeacons()
    const t = createTracker({ autoBind: false, consent: 'denied' })
    t.click(ad('x'))
    expect(sent[0]!.body.session_id).toMatch(/^[0-9a-f-]{36}$/)
    expect(localStorage.getItem('adb_sid')).toBeNull()
  })

  it('with autoBind off, binds nothing automatically (manual calls still work)', () => {
    const IO = vi.fn()
    vi.stubGlobal('IntersectionObserver', IO)
    document.body.innerHTML = `<a id="a" data-ad-click-url="${URL_('click', 'z')}" href="#">ad</a>`
    const sent = captureAdBeacons()
    const t = createTracker({ autoBind: false })
    expect(IO).not.toHaveBeenCalled()
    t.click(document.getElementById('a'))
    expect(sent.map((b) => b.url)).toEqual([URL_('click', 'z')])
    document.body.innerHTML = ''
  })
})
