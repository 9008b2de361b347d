import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createStorage, readCookie } from '../../src/storage'

function clearCookies() {
  for (const c of document.cookie.split(';')) {
    const name = c.split('=')[0]?.trim()
    if (name) document.cookie = `${name}=; path=/; max-age=0`
  }
}

describe('storage', () => {
  beforeEach(() => {
    localStorage.clear()
    clearCookies()
  })
  afterEach(() => {
    vi.restoreAllMocks()
    vi.useRealTimers()
  })

  it('keeps a value in localStorage with its expiry, under the adb_ prefix', () => {
    const s = createStorage()
    s.set('sid', 'abc', { maxAgeMs: 1000 })
    expect(JSON.parse(localStorage.getItem('adb_sid')!)).toMatchObject({ v: 'abc' })
    expect(s.get('sid')).toBe('abc')
  })

  it('mirrors in a first-party cookie when asked, and restores localStorage from it', () => {
    const s = createStorage()
    s.set('sid', 'abc', { maxAgeMs: 60_000, mirror: true })
    expect(readCookie('adb_sid')).toBe('abc')
    localStorage.clear()
    expect(createStorage().get('sid')).toBe('abc')
    expect(localStorage.getItem('adb_sid')).toContain('abc')
  })

  it('writes the cookie with path=/, SameSite=Lax and Secure on https', () => {
    const writes: string[] = []
    const desc = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!
    vi.spyOn(document, 'cookie', 'set').mockImplementation((v: string) => {
      writes.push(v)
      desc.set!.call(document, v)
    })
    createStorage().set('sid', 'x y', { maxAgeMs: 10_000, mirror: true })
    expect(writes[0]).toBe('adb_sid=x%20y; path=/; max-age=10; SameSite=Lax; Secure')
  })

  it('expires values', () => {
    vi.useFakeTimers({ now: 1_000_000 })
    const s = createStorage()
    s.set('k', 'v', { maxAgeMs: 5000 })
    vi.setSystemTime(1_004_999)
    expect(s.get('k')).toBe('v')
    vi.setSystemTime(1_005_001)
    expect(s.get('k')).toBeUndefined()
    expect(localStorage.getItem('adb_k')).toBeNull()
  })

  it('never throws when localStorage and cookies throw, and keeps values in memory', () => {
    vi.spyOn(window, 'localStorage', 'get').mockImplementation(() => {
      throw new DOMException('blocked', 'SecurityError')
    })
    const blocked = () => {
      throw new DOMException('blocked', 'SecurityError')
    }
    Object.defineProperty(document, 'cookie', { configurable: true, get: blocked, set: blocked })
    try {
      const s = createStorage()
      expect(() => s.set('sid', 'mem', { maxAgeMs: 1000, mirror: true })).not.toThrow()
      expect(s.get('sid')).toBe('mem')
      expect(() => s.remove('sid')).not.toThrow()
      expect(s.get('sid')).toBeUndefined()
    } finally {
      delete (document as unknown as { cookie?: string }).cookie // back to Document.prototype's accessor
    }
  })

  it('survives a full quota (setItem throws QuotaExceededError)', () => {
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError')
    })
    const s = createStorage()
    s.set('k', 'v', { maxAgeMs: 1000 })
    expect(s.get('k')).toBe('v')
  })

  it('writes nothing persistent when told not to (consent denied)', () => {
    const s = createStorage()
    s.setPersistent(false)
    s.set('sid', 'abc', { maxAgeMs: 1000, mirror: true })
    expect(localStorage.getItem('adb_sid')).toBeNull()
    expect(readCookie('adb_sid')).toBeUndefined()
    expect(s.get('sid')).toBe('abc')
  })

  it('ignores damaged entries', () => {
    localStorage.setItem('adb_k', '{not json')
    expect(createStorage().get('k')).toBeUndefined()
  })
})
