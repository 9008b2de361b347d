import { describe, expect, it, vi } from 'vitest'
import { attempt, DAY_MS, idString, isObject, MAX_ID, own, uuid } from '../../src/util'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('util', () => {
  it('constants', () => {
    expect(DAY_MS).toBe(24 * 60 * 60 * 1000)
    expect(MAX_ID).toBe(200)
  })

  it('own: own keys only', () => {
    expect(own({ a: 1 }, 'a')).toBe(true)
    expect(own({}, 'constructor')).toBe(false)
    expect(own({}, '__proto__')).toBe(false)
    expect(own(JSON.parse('{"__proto__":1}'), '__proto__')).toBe(true)
  })

  it('isObject: plain objects, not arrays or null', () => {
    expect(isObject({})).toBe(true)
    expect(isObject([])).toBe(false)
    expect(isObject(null)).toBe(false)
    expect(isObject('x')).toBe(false)
  })

  it('idString: finite numbers and trimmed non-empty strings', () => {
    expect(idString(42)).toBe('42')
    expect(idString(' a-1 ')).toBe('a-1')
    expect(idString('  ')).toBeUndefined()
    expect(idString(NaN)).toBeUndefined()
    expect(idString(Infinity)).toBeUndefined()
    expect(idString({})).toBeUndefined()
  })

  it('attempt: the value, else the fallback, and the error to onError', () => {
    expect(attempt(() => 1)).toBe(1)
    const onError = vi.fn()
    expect(attempt(() => { throw new Error('x') }, 'fb', onError)).toBe('fb')
    expect(onError).toHaveBeenCalledWith(new Error('x'))
    expect(attempt(() => { throw new Error('x') })).toBeUndefined()
  })

  it('uuid: v4, with randomUUID or with getRandomValues alone (insecure contexts)', () => {
    expect(uuid()).toMatch(UUID)
    const c = crypto as { randomUUID?: unknown }
    const original = c.randomUUID
    try {
      Object.defineProperty(crypto, 'randomUUID', { configurable: true, value: undefined })
      const ids = new Set(Array.from({ length: 200 }, () => uuid()))
      expect(ids.size).toBe(200)
      for (const id of ids) expect(id).toMatch(UUID)
    } finally {
      Object.defineProperty(crypto, 'randomUUID', { configurable: true, value: original })
    }
  })
})
