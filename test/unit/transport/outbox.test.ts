import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createLogger } from '../../../src/log'
import { createOutbox, OUTBOX_MAX_ENTRIES } from '../../../src/transport/outbox'
import { createStorage } from '../../../src/identity/storage'
import type { OutgoingRequest } from '../../../src/transport/request'

const DAY = 864e5
const req = (key: string, body = '{}'): OutgoingRequest => ({ destination: 'vtex', url: 'https://e.example/c', method: 'POST', body, key })

describe('outbox', () => {
  beforeEach(() => localStorage.clear())

  it('keeps one entry per key, and remove() takes one out', () => {
    const o = createOutbox(createStorage())
    o.put(req('a'))
    o.put(req('a', '{"x":1}'), 2)
    o.put(req('b'))
    expect(o.list().map((e) => [e.req.key, e.req.body, e.tries])).toEqual([['a', '{"x":1}', 2], ['b', '{}', 0]])
    o.remove('a')
    expect(o.list().map((e) => e.req.key)).toEqual(['b'])
    o.remove('b')
    expect(localStorage.getItem('adb_outbox')).toBeNull()
  })

  it('an entry put with a wait is not due before it (a page delivering it, or its backoff)', () => {
    vi.useFakeTimers({ now: 1000 })
    const o = createOutbox(createStorage())
    o.put(req('a'), 1, 30_000)
    o.put(req('b'), 1)
    expect(o.list().map((e) => [e.req.key, e.busy])).toEqual([['a', 31_000], ['b', undefined]])
    vi.useRealTimers()
  })

  it('an entry keeps the expiry of its first attempt across retries', () => {
    vi.useFakeTimers({ now: 0 })
    const o = createOutbox(createStorage())
    o.put(req('a'))
    vi.setSystemTime(6 * DAY)
    o.put(req('a'), 3)
    vi.setSystemTime(7 * DAY + 1)
    expect(o.list()).toHaveLength(0)
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
    expect(o.list()).toHaveLength(OUTBOX_MAX_ENTRIES)
    expect(o.list().at(-1)!.req.key).toBe('k49')
  })

  it('is capped in bytes (1 MiB of entries)', () => {
    const o = createOutbox(createStorage())
    for (let i = 0; i < 10; i++) o.put(req(`k${i}`, 'x'.repeat(200_000)))
    expect(localStorage.getItem('adb_outbox')!.length).toBeLessThan(1.1 * 1024 * 1024)
    expect(o.list().length).toBeLessThan(10)
    expect(o.list().at(-1)!.req.key).toBe('k9')
  })

  it('keeps four orders of ~100 KB each (a page that reports them and leaves at once)', () => {
    const body = (n: number) => JSON.stringify({ order_id: `big-${n}`, items: Array.from({ length: 900 }, (_, i) => ({ sku: `SKU-${i}`, quantity: 1, price: 19.9, promotional_price: 17.9, seller_id: '1', product_id: `P-${i}` })) })
    expect(body(0).length).toBeGreaterThan(90_000)
    const o = createOutbox(createStorage())
    for (let n = 0; n < 4; n++) o.put(req(`vtex:big-${n}`, body(n)))
    expect(o.list().map((e) => e.req.key)).toEqual(['vtex:big-0', 'vtex:big-1', 'vtex:big-2', 'vtex:big-3'])
  })
})
