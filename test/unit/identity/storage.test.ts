import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createStorage, readCookie } from '../../../src/identity/storage'
import { clearCookies, cookieAccessor } from '../support/cookies'



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
    const desc = cookieAccessor()
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

  it('the cookie (shared by paths and subdomains) wins over a different localStorage copy, which is resynced', () => {
    localStorage.setItem('adb_sid', JSON.stringify({ v: 'this-host-old', e: Date.now() + 1e9 }))
    document.cookie = 'adb_sid=shared; path=/'
    expect(createStorage().get('sid')).toBe('shared')
    expect(JSON.parse(localStorage.getItem('adb_sid')!).v).toBe('shared')
  })

  it('a value written while storage was denied (or full) beats the older stored one', () => {
    const s = createStorage()
    s.set('uid', 'c-0', { maxAgeMs: 1e6, mirror: true })
    s.setPersistent(false)
    s.set('uid', 'c-1', { maxAgeMs: 1e6, mirror: true })
    expect(s.get('uid')).toBe('c-1')
    s.setPersistent(true)
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => { throw new DOMException('full', 'QuotaExceededError') })
    const t = createStorage()
    t.set('k', 'old', { maxAgeMs: 1e6 })
    vi.restoreAllMocks()
    localStorage.setItem('adb_k', JSON.stringify({ v: 'older', e: Date.now() + 1e6 }))
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => { throw new DOMException('full', 'QuotaExceededError') })
    t.set('k', 'new', { maxAgeMs: 1e6 })
    expect(t.get('k')).toBe('new')
  })

  it('essential values are kept even when storage is not persistent', () => {
    const s = createStorage()
    s.setPersistent(false)
    s.set('sent', 'x', { maxAgeMs: 1000, essential: true })
    s.set('sid', 'y', { maxAgeMs: 1000, mirror: true })
    expect(localStorage.getItem('adb_sent')).toContain('x')
    expect(localStorage.getItem('adb_sid')).toBeNull()
    expect(readCookie('adb_sid')).toBeUndefined()
  })

  it('reads the cookie domain when writing, so config() can change it', () => {
    const writes: string[] = []
    const desc = cookieAccessor()
    vi.spyOn(document, 'cookie', 'set').mockImplementation((v: string) => { writes.push(v); desc.set!.call(document, v) })
    let domain: string | undefined
    const s = createStorage({ cookieDomain: () => domain })
    s.set('a', '1', { maxAgeMs: 1000, mirror: true })
    domain = '.example.com'
    s.set('b', '2', { maxAgeMs: 1000, mirror: true })
    expect(writes[0]).not.toContain('domain=')
    expect(writes[1]).toContain('domain=.example.com')
  })

  it('ignores damaged entries', () => {
    localStorage.setItem('adb_k', '{not json')
    expect(createStorage().get('k')).toBeUndefined()
  })
})
