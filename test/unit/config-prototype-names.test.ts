import { describe, expect, it, vi } from 'vitest'
import { applyOptions, DEFAULTS } from '../../src/config'
import { createLogger } from '../../src/log'

// Regression (found while moving the unit tests, fixed in src by 4262794): an option named like an
// Object.prototype member ("constructor", "toString", "__proto__") is warned about by its own name,
// not by what `from[name]` found on the prototype.
describe('applyOptions (prototype names in the warning)', () => {
  it('names an unknown option called like an Object.prototype member by its own name', () => {
    const log = createLogger()
    const warn = vi.spyOn(log, 'warn').mockImplementation(() => {})
    applyOptions(DEFAULTS, JSON.parse('{"constructor":1,"toString":"x","__proto__":{"publisherId":"x"}}'), log)
    expect(warn.mock.calls).toEqual([['unknown option', 'constructor'], ['unknown option', 'toString'], ['unknown option', '__proto__']])
  })
})
