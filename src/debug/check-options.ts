import { attributeOf, type Options } from '../config'
import type { Logger } from '../log'

/**
 * The checks that only the debug build makes at start: advice about values that are valid but
 * probably not what the store meant. The every-page script checks types only; the conversion
 * file checks what it uses when a sale happens.
 */
export function checkOptions(options: Options, from: Record<string, string>, log: Logger): void {
  const name = (o: keyof Options) => from[o] ?? attributeOf(o)
  const pub = options.publisherId
  // The README's placeholder pasted as is: the conversion part skips VTEX Ads for it (vtex-ads.ts).
  if (pub !== undefined && /^your[-_ ]/i.test(String(pub).trim())) log.warn('publisher', `${name('publisherId')}="${String(pub)}" is the README's placeholder: VTEX Ads conversions are not sent`)
  else if (pub !== undefined && !/^[\w-]{6,64}$/.test(String(pub).trim())) log.warn('publisher', `${name('publisherId')}="${String(pub)}" does not look like a VTEX Ads publisher id`)
  const days = Number(options.sessionDays)
  if (days > 0 && days < 14) log.warn('option', `${name('sessionDays')}=${days} is shorter than VTEX Ads' 14-day conversion window: sales after it lose their ad`)
  if (options.currency !== undefined && !/^[A-Za-z]{3}$/.test(String(options.currency).trim())) log.warn('currency', `${name('currency')}="${String(options.currency)}" must be an ISO 4217 code such as "BRL"`)
  if (options.defaultCountry !== undefined && !/^([A-Za-z]{2}|\+?\d{1,3})$/.test(String(options.defaultCountry).trim())) log.warn('option', `${name('defaultCountry')}="${String(options.defaultCountry)}" must be an ISO country such as "BR" or a calling code such as "55"`)
}
