import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createLedger } from '../../../src/conversion/ledger'
import { createStorage } from '../../../src/identity/storage'

const DAY = 864e5

describe('ledger (sent orders)', () => {
  beforeEach(() => localStorage.clear())
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
})
