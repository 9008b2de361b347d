import { describe, expect, it, vi } from 'vitest'
import { checkOptions } from '../../../src/debug/check-options'
import { createLogger } from '../../../src/log'

const run = (options: Record<string, unknown>, from: Record<string, string> = {}) => {
  const log = createLogger()
  const warn = vi.spyOn(log, 'warn').mockImplementation(() => {})
  checkOptions(options, from, log)
  return warn.mock.calls
}

describe('checkOptions (debug build only)', () => {
  it('says nothing about good options', () => {
    expect(run({ publisherId: '1a2b3c4d-0000-4000-8000-123456789abc', sessionDays: 365, currency: 'BRL', defaultCountry: 'BR' })).toEqual([])
    expect(run({ defaultCountry: '+55' })).toEqual([])
  })

  it('names the data attribute the value came from, else the attribute of the option', () => {
    expect(run({ sessionDays: '7' }, { sessionDays: 'data-session-days' })).toEqual([
      ['option', "data-session-days=7 is shorter than VTEX Ads' 14-day conversion window: sales after it lose their ad"],
    ])
    expect(run({ sessionDays: 7 })[0]![1]).toMatch(/^data-session-days=7 /)
  })

  it('warns about an unlikely publisher id, currency or country, showing the value', () => {
    expect(run({ publisherId: 'pub 1', currency: 'R$', defaultCountry: 'Brasil' })).toEqual([
      ['publisher', 'data-publisher-id="pub 1" does not look like a VTEX Ads publisher id'],
      ['currency', 'data-currency="R$" must be an ISO 4217 code such as "BRL"'],
      ['option', 'data-default-country="Brasil" must be an ISO country such as "BR" or a calling code such as "55"'],
    ])
  })

  it("names the README's placeholder publisher id, which the conversion part skips (the inspector's Setup lists it)", () => {
    expect(run({ publisherId: 'YOUR-VTEX-ADS-PUBLISHER-ID' }, { publisherId: 'data-publisher-id' })).toEqual([
      ['publisher', `data-publisher-id="YOUR-VTEX-ADS-PUBLISHER-ID" is the README's placeholder: VTEX Ads conversions are not sent`],
    ])
  })
})
