import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { captureLanding, landingParams, readLanding, LANDING_KEY, MAX_TOUCHES } from '../../src/context'
import { applyOptions, DEFAULTS } from '../../src/config'
import { createLogger } from '../../src/log'
import { createStorage, readCookie } from '../../src/storage'
import { DAY_MS } from '../../src/clock'

const T0 = Date.UTC(2026, 0, 10, 12, 0, 0)
const FBCLID = 'IwAR2F4-dbP0l7Mn1IawQQGCINEz7PYXQvwjNwB_qa2ofrHyiLjcbCRxTDMs'
const GCLID = 'Cj0KCQiA4L67BhDUARIsADWrl7F_Xx-yZ'

function clearCookies() {
  for (const c of document.cookie.split(';')) {
    const name = c.split('=')[0]?.trim()
    // expires in the past rather than max-age=0: happy-dom keeps a max-age=0 cookie alive while
    // Date is faked, and a cookie from another test's fake day comes back to life on this one.
    if (name) document.cookie = `${name}=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT`
  }
}

function setup(options: Record<string, unknown> = {}) {
  const log = createLogger(false)
  const warn = vi.spyOn(log, 'warn').mockImplementation(() => {})
  const config = applyOptions(DEFAULTS, options, log)
  const storage = createStorage()
  return { log, warn, config, storage }
}

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
    expect(warn.mock.calls[0]?.[0]).toContain('"fbclid"')
  })

  it('refuses over-long values and unsafe characters with a warning that names the parameter', () => {
    const { log, warn } = setup()
    const long = 'a'.repeat(501)
    const p = landingParams(`https://s.example/?gclid=${long}&naid=<script>&utm_source=%3Cimg%3E&utm_medium=cpc&utm_term=${'b'.repeat(500)}&UTM_X=1&utm_Bad=1`, log)
    expect(p).toEqual({ utm_medium: 'cpc', utm_term: 'b'.repeat(500) })
    const said = warn.mock.calls.map((c) => String(c[0]))
    expect(said.some((m) => m.includes('"gclid"') && m.includes('500'))).toBe(true)
    expect(said.some((m) => m.includes('"naid"'))).toBe(true)
    expect(said.some((m) => m.includes('"utm_source"'))).toBe(true)
    expect(said.some((m) => m.includes('"utm_Bad"'))).toBe(true)
  })

  it('takes the first occurrence, reads hash-router queries, and bounds the number of utm keys', () => {
    expect(landingParams('https://s.example/?gclid=A1&gclid=B2').gclid).toBe('A1')
    expect(landingParams('https://s.example/#/search?gclid=H1&utm_source=x')).toEqual({ gclid: 'H1', utm_source: 'x' })
    expect(landingParams('https://s.example/?gclid=Q1#/s?gclid=H1').gclid).toBe('Q1')
    const many = Array.from({ length: 15 }, (_, i) => `utm_k${i}=v`).join('&')
    const { log } = setup()
    expect(Object.keys(landingParams(`https://s.example/?${many}`, log))).toHaveLength(10)
    expect(landingParams('not a url')).toEqual({})
  })
})

describe('landing context in storage', () => {
  beforeEach(() => {
    localStorage.clear()
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(T0)
    clearCookies()
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.restoreAllMocks()
  })

  it('stores a touch with its time and the fbc value, and reads it back on a later page', () => {
    const { log, config, storage } = setup()
    const ctx = captureLanding(storage, config, log, `https://shop.example.com/?fbclid=${FBCLID}&utm_source=fb`)
    expect(ctx).toEqual({ touches: [{ at: T0, params: { fbclid: FBCLID, utm_source: 'fb' } }], fbc: `fb.1.${T0}.${FBCLID}` })
    vi.setSystemTime(T0 + 60_000)
    // next page, new storage object: from localStorage
    expect(readLanding(createStorage(), config)).toEqual(ctx)
    // a page without parameters leaves it alone
    expect(captureLanding(createStorage(), config, log, 'https://shop.example.com/cart')).toEqual(ctx)
    // mirrored in a first-party cookie (checkout on another subdomain with cookieDomain)
    expect(readCookie('adb_' + LANDING_KEY)).toContain(FBCLID)
  })

  it('puts the newest touch first and takes fbc from the newest touch with an fbclid', () => {
    const { log, config, storage } = setup()
    captureLanding(storage, config, log, `https://s.example/?fbclid=OLD1`)
    vi.setSystemTime(T0 + DAY_MS)
    captureLanding(storage, config, log, `https://s.example/?gclid=${GCLID}`)
    vi.setSystemTime(T0 + 2 * DAY_MS)
    const ctx = captureLanding(storage, config, log, `https://s.example/?naid=ad-7&ncid=camp-1`)
    expect(ctx.touches.map((t) => t.params)).toEqual([{ naid: 'ad-7', ncid: 'camp-1' }, { gclid: GCLID }, { fbclid: 'OLD1' }])
    expect(ctx.fbc).toBe(`fb.1.${T0}.OLD1`)
  })

  it('does not add the same click twice (reload, back button) and keeps its first time', () => {
    const { log, config, storage } = setup()
    captureLanding(storage, config, log, `https://s.example/?fbclid=${FBCLID}`)
    vi.setSystemTime(T0 + 3 * DAY_MS)
    const ctx = captureLanding(storage, config, log, `https://s.example/other?fbclid=${FBCLID}`)
    expect(ctx.touches).toEqual([{ at: T0, params: { fbclid: FBCLID } }])
    expect(ctx.fbc).toBe(`fb.1.${T0}.${FBCLID}`)
  })

  it('keeps touches for the attribution window (14 days by default), then drops them', () => {
    const { log, config, storage } = setup()
    captureLanding(storage, config, log, `https://s.example/?gclid=${GCLID}`)
    vi.setSystemTime(T0 + 13 * DAY_MS)
    expect(readLanding(createStorage(), config).touches).toHaveLength(1)
    vi.setSystemTime(T0 + 14 * DAY_MS - 1)
    expect(readLanding(createStorage(), config).touches).toHaveLength(1)
    vi.setSystemTime(T0 + 14 * DAY_MS + 1)
    expect(readLanding(createStorage(), config)).toEqual({ touches: [] })
  })

  it('drops only the expired touches and honours attributionDays', () => {
    const { log, config, storage } = setup({ attributionDays: 3 })
    captureLanding(storage, config, log, `https://s.example/?gclid=OLD`)
    vi.setSystemTime(T0 + 2 * DAY_MS)
    captureLanding(storage, config, log, `https://s.example/?gclid=NEW`)
    vi.setSystemTime(T0 + 3 * DAY_MS + 1)
    expect(readLanding(createStorage(), config).touches.map((t) => t.params.gclid)).toEqual(['NEW'])
    vi.setSystemTime(T0 + 5 * DAY_MS + 1)
    expect(readLanding(createStorage(), config).touches).toEqual([])
  })

  it(`keeps at most ${MAX_TOUCHES} touches, the newest`, () => {
    const { log, config, storage } = setup()
    for (let i = 0; i < MAX_TOUCHES + 3; i++) {
      vi.setSystemTime(T0 + i * 1000)
      captureLanding(storage, config, log, `https://s.example/?gclid=G${i}`)
    }
    const ctx = readLanding(storage, config)
    expect(ctx.touches).toHaveLength(MAX_TOUCHES)
    expect(ctx.touches[0]!.params.gclid).toBe(`G${MAX_TOUCHES + 2}`)
    expect(ctx.touches.at(-1)!.params.gclid).toBe('G3')
  })

  it('survives damaged or foreign stored data and never throws', () => {
    const { log, config } = setup()
    for (const bad of ['{not json', '"x"', '{"a":1}', JSON.stringify([null, 1, { at: 'x', params: {} }, { at: T0, params: [] }])]) {
      localStorage.setItem('adb_landing', JSON.stringify({ v: bad, e: T0 + DAY_MS }))
      expect(readLanding(createStorage(), config)).toEqual({ touches: [] })
    }
    localStorage.setItem('adb_landing', JSON.stringify({ v: JSON.stringify([{ at: T0, params: { gclid: 'G', n: 5 } }]), e: T0 + DAY_MS }))
    expect(readLanding(createStorage(), config).touches).toEqual([{ at: T0, params: { gclid: 'G' } }])
    const broken = { get: () => { throw new Error('x') }, set: () => { throw new Error('x') }, remove() {}, setPersistent() {} }
    expect(captureLanding(broken, config, log, 'https://s.example/?gclid=G')).toEqual({ touches: [] })
    expect(readLanding(broken, config)).toEqual({ touches: [] })
  })

  it('keeps a touch too large for a cookie in localStorage only', () => {
    const { log, config, storage } = setup()
    const big = Array.from({ length: 8 }, (_, i) => `utm_k${i}=${'v'.repeat(400)}`).join('&')
    const ctx = captureLanding(storage, config, log, `https://s.example/?gclid=G&${big}`)
    expect(ctx.touches).toHaveLength(1)
    // (happy-dom leaves an empty cookie where a browser deletes it)
    expect(readCookie('adb_landing') || undefined).toBeUndefined()
    expect(readLanding(createStorage(), config).touches[0]!.params.gclid).toBe('G')
  })
})
