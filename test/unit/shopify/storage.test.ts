import { describe, expect, it, vi } from 'vitest'
import { preloadStorage } from '../../../src/shopify/storage'
import { createStandIn, memoryTop } from '../../support/shopify'

const entry = (v: string, e: number) => JSON.stringify({ v, e })

describe("preloadStorage (adbeacon's storage over Shopify's asynchronous browser object)", () => {
  it('reads the keys from the top frame once, the cookie winning over localStorage, expired entries left out', async () => {
    const future = Date.now() + 60_000
    const top = memoryTop({ adb_sid: 'sid-cookie' }, { adb_sid: entry('sid-local', future), adb_uid: entry('c-1', future), adb_landing: entry('[]', Date.now() - 1) })
    const calls = vi.fn(top.call)
    const storage = await preloadStorage(createStandIn(calls).browser, ['sid', 'uid', 'landing', 'sent'])
    const reads = calls.mock.calls.length
    expect(storage.get('sid')).toBe('sid-cookie')
    expect(storage.get('uid')).toBe('c-1')
    expect(storage.get('landing')).toBeUndefined()
    expect(storage.get('sent')).toBeUndefined()
    expect(calls.mock.calls.length).toBe(reads) // answered from memory
  })

  it('writes through to the top frame in the form identity/storage.ts reads; without persistence, only essential keys', async () => {
    const top = memoryTop()
    const storage = await preloadStorage(createStandIn(top.call).browser, [])
    storage.set('sent', '{"vtex:1":1}', { maxAgeMs: 1000, essential: true })
    storage.setPersistent(false)
    storage.set('outbox', '[]', { maxAgeMs: 1000 })
    storage.set('sent', '{"vtex:2":1}', { maxAgeMs: 1000, essential: true })
    await new Promise((ok) => setTimeout(ok, 0))
    expect(JSON.parse(top.local.get('adb_sent')!)).toEqual({ v: '{"vtex:2":1}', e: expect.any(Number) })
    expect(top.local.has('adb_outbox')).toBe(false)
    expect(storage.get('outbox')).toBe('[]') // still in memory for this page
    storage.remove('sent')
    await new Promise((ok) => setTimeout(ok, 0))
    expect(top.local.has('adb_sent')).toBe(false)
  })

  it('a browser object that throws or rejects costs nothing but the stored values', async () => {
    const fail = () => { throw new Error('sandbox') }
    const browser = { cookie: { get: fail }, localStorage: { getItem: () => Promise.reject(new Error('no')), setItem: fail, removeItem: fail } }
    const storage = await preloadStorage(browser as never, ['sid'])
    expect(storage.get('sid')).toBeUndefined()
    expect(() => storage.set('sid', 'x', { maxAgeMs: 1000 })).not.toThrow()
    expect(storage.get('sid')).toBe('x')
    expect(() => storage.remove('sid')).not.toThrow()
  })
})
