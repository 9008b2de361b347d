import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createLedger } from '../../../src/conversion/ledger'
import { createLogger } from '../../../src/log'
import { createOutbox, OUTBOX_MAX_ENTRIES } from '../../../src/transport/outbox'
import { createStorage } from '../../../src/identity/storage'
import type { OutgoingRequest } from '../../../src/transport/request'

const DAY = 864e5
const req = (key: string, body = '{}'): OutgoingRequest => ({ destination: 'vtex', url: 'https://e.example/c', method: 'POST', body, key })

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
  })

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

describe('outbox', () => {
  beforeEach(() => localStorage.clear())

  it('keeps one entry per key, and take() empties it', () => {
    const o = createOutbox(createStorage())
    o.put(req('a'))
    o.put(req('a', '{"x":1}'), 2)
    o.put(req('b'))
    expect(o.size()).toBe(2)
    const taken = o.take()
    expect(taken.map((e) => [e.req.key, e.tries])).toEqual([['a', 2], ['b', 0]])
    expect(o.size()).toBe(0)
  })

  it('an entry keeps the expiry of its first failure across retries', () => {
    vi.useFakeTimers({ now: 0 })
    const o = createOutbox(createStorage())
    o.put(req('a'))
    vi.setSystemTime(6 * DAY)
    o.put(req('a'), 3)
    vi.setSystemTime(7 * DAY + 1)
    expect(o.size()).toBe(0)
    vi.useRealTimers()
  })

  it('warns when it has to drop entries', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const o = createOutbox(createStorage(), createLogger())
    for (let i = 0; i <= OUTBOX_MAX_ENTRIES; i++) o.put(req(`k${i}`))
    expect(String(warn.mock.calls[0])).toContain('k0')
    warn.mockRestore()
  })

  it('is capped in entries so it never fills localStorage', () => {
    const o = createOutbox(createStorage())
    for (let i = 0; i < 50; i++) o.put(req(`k${i}`))
    expect(o.size()).toBe(OUTBOX_MAX_ENTRIES)
    expect(o.take().at(-1)!.req.key).toBe('k49')
  })

  it('is capped in bytes', () => {
    const o = createOutbox(createStorage())
    for (let i = 0; i < 10; i++) o.put(req(`k${i}`, 'x'.repeat(60_000)))
    expect(localStorage.getItem('adb_outbox')!.length).toBeLessThan(300 * 1024)
    expect(o.size()).toBeLessThan(10)
  })
})
