import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { captureLanding, landingParams, COOKIE_BUDGET, LANDING_KEY, MAX_TOUCHES, TOUCHES_KEY } from '../../../src/landing/landing'
import { readLanding } from '../../../src/landing/touches'
import { applyOptions, DEFAULTS, type ResolvedConfig } from '../../../src/config'
import { createLogger, type Logger } from '../../../src/log'
import { createStorage, readCookie, type SafeStorage } from '../../../src/identity/storage'
import { DAY_MS } from '../../../src/util'
import { clearCookies } from '../support/cookies'

const T0 = Date.UTC(2026, 0, 10, 12, 0, 0)
const FBCLID = 'IwAR2F4-dbP0l7Mn1IawQQGCINEz7PYXQvwjNwB_qa2ofrHyiLjcbCRxTDMs'
const GCLID = 'Cj0KCQiA4L67BhDUARIsADWrl7F_Xx-yZ'

function setup(options: Record<string, unknown> = {}) {
  const log = createLogger(false)
  const warn = vi.spyOn(log, 'warn').mockImplementation(() => {})
  const config = applyOptions(DEFAULTS, options, log)
  const storage = createStorage({ cookieDomain: () => config.cookieDomain })
  return { log, warn, config, storage }
}

/**
 * One page view's landing step, then what the conversion part would read: captureLanding returns
 * nothing now (the every-page script only writes; landing/touches.ts reads).
 */
function capture(storage: SafeStorage, config: ResolvedConfig, log: Logger, href: string) {
  captureLanding(storage, config, log, href)
  return readLanding(storage, config)
}

/** A cookie that is set: happy-dom lists a deleted one as "name=" where a browser drops it. */
const cookie = (name: string) => readCookie(name) || undefined

describe('landing parameters', () => {
  it('reads VTEX offsite, Google and Meta click ids and utm_*, nothing else', () => {
    const p = landingParams(
      `https://shop.example.com/p?naid=6d2d8837-bf5a-4ba4&ncid=c-9&gadv_id=G1&gclid=${GCLID}&gbraid=0AAAAA-Bc&wbraid=Wb_1&fbclid=${FBCLID}&utm_source=newsletter&utm_campaign=ver%C3%A3o+2026&q=shoes&session=abc`,
    )
    expect(p).toEqual({
      naid: '6d2d8837-bf5a-4ba4',
      ncid: 'c-9',
      gadv_id: 'G1',
      gclid: GCLID,
      gbraid: '0AAAAA-Bc',
      wbraid: 'Wb_1',
      fbclid: FBCLID,
      utm_source: 'newsletter',
      utm_campaign: 'verão 2026',
    })
  })

  it('keeps click ids exactly as written: case-sensitive, never decoded', () => {
    expect(landingParams('https://s.example/?fbclid=AbC_dEf-GhI').fbclid).toBe('AbC_dEf-GhI')
    expect(landingParams('https://s.example/?gbraid=0AAAAAoKxYZ').gbraid).toBe('0AAAAAoKxYZ')
    // A percent-encoded token is not what the platform issued: refused, not "repaired".
    const { log, warn } = setup()
    expect(landingParams('https://s.example/?fbclid=Ab%43d', log)).toEqual({})
    expect(warn.mock.calls[0]).toEqual(['refused landing parameter', 'fbclid (not a click id)'])
  })

  it('refuses over-long values and unsafe characters with a warning that names the parameter', () => {
    const { log, warn } = setup()
    const long = 'a'.repeat(501)
    const p = landingParams(`https://s.example/?gclid=${long}&naid=<script>&utm_source=%3Cimg%3E&utm_medium=cpc&utm_term=${'b'.repeat(500)}&utm_content=${'c'.repeat(501)}`, log)
    expect(p).toEqual({ utm_medium: 'cpc', utm_term: 'b'.repeat(500) })
    // code, then the parameter and why (the long explanation lives in the debug build)
    expect(warn.mock.calls.every((c) => c[0] === 'refused landing parameter')).toBe(true)
    const said = warn.mock.calls.map((c) => String(c[1]))
    expect(said).toEqual(expect.arrayContaining(['gclid (too long)', 'naid (not a click id)', 'utm_source (markup characters)', 'utm_content (too long)']))
    expect(said).toHaveLength(4)
  })

  it('takes the first occurrence and reads hash-router queries', () => {
    expect(landingParams('https://s.example/?gclid=A1&gclid=B2').gclid).toBe('A1')
    expect(landingParams('https://s.example/#/search?gclid=H1&utm_source=x')).toEqual({ gclid: 'H1', utm_source: 'x' })
    expect(landingParams('https://s.example/?gclid=Q1#/s?gclid=H1').gclid).toBe('Q1')
    expect(landingParams('not a url')).toEqual({})
  })

  it('keeps only the standard utm keys; made-up ones are ignored', () => {
    const all = 'utm_source=a&utm_medium=b&utm_campaign=c&utm_term=d&utm_content=e&utm_id=f'
    const many = Array.from({ length: 15 }, (_, i) => `utm_k${i}=v`).join('&')
    expect(landingParams(`https://s.example/?${many}&${all}&UTM_SOURCE=x&utm_Medium=y&utm_email=ana@x.com`)).toEqual({
      utm_source: 'a',
      utm_medium: 'b',
      utm_campaign: 'c',
      utm_term: 'd',
      utm_content: 'e',
      utm_id: 'f',
    })
  })

  it('refuses utm values that carry an e-mail or a customer number, and does not repeat them in the warning', () => {
    const { log, warn } = setup()
    const p = landingParams(
      'https://s.example/?utm_source=newsletter&utm_term=ana.silva%40mail.com&utm_content=cliente+12345678&utm_id=98765432100&utm_campaign=promo-2026-11&utm_medium=a@b',
      log,
    )
    expect(p).toEqual({ utm_source: 'newsletter', utm_campaign: 'promo-2026-11' })
    const said = warn.mock.calls.map((c) => c.map(String).join(' '))
    for (const name of ['utm_term', 'utm_content', 'utm_id', 'utm_medium']) expect(said).toContain(`refused landing parameter ${name} (looks like personal data)`)
    expect(said.join(' ')).not.toMatch(/ana\.silva|12345678|98765432100/)
  })
})

describe('landing context in storage', () => {
  beforeEach(() => {
    localStorage.clear()
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(T0)
    clearCookies()
    // and those written with cookieDomain, which a host-only deletion does not reach
    for (const name of ['adb_landing', 'adb_landing_touches']) document.cookie = `${name}=; path=/; domain=.example.com; expires=Thu, 01 Jan 1970 00:00:00 GMT`
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.restoreAllMocks()
  })

  it('stores a touch with its time and the fbc value, and reads it back on a later page', () => {
    const { log, config, storage } = setup()
    const ctx = capture(storage, config, log, `https://shop.example.com/?fbclid=${FBCLID}&utm_source=fb`)
    expect(ctx).toEqual({ touches: [{ at: T0, params: { fbclid: FBCLID, utm_source: 'fb' } }], fbc: `fb.1.${T0}.${FBCLID}` })
    vi.setSystemTime(T0 + 60_000)
    // next page, new storage object: from localStorage
    expect(readLanding(createStorage(), config)).toEqual(ctx)
    // a page without parameters leaves it alone
    expect(capture(createStorage(), config, log, 'https://shop.example.com/cart')).toEqual(ctx)
    // localStorage only: without cookieDomain there is no cookie riding along on every request
    expect(document.cookie).not.toContain('adb_')
  })

  it('puts the newest touch first and takes fbc from the newest touch with an fbclid', () => {
    const { log, config, storage } = setup()
    capture(storage, config, log, `https://s.example/?fbclid=OLD1`)
    vi.setSystemTime(T0 + DAY_MS)
    capture(storage, config, log, `https://s.example/?gclid=${GCLID}`)
    vi.setSystemTime(T0 + 2 * DAY_MS)
    const ctx = capture(storage, config, log, `https://s.example/?naid=ad-7&ncid=camp-1`)
    expect(ctx.touches.map((t) => t.params)).toEqual([{ naid: 'ad-7', ncid: 'camp-1' }, { gclid: GCLID }, { fbclid: 'OLD1' }])
    expect(ctx.fbc).toBe(`fb.1.${T0}.OLD1`)
  })

  it('does not add the same click twice (reload, back button) and keeps its first time', () => {
    const { log, config, storage } = setup()
    capture(storage, config, log, `https://s.example/?fbclid=${FBCLID}`)
    vi.setSystemTime(T0 + 3 * DAY_MS)
    const ctx = capture(storage, config, log, `https://s.example/other?fbclid=${FBCLID}`)
    expect(ctx.touches).toEqual([{ at: T0, params: { fbclid: FBCLID } }])
    expect(ctx.fbc).toBe(`fb.1.${T0}.${FBCLID}`)
  })

  it('keeps touches for the attribution window (14 days by default), then drops them', () => {
    const { log, config, storage } = setup()
    capture(storage, config, log, `https://s.example/?gclid=${GCLID}`)
    vi.setSystemTime(T0 + 13 * DAY_MS)
    expect(readLanding(createStorage(), config).touches).toHaveLength(1)
    vi.setSystemTime(T0 + 14 * DAY_MS - 1)
    expect(readLanding(createStorage(), config).touches).toHaveLength(1)
    vi.setSystemTime(T0 + 14 * DAY_MS + 1)
    expect(readLanding(createStorage(), config)).toEqual({ touches: [] })
  })

  it('drops only the expired touches and honours attributionDays', () => {
    const { log, config, storage } = setup({ attributionDays: 3 })
    capture(storage, config, log, `https://s.example/?gclid=OLD`)
    vi.setSystemTime(T0 + 2 * DAY_MS)
    capture(storage, config, log, `https://s.example/?gclid=NEW`)
    vi.setSystemTime(T0 + 3 * DAY_MS + 1)
    expect(readLanding(createStorage(), config).touches.map((t) => t.params.gclid)).toEqual(['NEW'])
    vi.setSystemTime(T0 + 5 * DAY_MS + 1)
    expect(readLanding(createStorage(), config).touches).toEqual([])
  })

  it('drops touches dated in the future (a wrong device clock, edited storage), beyond a day of tolerance', () => {
    const { config } = setup()
    const list = [{ at: T0 + DAY_MS - 1, params: { gclid: 'SKEW' } }, { at: T0 + 30 * DAY_MS, params: { gclid: 'FUTURE' } }, { at: T0 - DAY_MS, params: { gclid: 'PAST' } }]
    localStorage.setItem('adb_landing', JSON.stringify({ v: JSON.stringify(list), e: T0 + 40 * DAY_MS }))
    expect(readLanding(createStorage(), config).touches.map((t) => t.params.gclid)).toEqual(['SKEW', 'PAST'])
  })

  it(`keeps at most ${MAX_TOUCHES} touches, the newest`, () => {
    const { log, config, storage } = setup()
    for (let i = 0; i < MAX_TOUCHES + 3; i++) {
      vi.setSystemTime(T0 + i * 1000)
      capture(storage, config, log, `https://s.example/?gclid=G${i}`)
    }
    const ctx = readLanding(storage, config)
    expect(ctx.touches).toHaveLength(MAX_TOUCHES)
    expect(ctx.touches[0]!.params.gclid).toBe(`G${MAX_TOUCHES + 2}`)
    expect(ctx.touches.at(-1)!.params.gclid).toBe('G3')
  })

  it('lets utm-only touches go before a touch with a click id (internal links tagged with utm)', () => {
    const { log, config, storage } = setup()
    capture(storage, config, log, `https://s.example/?fbclid=${FBCLID}&utm_source=facebook`)
    for (let i = 1; i <= 2 * MAX_TOUCHES; i++) {
      vi.setSystemTime(T0 + i * 60_000)
      capture(storage, config, log, `https://s.example/?utm_source=site&utm_content=banner-${i}`)
    }
    const ctx = readLanding(createStorage(), config)
    expect(ctx.touches).toHaveLength(MAX_TOUCHES)
    // the newest touch stays, even utm-only; the paid click and its fbc stay too
    expect(ctx.touches[0]!.params.utm_content).toBe(`banner-${2 * MAX_TOUCHES}`)
    expect(ctx.touches.at(-1)!.params.fbclid).toBe(FBCLID)
    expect(ctx.fbc).toBe(`fb.1.${T0}.${FBCLID}`)
    // click-id touches are dropped oldest first once they alone exceed the limit
    for (let i = 1; i <= MAX_TOUCHES; i++) {
      vi.setSystemTime(T0 + DAY_MS + i * 60_000)
      capture(storage, config, log, `https://s.example/?gclid=G${i}`)
    }
    const later = readLanding(createStorage(), config).touches
    expect(later.map((t) => t.params.gclid)).toEqual(Array.from({ length: MAX_TOUCHES }, (_, i) => `G${MAX_TOUCHES - i}`))
  })

  it('reads records of older versions by the current rules: no made-up utm keys, no personal data', () => {
    const { config } = setup()
    const list = [{ at: T0, params: { gclid: 'G', utm_source: 'nl', utm_term: 'ana@mail.com', utm_k1: 'x', other: 'y' } }]
    localStorage.setItem('adb_landing', JSON.stringify({ v: JSON.stringify(list), e: T0 + DAY_MS }))
    expect(readLanding(createStorage(), config).touches).toEqual([{ at: T0, params: { gclid: 'G', utm_source: 'nl' } }])
  })

  it('survives damaged or foreign stored data and never throws', () => {
    const { log, config } = setup()
    for (const bad of ['{not json', '"x"', '{"a":1}', JSON.stringify([null, 1, { at: 'x', params: {} }, { at: T0, params: [] }])]) {
      localStorage.setItem('adb_landing', JSON.stringify({ v: bad, e: T0 + DAY_MS }))
      expect(readLanding(createStorage(), config)).toEqual({ touches: [] })
    }
    localStorage.setItem('adb_landing', JSON.stringify({ v: JSON.stringify([{ at: T0, params: { gclid: 'G', n: 5 } }]), e: T0 + DAY_MS }))
    expect(readLanding(createStorage(), config).touches).toEqual([{ at: T0, params: { gclid: 'G' } }])
    // damaged touches next to a good LANDING_KEY: a click on this page is still kept
    localStorage.setItem('adb_' + TOUCHES_KEY, JSON.stringify({ v: '{not json', e: T0 + DAY_MS }))
    expect(() => captureLanding(createStorage(), config, log, 'https://s.example/?gclid=NEW')).not.toThrow()
    expect(readLanding(createStorage(), config).touches.map((t) => t.params.gclid)).toEqual(['NEW', 'G'])
    // storage is not even looked at on a page without click parameters
    const broken = { get: () => { throw new Error('x') }, set: () => { throw new Error('x') }, remove() {}, setPersistent() {} }
    expect(() => captureLanding(broken, config, log, 'https://s.example/p?q=shoes')).not.toThrow()
  })

  it('with cookieDomain, mirrors only the newest click ids in a small cookie that another subdomain reads', () => {
    const { log, config, storage } = setup({ cookieDomain: '.example.com' })
    capture(storage, config, log, `https://shop.example.com/?gclid=OLD&utm_source=g`)
    vi.setSystemTime(T0 + 60_000)
    const big = Array.from({ length: 5 }, (_, i) => `utm_${['source', 'medium', 'campaign', 'term', 'content'][i]}=${'v'.repeat(400)}`).join('&')
    const ctx = capture(storage, config, log, `https://shop.example.com/?fbclid=${FBCLID}&naid=ad-1&${big}`)
    expect(ctx.touches).toHaveLength(2)
    const mirrored = cookie('adb_' + LANDING_KEY)!
    expect(JSON.parse(mirrored)).toEqual([{ at: T0 + 60_000, params: { naid: 'ad-1', fbclid: FBCLID } }])
    expect(encodeURIComponent(mirrored).length).toBeLessThanOrEqual(COOKIE_BUDGET)
    expect(cookie('adb_' + TOUCHES_KEY)).toBeUndefined()
    // a later utm-only touch does not replace it: the newest touch *with click ids* is mirrored
    vi.setSystemTime(T0 + 120_000)
    capture(storage, config, log, 'https://shop.example.com/?utm_source=site')
    expect(JSON.parse(cookie('adb_' + LANDING_KEY)!)[0].params.fbclid).toBe(FBCLID)

    // checkout.example.com: its own (empty) localStorage, the shared cookie
    localStorage.clear()
    const there = readLanding(createStorage({ cookieDomain: () => '.example.com' }), config)
    expect(there.touches).toEqual([{ at: T0 + 60_000, params: { naid: 'ad-1', fbclid: FBCLID } }])
    expect(there.fbc).toBe(`fb.1.${T0 + 60_000}.${FBCLID}`)
    // and it is bound by the window like any touch
    vi.setSystemTime(T0 + 60_000 + 14 * DAY_MS + 1)
    expect(readLanding(createStorage({ cookieDomain: () => '.example.com' }), config).touches).toEqual([])
  })

  it('with cookieDomain, leaves out click ids that do not fit the cookie budget, and writes no cookie for utm-only touches', () => {
    const { log, config, storage } = setup({ cookieDomain: '.example.com' })
    capture(storage, config, log, 'https://shop.example.com/?utm_source=newsletter')
    expect(document.cookie).not.toContain('adb_')
    expect(readLanding(storage, config).touches[0]!.params).toEqual({ utm_source: 'newsletter' })
    const huge = 'A'.repeat(480)
    capture(storage, config, log, `https://shop.example.com/?gclid=${huge}&wbraid=W1`)
    expect(JSON.parse(cookie('adb_' + LANDING_KEY)!)[0].params).toEqual({ wbraid: 'W1' })
    expect(readLanding(storage, config).touches[0]!.params.gclid).toBe(huge)
  })

  it('reads every touch of an older version from its cookie, and moves them into localStorage on the next click', () => {
    const { log, config } = setup()
    const old = JSON.stringify([{ at: T0 - DAY_MS, params: { gclid: 'G', utm_source: 's' } }, { at: T0 - 2 * DAY_MS, params: { fbclid: 'F' } }])
    document.cookie = `adb_landing=${encodeURIComponent(old)}; path=/`
    // a page without click parameters writes nothing: the old cookie is read as it is
    const ctx = capture(createStorage(), config, log, 'https://shop.example.com/')
    expect(ctx.touches.map((t) => t.params)).toEqual([{ gclid: 'G', utm_source: 's' }, { fbclid: 'F' }])
    expect(ctx.fbc).toBe(`fb.1.${T0 - 2 * DAY_MS}.F`)
    expect(readLanding(createStorage(), config)).toEqual(ctx)
    // the next ad click rewrites the record: no cookie without cookieDomain
    capture(createStorage(), config, log, 'https://shop.example.com/?gclid=NEW')
    expect(document.cookie).not.toMatch(/adb_landing=./)
    expect(readLanding(createStorage(), config).touches[0]!.params).toEqual({ gclid: 'NEW' })
  })

  it('forgets every touch, on every subdomain, once LANDING_KEY is removed (what reset() does)', () => {
    const { log, config, storage } = setup({ cookieDomain: '.example.com' })
    capture(storage, config, log, `https://shop.example.com/?gclid=G&utm_source=s`)
    storage.remove(LANDING_KEY)
    // LANDING_KEY gone is enough: this host's touches are no longer read (another subdomain keeps only its own)
    expect(readLanding(storage, config)).toEqual({ touches: [] })
    expect(cookie('adb_landing')).toBeUndefined()
    expect(capture(createStorage(), config, log, 'https://shop.example.com/')).toEqual({ touches: [] })
    // and a new click starts from nothing, not from the touches left behind
    capture(createStorage(), config, log, 'https://shop.example.com/?gclid=NEW')
    expect(readLanding(createStorage(), config).touches.map((t) => t.params)).toEqual([{ gclid: 'NEW' }])
    // reset() (tracker.ts) removes TOUCHES_KEY too
    storage.remove(LANDING_KEY)
    storage.remove(TOUCHES_KEY)
    expect(localStorage.getItem('adb_' + TOUCHES_KEY)).toBeNull()
  })

  it('after a storage-consent denial (as tracker.ts applies it), keeps the context in memory for the page and writes nothing', () => {
    const { log, config, storage } = setup({ cookieDomain: '.example.com' })
    const first = capture(storage, config, log, `https://shop.example.com/?gclid=G&utm_source=s`)
    // tracker.ts: setPersistent(false), then LANDING_KEY and TOUCHES_KEY moved from storage into memory
    storage.setPersistent(false)
    for (const key of [LANDING_KEY, TOUCHES_KEY]) {
      const value = storage.get(key)!
      storage.remove(key)
      storage.set(key, value, { maxAgeMs: DAY_MS })
    }
    expect(capture(storage, config, log, 'https://shop.example.com/p')).toEqual(first)
    expect(capture(storage, config, log, 'https://shop.example.com/?gclid=NEW').touches).toHaveLength(2)
    expect(localStorage.length).toBe(0)
    expect(document.cookie).not.toMatch(/adb_landing=./)
    // the next page view starts without any of it
    expect(capture(createStorage(), config, log, 'https://shop.example.com/')).toEqual({ touches: [] })
  })

  it('writes nothing, neither localStorage nor cookies, when the URL carries no click parameters', () => {
    const { log, config } = setup({ cookieDomain: '.example.com' })
    const setItem = vi.spyOn(Storage.prototype, 'setItem')
    const cookieSet = vi.spyOn(document, 'cookie', 'set')
    const storage = createStorage({ cookieDomain: () => config.cookieDomain })
    const get = vi.spyOn(storage, 'get')
    const set = vi.spyOn(storage, 'set')
    const remove = vi.spyOn(storage, 'remove')
    for (const href of ['https://shop.example.com/', 'https://shop.example.com/p/1?q=shoes&page=2', 'https://shop.example.com/#/cart?x=1', 'https://shop.example.com/?utm_email=ana@x.com&UTM_SOURCE=x&fbclid=%00'])
      captureLanding(storage, config, log, href)
    expect(setItem).not.toHaveBeenCalled()
    expect(cookieSet).not.toHaveBeenCalled()
    expect(localStorage.length).toBe(0)
    // most page views pay nothing: storage is not even read
    expect(get).not.toHaveBeenCalled()
    expect(set).not.toHaveBeenCalled()
    expect(remove).not.toHaveBeenCalled()
    // a valid click parameter is what makes it write
    captureLanding(storage, config, log, `https://shop.example.com/?gclid=${GCLID}`)
    expect(set).toHaveBeenCalled()
    expect(localStorage.length).toBeGreaterThan(0)
  })
})
