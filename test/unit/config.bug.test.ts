import { describe, expect, it, vi } from 'vitest'
import { applyOptions, DEFAULTS } from '../../src/config'
import { createLogger } from '../../src/log'

// SRC BUG (reported to the lead): src/config.ts applyOptions names an option with
// `from[name] ?? name` (the unknown-option and invalid lines). `from` defaults to a plain {}, so for
// an option named like an Object.prototype member ("constructor", "toString", "__proto__",
// "hasOwnProperty") the lookup finds the prototype's function or object instead of undefined, and
// the warning prints "[Function Object]" / "{}" instead of the name the developer wrote.
describe('applyOptions (bug: prototype names in the warning)', () => {
  it('names an unknown option called like an Object.prototype member by its own name', () => {
    const log = createLogger()
    const warn = vi.spyOn(log, 'warn').mockImplementation(() => {})
    applyOptions(DEFAULTS, JSON.parse('{"constructor":1,"toString":"x","__proto__":{"publisherId":"x"}}'), log)
    expect(warn.mock.calls).toEqual([['unknown option', 'constructor'], ['unknown option', 'toString'], ['unknown option', '__proto__']])
  })
})
