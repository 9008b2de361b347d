import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createLedger } from '../../../src/conversion/ledger'
import { createStorage } from '../../../src/identity/storage'
import { clearCookies } from '../support/cookies'

const DAY = 864e5

describe('ledger (sent orders)', () => {
  beforeEach(() => {
    localStorage.clear()
    clearCookies() // the ledger's newest entries are also in a cookie
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.restoreAllMocks()
  })
  const LEASE = 60_000

  it('claims a key once, across instances sharing localStorage (tabs, reloads)', () => {
    const tab1 = createLedger(createStorage(), () => 30 * DAY)
    const tab2 = createLedger(createStorage(), () => 30 * DAY)
    expect(tab1.claim('vtex:1', LEASE)).toBe(true)
    expect(tab2.claim('vtex:1', LEASE)).toBe(false)
    expect(tab1.claim('vtex:1', LEASE)).toBe(false)
    expect(tab2.claim('meta:1', LEASE)).toBe(true)
  })

  it('a claim never confirmed (the page died while hashing) lapses after its lease', () => {
    vi.useFakeTimers({ now: 0 })
    createLedger(createStorage(), () => 30 * DAY).claim('vtex:1', LEASE)
    vi.setSystemTime(LEASE - 1)
    expect(createLedger(createStorage(), () => 30 * DAY).claim('vtex:1', LEASE)).toBe(false)
    vi.setSystemTime(2 * LEASE)
    expect(createLedger(createStorage(), () => 30 * DAY).claim('vtex:1', LEASE)).toBe(true)
  })

  it('a confirmed claim holds for the window (30 days by default), then is forgotten', () => {
    vi.useFakeTimers({ now: 0 })
    const l = createLedger(createStorage(), () => 30 * DAY)
    l.claim('vtex:1', LEASE)
    l.confirm('vtex:1')
    vi.setSystemTime(30 * DAY - 1)
    expect(createLedger(createStorage(), () => 30 * DAY).has('vtex:1')).toBe(true)
    vi.setSystemTime(30 * DAY + 1)
    expect(createLedger(createStorage(), () => 30 * DAY).claim('vtex:1', LEASE)).toBe(true)
  })

  it('release gives a claim back', () => {
    const l = createLedger(createStorage(), () => DAY)
    l.claim('k', LEASE)
    l.release('k')
    expect(l.claim('k', LEASE)).toBe(true)
  })

  it('stays bounded', () => {
    const l = createLedger(createStorage(), () => DAY)
    for (let i = 0; i < 500; i++) l.claim(`vtex:${i}`, LEASE)
    const stored = JSON.parse(JSON.parse(localStorage.getItem('adb_sent')!).v)
    expect(Object.keys(stored).length).toBe(300)
    expect(l.has('vtex:499')).toBe(true)
    // 500 JSON rewrites of localStorage: under a full parallel run on a small machine this takes seconds
  }, 30_000)

  it('is kept in localStorage even when storage consent is denied (order ids identify nobody)', () => {
    const storage = createStorage()
    storage.setPersistent(false)
    createLedger(storage, () => DAY).claim('vtex:1', LEASE)
    expect(createLedger(createStorage(), () => DAY).has('vtex:1')).toBe(true)
  })

  it('still dedupes within the page when storage is blocked', () => {
    vi.spyOn(window, 'localStorage', 'get').mockImplementation(() => {
      throw new DOMException('blocked', 'SecurityError')
    })
    const l = createLedger(createStorage(), () => DAY)
    expect(l.claim('k', LEASE)).toBe(true)
    expect(l.claim('k', LEASE)).toBe(false)
  })

  describe('storage faults (the cookie copy)', () => {
    const cookieValue = () => decodeURIComponent(/(?:^|; )adb_sent_c=([^;]*)/.exec(document.cookie)?.[1] ?? '')

    it.each([
      ['localStorage throws', () => vi.spyOn(window, 'localStorage', 'get').mockImplementation(() => { throw new DOMException('blocked', 'SecurityError') })],
      ['setItem throws (full, or refusing writes)', () => {
        const refusing = { getItem: () => null, removeItem: () => {}, setItem: () => { throw new DOMException('full', 'QuotaExceededError') } }
        vi.spyOn(window, 'localStorage', 'get').mockReturnValue(refusing as unknown as Storage)
      }],
    ])('%s: a claim still holds across a reload and in another tab', (_, fault) => {
      fault()
      const page = createLedger(createStorage(), () => DAY)
      expect(page.claim('vtex:7', LEASE)).toBe(true)
      page.confirm('vtex:7')
      // nothing reached localStorage
      expect((() => { try { return localStorage.getItem('adb_sent') } catch { return null } })()).toBeNull()
      // a reload, a later tab: new storage and ledger, the same cookie jar
      expect(createLedger(createStorage(), () => DAY).claim('vtex:7', LEASE)).toBe(false)
      expect(createLedger(createStorage(), () => DAY).has('vtex:7')).toBe(true)
    })

    it('with cookies off, localStorage still holds every claim', () => {
      Object.defineProperty(document, 'cookie', { configurable: true, get: () => '', set: () => {} })
      try {
        const l = createLedger(createStorage(), () => DAY)
        for (let i = 0; i < 50; i++) l.claim(`vtex:${i}`, LEASE)
        const later = createLedger(createStorage(), () => DAY)
        for (let i = 0; i < 50; i++) expect(later.has(`vtex:${i}`)).toBe(true)
      } finally {
        delete (document as unknown as { cookie?: string }).cookie
      }
    })

    it('the cookie keeps the newest claims, about 1 KB', () => {
      const l = createLedger(createStorage(), () => DAY)
      for (let i = 0; i < 100; i++) {
        l.claim(`vtex:ORDER-${i}`, LEASE)
        l.confirm(`vtex:ORDER-${i}`)
      }
      expect(encodeURIComponent(cookieValue()).length).toBeLessThanOrEqual(1000)
      const kept = Object.keys(JSON.parse(cookieValue()))
      expect(kept.length).toBeGreaterThan(15)
      expect(kept).toContain('vtex:ORDER-99')
      expect(kept).not.toContain('vtex:ORDER-0')
      // a lease just taken is among the newest, though it ends sooner than the confirmed ones
      l.claim('vtex:NEW', LEASE)
      expect(Object.keys(JSON.parse(cookieValue()))).toContain('vtex:NEW')
    })

    it("a tab's own lease never shortens another tab's confirmed claim", () => {
      vi.useFakeTimers({ now: 0 })
      const a = createLedger(createStorage(), () => 30 * DAY)
      const b = createLedger(createStorage(), () => 30 * DAY)
      // both claimed at the same moment (localStorage is not atomic across processes, so a read
      // "free" too): b's lease stays in b's memory, while a, which got the order's lock, confirms
      b.claim('vtex:1', LEASE)
      a.confirm('vtex:1')
      b.claim('vtex:2', LEASE) // b writes the ledger again, with its lease of vtex:1 in memory
      vi.setSystemTime(2 * LEASE)
      expect(createLedger(createStorage(), () => 30 * DAY).has('vtex:1')).toBe(true)
    })
  })
})
