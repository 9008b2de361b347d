import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createLogger } from '../../../src/log'
import { createOutbox } from '../../../src/transport/outbox'
import { createStorage } from '../../../src/identity/storage'
import { createTransport, KEEPALIVE_LIMIT } from '../../../src/transport/transport'
import type { OutgoingRequest } from '../../../src/transport/request'

const conversion = (body = '{"order_id":"1"}'): OutgoingRequest => ({
  destination: 'vtex', url: 'https://events.example/v1/beacon/conversion', method: 'POST', body, contentType: 'application/json', key: 'vtex:1',
})

function setup() {
  const outbox = createOutbox(createStorage())
  return { outbox, transport: createTransport(outbox, createLogger()) }
}

describe('transport', () => {
  const realBeacon = navigator.sendBeacon
  beforeEach(() => localStorage.clear())
  afterEach(() => {
    Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: realBeacon })
    vi.unstubAllGlobals()
  })

  it('uses sendBeacon with a Blob typed application/json', async () => {
    const beacon = vi.fn(() => true)
    Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: beacon })
    const fetchSpy = vi.fn()
    vi.stubGlobal('fetch', fetchSpy)
    const { transport, outbox } = setup()
    expect(await transport.send(conversion())).toBe('sent')
    expect(beacon).toHaveBeenCalledTimes(1)
    const [url, blob] = beacon.mock.calls[0] as unknown as [string, Blob]
    expect(url).toBe('https://events.example/v1/beacon/conversion')
    expect(blob.type).toBe('application/json')
    expect(await blob.text()).toBe('{"order_id":"1"}')
    expect(fetchSpy).not.toHaveBeenCalled()
    expect(outbox.size()).toBe(0)
  })

  it.each([
    ['returns false', () => false],
    ['throws', () => { throw new DOMException('x', 'SecurityError') }],
  ])('falls back to fetch keepalive when sendBeacon %s', async (_, impl) => {
    Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: vi.fn(impl) })
    const fetchSpy = vi.fn(async () => new Response('{}', { status: 202 }))
    vi.stubGlobal('fetch', fetchSpy)
    const { transport, outbox } = setup()
    expect(await transport.send(conversion())).toBe('sent')
    const init = (fetchSpy.mock.calls[0] as unknown as [string, RequestInit])[1]
    expect(init).toMatchObject({ method: 'POST', keepalive: true, credentials: 'include', body: '{"order_id":"1"}' })
    expect(init.headers).toEqual({ 'content-type': 'application/json' })
    expect(outbox.size()).toBe(0)
  })

  it('falls back to fetch when sendBeacon is missing', async () => {
    Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: undefined })
    const fetchSpy = vi.fn(async () => new Response('{}', { status: 202 }))
    vi.stubGlobal('fetch', fetchSpy)
    expect(await setup().transport.send(conversion())).toBe('sent')
    expect(fetchSpy).toHaveBeenCalledTimes(1)
  })

  it('keeps the payload in the outbox when fetch fails too, and sends it on the next page view', async () => {
    Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: vi.fn(() => false) })
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch') }))
    const first = setup()
    expect(await first.transport.send(conversion())).toBe('queued')
    expect(first.outbox.size()).toBe(1)

    // next page view: beacon works again
    const beacon = vi.fn(() => true)
    Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: beacon })
    const next = setup()
    await next.transport.flush()
    expect(beacon).toHaveBeenCalledTimes(1)
    expect(next.outbox.size()).toBe(0)
  })

  it('counts an attempt before it is made, so attempts that die with the page still run out', async () => {
    Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: vi.fn(() => false) })
    vi.stubGlobal('fetch', vi.fn(() => new Promise(() => {}))) // the page dies while this is pending
    const { transport, outbox } = setup()
    void transport.send(conversion())
    expect(outbox.take()[0]!.tries).toBe(1)
  })

  it('flush keeps every entry stored while their sends are pending (page may die mid-flush)', async () => {
    const first = setup()
    for (const k of ['a', 'b', 'c']) first.outbox.put({ ...conversion(), key: k })
    Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: vi.fn(() => false) })
    vi.stubGlobal('fetch', vi.fn(() => new Promise(() => {})))
    void first.transport.flush()
    expect(first.outbox.take().map((e) => e.req.key).sort()).toEqual(['a', 'b', 'c'])
  })

  it('does not retry a body the platform refused (4xx), and warns', async () => {
    Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: vi.fn(() => false) })
    vi.stubGlobal('fetch', vi.fn(async () => new Response('[{"message":"must have required property \'user_id\'"}]', { status: 422 })))
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { transport, outbox } = setup()
    expect(await transport.send(conversion())).toBe('failed')
    expect(outbox.size()).toBe(0)
    expect(String(warn.mock.calls[0])).toContain('422')
    warn.mockRestore()
  })

  it('retries on 5xx', async () => {
    Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: vi.fn(() => false) })
    vi.stubGlobal('fetch', vi.fn(async () => new Response('', { status: 503 })))
    const { transport, outbox } = setup()
    expect(await transport.send(conversion())).toBe('queued')
    expect(outbox.take()[0]!.tries).toBe(1)
  })

  it('skips beacon and keepalive above the 64 KiB quota, using a plain fetch', async () => {
    const beacon = vi.fn(() => true)
    Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: beacon })
    const fetchSpy = vi.fn(async () => new Response('{}', { status: 202 }))
    vi.stubGlobal('fetch', fetchSpy)
    const big = JSON.stringify({ pad: 'x'.repeat(KEEPALIVE_LIMIT) })
    expect(await setup().transport.send(conversion(big))).toBe('sent')
    expect(beacon).not.toHaveBeenCalled()
    expect((fetchSpy.mock.calls[0] as unknown as [string, RequestInit])[1].keepalive).toBe(false)
  })

  it('does not keep ad events (persist: false) that cannot be sent', async () => {
    Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: vi.fn(() => false) })
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('offline') }))
    const { transport, outbox } = setup()
    expect(await transport.send({ destination: 'ads', url: 'https://e.example/v1/beacon/click/1', method: 'POST', body: '{}', persist: false })).toBe('failed')
    expect(outbox.size()).toBe(0)
  })

  it('sends GET pixels with fetch no-cors keepalive', async () => {
    const fetchSpy = vi.fn(async () => ({ type: 'opaque', ok: false, status: 0 }) as Response)
    vi.stubGlobal('fetch', fetchSpy)
    expect(await setup().transport.send({ destination: 'meta', url: 'https://www.facebook.com/tr?id=1&ev=Purchase', method: 'GET', key: 'meta:1' })).toBe('sent')
    expect((fetchSpy.mock.calls[0] as unknown as [string, RequestInit])[1]).toMatchObject({ mode: 'no-cors', keepalive: true, method: 'GET' })
  })
})
