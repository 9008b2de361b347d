import { describe, expect, it, vi } from 'vitest'
import { applyOptions, attributeOf, DEFAULTS, isSafeUrl, optionsFromAttributes, parseConsent } from '../../src/config'
import { createLogger } from '../../src/log'

const quiet = () => {
  const log = createLogger()
  const warn = vi.spyOn(log, 'warn').mockImplementation(() => {})
  return { log, warn }
}

const tag = (attrs: Record<string, string>) => {
  const s = document.createElement('script')
  s.setAttribute('src', '/adbeacon.js')
  s.setAttribute('async', '')
  for (const [k, v] of Object.entries(attrs)) s.setAttribute(k, v)
  return s
}

describe('applyOptions', () => {
  it('defaults: no endpoint in the every-page configuration (the conversion part has them)', () => {
    expect(DEFAULTS).toEqual({ eventHosts: [], debug: false, channel: 'ecommerce', sessionDays: 365, attributionDays: 14, dedupDays: 30, tracks: [], autoBind: true, orderSource: ['datalayer', 'vtex'], consent: {}, from: {} })
    expect('conversionUrl' in DEFAULTS || 'metaEndpoint' in DEFAULTS || 'googleEndpoint' in DEFAULTS).toBe(false)
  })

  it('orderSource: a comma list, lowercased; "none" reads no source', () => {
    const { log } = quiet()
    expect(applyOptions(DEFAULTS, { orderSource: ' VTEX ' }, log).orderSource).toEqual(['vtex'])
    expect(applyOptions(DEFAULTS, { orderSource: 'datalayer, vtex' }, log).orderSource).toEqual(['datalayer', 'vtex'])
    expect(applyOptions(DEFAULTS, { orderSource: 'none' }, log).orderSource).toEqual(['none'])
  })

  it('reads each kind of option; attribute strings are coerced', () => {
    const { log, warn } = quiet()
    const cfg = applyOptions(DEFAULTS, {
      publisherId: ' pub-1 ', brand: 42, eventHosts: 'A.example, b.example:8443  c.example', autoBind: 'false', debug: '', sessionDays: '30', attributionDays: 7, dedupDays: '1.5',
      conversionUrl: 'http://localhost:4000/c', metaEndpoint: 'https://collector.example/tr', consent: 'denied', tracks: [{ type: 'facebook_ad', values: { pixel_id: '1' } }],
    }, log)
    expect(warn).not.toHaveBeenCalled()
    expect(cfg).toMatchObject({
      publisherId: 'pub-1', brand: '42', eventHosts: ['a.example', 'b.example:8443', 'c.example'], autoBind: false, debug: true, sessionDays: 30, attributionDays: 7, dedupDays: 1.5,
      conversionUrl: 'http://localhost:4000/c', metaEndpoint: 'https://collector.example/tr', consent: { ad_storage: 'denied', ad_user_data: 'denied' },
    })
    expect(applyOptions(DEFAULTS, { debug: '1', autoBind: '0' }, log)).toMatchObject({ debug: true, autoBind: false })
    expect(applyOptions(DEFAULTS, { eventHosts: [' X.example '] }, log).eventHosts).toEqual(['x.example'])
  })

  it('refuses a malformed value with a warning naming the option and the value; the rest applies', () => {
    const { log, warn } = quiet()
    const cfg = applyOptions(DEFAULTS, { publisherId: 'kept', sessionDays: -1, dedupDays: 'abc', attributionDays: 1e6, conversionUrl: 'http://evil.example/x', googleEndpoint: 'javascript:alert(1)', autoBind: 'yes', channel: '', tracks: 'x' }, log)
    expect(cfg).toMatchObject({ publisherId: 'kept', sessionDays: 365, dedupDays: 30, attributionDays: 14, autoBind: true, channel: 'ecommerce', tracks: [] })
    expect(cfg.conversionUrl).toBeUndefined()
    expect(cfg.googleEndpoint).toBeUndefined()
    expect(warn.mock.calls).toEqual([
      ['invalid', 'sessionDays', -1],
      ['invalid', 'dedupDays', 'abc'],
      ['invalid', 'attributionDays', 1e6],
      ['invalid', 'conversionUrl', 'http://evil.example/x'],
      ['invalid', 'googleEndpoint', 'javascript:alert(1)'],
      ['invalid', 'autoBind', 'yes'],
      ['invalid', 'channel', ''],
      ['invalid', 'tracks', 'x'],
    ])
  })

  it('warns about unknown options by name, own keys only ("constructor", "__proto__" are unknown)', () => {
    const { log, warn } = quiet()
    const cfg = applyOptions(DEFAULTS, JSON.parse('{"colour":"red","constructor":1,"__proto__":{"publisherId":"x"},"publisherId":"p"}'), log)
    expect(cfg.publisherId).toBe('p')
    expect(warn.mock.calls).toHaveLength(3)
    expect(warn.mock.calls[0]).toEqual(['unknown option', 'colour'])
    expect(warn.mock.calls.every((c) => c[0] === 'unknown option')).toBe(true)
    // how "constructor" and "__proto__" are named: config-prototype-names.test.ts
    expect(({} as Record<string, unknown>).publisherId).toBeUndefined()
  })

  it('100,000 unknown keys give at most 4 warning lines', () => {
    const { log, warn } = quiet()
    const many: Record<string, number> = {}
    for (let i = 0; i < 100_000; i++) many['k' + i] = i
    applyOptions(DEFAULTS, { ...many, publisherId: 'p' }, log)
    expect(warn.mock.calls.length).toBeLessThanOrEqual(4)
    expect(warn.mock.calls.slice(0, 3)).toEqual([['unknown option', 'k0'], ['unknown option', 'k1'], ['unknown option', 'k2']])
    expect(warn.mock.calls[3]).toEqual(['unknown option', '100000 in all'])
    // and through console: at most 4 lines
    const out = vi.spyOn(console, 'warn').mockImplementation(() => {})
    applyOptions(DEFAULTS, many, createLogger())
    expect(out.mock.calls.length).toBeLessThanOrEqual(4)
    out.mockRestore()
  })

  it('takes nothing from null / undefined; warns about a non-object', () => {
    const { log, warn } = quiet()
    expect(applyOptions(DEFAULTS, undefined, log)).toEqual(DEFAULTS)
    expect(applyOptions(DEFAULTS, null, log)).toEqual(DEFAULTS)
    expect(warn).not.toHaveBeenCalled()
    expect(applyOptions(DEFAULTS, 'debug', log)).toEqual(DEFAULTS)
    expect(applyOptions(DEFAULTS, [1], log)).toEqual(DEFAULTS)
    expect(warn.mock.calls).toEqual([['invalid', 'config()', 'debug'], ['invalid', 'config()', [1]]])
  })

  it('does not change the base; where options came from accumulates', () => {
    const { log } = quiet()
    const a = applyOptions(DEFAULTS, { sessionDays: 'x' }, log, { sessionDays: 'data-session-days' })
    const b = applyOptions(a, { currency: 'BRL' }, log)
    expect(DEFAULTS.from).toEqual({})
    expect(b.from).toEqual({ sessionDays: 'data-session-days' })
    expect(b.currency).toBe('BRL')
  })
})

describe('optionsFromAttributes', () => {
  it('maps each data attribute to its option and remembers the attribute; other attributes are not options', () => {
    const { options, from } = optionsFromAttributes(tag({ 'data-publisher-id': 'pub-9', 'data-session-days': '30', 'data-event-hosts': 'a.example', 'data-debug': '', 'id': 'x' }))
    expect(options).toEqual({ publisherId: 'pub-9', sessionDays: '30', eventHosts: 'a.example', debug: '' })
    expect(from).toEqual({ publisherId: 'data-publisher-id', sessionDays: 'data-session-days', eventHosts: 'data-event-hosts', debug: 'data-debug' })
  })

  it('a bad attribute value is warned about with the attribute name and the value', () => {
    const { log, warn } = quiet()
    const { options, from } = optionsFromAttributes(tag({ 'data-session-days': 'abc', 'data-auto-bind': 'nope' }))
    const cfg = applyOptions(DEFAULTS, options, log, from)
    expect(cfg.sessionDays).toBe(365)
    expect(warn.mock.calls).toEqual([['invalid', 'data-session-days', 'abc'], ['invalid', 'data-auto-bind', 'nope']])
    // as printed
    const out = vi.spyOn(console, 'warn').mockImplementation(() => {})
    applyOptions(DEFAULTS, options, createLogger(), from)
    expect(out.mock.calls[0]).toEqual(['[adbeacon]', 'invalid:', 'data-session-days', 'abc'])
    out.mockRestore()
  })

  it('unknown data attributes are warned about by their own name (typos, options spelt in camelCase)', () => {
    const { log, warn } = quiet()
    const { options, from } = optionsFromAttributes(tag({ 'data-publisherid': 'typo', 'data-constructor': '1', 'data-foo': 'x', 'data-publisher-id': 'ok' }))
    expect(applyOptions(DEFAULTS, options, log, from).publisherId).toBe('ok')
    expect(warn.mock.calls).toEqual([['unknown option', 'data-publisherid'], ['unknown option', 'data-constructor'], ['unknown option', 'data-foo']])
  })

  it('the three track attributes become one tracks array in the Mercado Pago shape, from "data-*"', () => {
    const { options, from } = optionsFromAttributes(tag({ 'data-facebook-pixel-id': ' 123 ', 'data-google-conversion-id': 'AW-1', 'data-google-conversion-label': 'L' }))
    expect(options).toEqual({ tracks: [{ type: 'facebook_ad', values: { pixel_id: '123' } }, { type: 'google_ad', values: { conversion_id: 'AW-1', conversion_label: 'L' } }] })
    expect(from).toEqual({ tracks: 'data-*' })
    expect(optionsFromAttributes(tag({ 'data-google-conversion-label': 'L' })).options).toEqual({ tracks: [{ type: 'google_ad', values: { conversion_id: undefined, conversion_label: 'L' } }] })
    expect(optionsFromAttributes(tag({})).options).toEqual({})
  })
})

describe('helpers', () => {
  it('attributeOf', () => {
    expect(attributeOf('publisherId')).toBe('data-publisher-id')
    expect(attributeOf('userIdCookie')).toBe('data-user-id-cookie')
    expect(attributeOf('debug')).toBe('data-debug')
  })

  it('isSafeUrl: https, or http on the local machine only', () => {
    for (const ok of ['https://x.example/c', 'HTTPS://x.example', 'http://localhost:4000/c', 'http://127.0.0.1/c', 'http://[::1]:1/c', 'http://localhost']) expect(isSafeUrl(ok), ok).toBe(true)
    for (const bad of ['http://x.example/c', 'http://localhost.evil.example/c', 'http://localhost@evil.example/', '//x.example', 'javascript:1', 'https:x.example', '']) expect(isSafeUrl(bad), bad).toBe(false)
  })

  it('parseConsent: "granted" / "denied" for both, or the two Consent Mode keys; the rest warned and ignored', () => {
    const { log, warn } = quiet()
    expect(parseConsent('granted', log)).toEqual({ ad_storage: 'granted', ad_user_data: 'granted' })
    expect(parseConsent({ ad_storage: 'denied', analytics_storage: 'denied' }, log)).toEqual({ ad_storage: 'denied' })
    expect(parseConsent({ ad_storage: 'DENIED', ad_user_data: 'granted' }, log)).toEqual({ ad_user_data: 'granted' })
    expect(parseConsent(false, log)).toBeUndefined()
    expect(warn.mock.calls).toEqual([['invalid', 'consent.ad_storage', 'DENIED'], ['invalid', 'consent', false]])
  })
})
