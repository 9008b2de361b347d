import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createLogger } from '../../../src/log'
import { createOutbox, OUTBOX_MAX_ENTRIES } from '../../../src/transport/outbox'
import { createStorage } from '../../../src/identity/storage'
import type { OutgoingRequest } from '../../../src/transport/request'

const DAY = 864e5
const req = (key: string, body = '{}'): OutgoingRequest => ({ destination: 'vtex', url: 'https://e.example/c', method: 'POST', body, key })

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
