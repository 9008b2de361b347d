import type { ResolvedConfig } from '../config'
import type { Logger } from '../log'
import { knownCountry } from './hash'
import { CURRENCY } from './validate'

/**
 * The options only the conversion part uses, checked where they are used (the every-page script
 * checks types only): a currency that is no ISO 4217 code, or a country without a known calling
 * code (it would drop every national phone), is warned about once per configuration, naming the
 * attribute it came from, and not used.
 */
export function checkedConfig(cfg: () => ResolvedConfig, log: Logger): () => ResolvedConfig {
  let from: ResolvedConfig | undefined
  let checked: ResolvedConfig
  return () => {
    const c = cfg()
    if (from === c) return checked
    checked = { ...c }
    const name = (o: string) => c.from[o] ?? o
    if (c.currency !== undefined && !CURRENCY.test(c.currency)) {
      log.warn('currency', `${name('currency')}="${c.currency}" must be an ISO 4217 code`)
      checked.currency = undefined
    } else checked.currency = c.currency?.toUpperCase()
    if (c.defaultCountry !== undefined && !knownCountry(c.defaultCountry)) {
      log.warn('invalid', `${name('defaultCountry')}="${c.defaultCountry}" has no known calling code`)
      checked.defaultCountry = undefined
    }
    from = c
    return checked
  }
}
