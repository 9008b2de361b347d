import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createLogger } from '../../../src/log'
import { createOutbox, OUTBOX_MAX_TRIES } from '../../../src/transport/outbox'
import { createStorage } from '../../../src/identity/storage'
import { backoffMs, createTransport, KEEPALIVE_LIMIT } from '../../../src/transport/transport'
import type { OutgoingRequest } from '../../../src/transport/request'

const conversion = (body = '{"order_id":"1"}', key = 'vtex:1'): OutgoingRequest => ({
  destination: 'vtex', url: 'https://events.example/v1/beacon/conversion', method: 'POST', body, contentType: 'application/json', key,
})
const pixel: OutgoingRequest = { destination: 'meta', url: 'https://www.facebook.com/tr?id=1&ev=Purchase&eid=1', method: 'GET', key: 'meta:1' }

/** One page view: its own transport over the shared localStorage. */
function page() {
  const outbox = createOutbox(createStorage())
  return { outbox, transport: createTransport(outbox, createLogger()) }
}

const init = (spy: { mock: { calls: unknown[][] } }, i = 0) => spy.mock.calls[i]![1] as RequestInit
const answer = (status: number) => vi.fn(async () => new Response(status === 204 ? null : '{}', { status }))
const never = () => vi.fn(() => new Promise<Response>(() => {}))
/** Under fake timers: a failure is acted on a task later (transport.ts), so let that task run. */
async function settled<T>(p: Promise<T>): Promise<T> {
  await vi.advanceTimersByTimeAsync(0)
  return p
}
/** A fetch whose answers wait until release(): a test leaves no request of its own out for the next one's page exit. */
function held() {
  const waiting: Array<(r: Response) => void> = []
  const spy = vi.fn(() => new Promise<Response>((ok) => waiting.push(ok)))
  return { spy, release: async () => { for (const ok of waiting) ok(new Response('{}', { status: 202 })); await new Promise((ok) => setTimeout(ok, 0)) } }
}

describe('transport: delivery that is observed', () => {
  let beacon: ReturnType<typeof vi.fn<(url: string, data: Blob) => boolean>>
  beforeEach(() => {
    localStorage.clear()
    beacon = vi.fn((_url: string, _data: Blob) => true)
    Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: beacon })
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.restoreAllMocks()
    vi.unstubAllGlobals()
  })

  it('sends by fetch with keepalive, typed JSON, credentials included; a 2xx is delivered and leaves the outbox', async () => {
    const fetchSpy = answer(202)
    vi.stubGlobal('fetch', fetchSpy)
    const { transport, outbox } = page()
    expect(await transport.send(conversion())).toBe('sent')
    expect((fetchSpy.mock.calls[0] as unknown[])[0]).toBe('https://events.example/v1/beacon/conversion')
    expect(init(fetchSpy)).toMatchObject({ method: 'POST', keepalive: true, credentials: 'include', body: '{"order_id":"1"}', headers: { 'content-type': 'application/json' } })
    expect(beacon).not.toHaveBeenCalled()
    expect(outbox.list()).toEqual([])
  })

  it('is in the outbox before it leaves, its attempt counted and left alone by other flushes while it is out', async () => {
    vi.useFakeTimers({ now: 5000 })
    vi.stubGlobal('fetch', never())
    const { transport, outbox } = page()
    void transport.send(conversion())
    expect(outbox.list()).toEqual([expect.objectContaining({ tries: 1, busy: 5000 + 30_000, req: conversion() })])
    // another tab's flush leaves it alone while it is busy
    const other = page()
    await other.transport.flush()
    expect(vi.mocked(fetch)).toHaveBeenCalledTimes(1)
  })

  it.each([
    ['503', () => answer(503)],
    ['500', () => answer(500)],
    ['408', () => answer(408)],
    ['429', () => answer(429)],
    ['a refused or reset connection', () => vi.fn(async () => { throw new TypeError('Failed to fetch') })],
  ])('%s: not delivered, kept with its attempt counted and a backoff (never counted as sent)', async (_, make) => {
    vi.useFakeTimers({ now: 0 })
    vi.stubGlobal('fetch', make())
    const { transport, outbox } = page()
    expect(await settled(transport.send(conversion()))).toBe('queued')
    expect(outbox.list()).toEqual([expect.objectContaining({ tries: 1, busy: backoffMs(1) })])
    expect(beacon).not.toHaveBeenCalled()
  })

  it('this page sends it again after the backoff, with the same body, and it leaves the outbox once delivered', async () => {
    vi.useFakeTimers({ now: 0 })
    const fetchSpy = vi.fn().mockResolvedValueOnce(new Response('', { status: 503 })).mockResolvedValue(new Response('{}', { status: 202 }))
    vi.stubGlobal('fetch', fetchSpy)
    const { transport, outbox } = page()
    expect(await settled(transport.send(conversion()))).toBe('queued')
    await vi.advanceTimersByTimeAsync(backoffMs(1) - 1)
    expect(fetchSpy).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(fetchSpy).toHaveBeenCalledTimes(2)
    expect(init(fetchSpy, 1).body).toBe('{"order_id":"1"}')
    expect(outbox.list()).toEqual([])
  })

  it('the backoff grows: 2 s, 8 s, 32 s …', () => {
    expect([1, 2, 3, 9].map(backoffMs)).toEqual([2000, 8000, 32_000, 131_072_000])
  })

  it('a later page view sends what is due, and waits for what is not', async () => {
    vi.useFakeTimers({ now: 0 })
    vi.stubGlobal('fetch', answer(503))
    const first = page()
    await settled(first.transport.send(conversion()))
    await settled(first.transport.send(conversion('{"order_id":"2"}', 'vtex:2')))
    vi.clearAllTimers() // the first page is gone, and its retry timer with it
    // the network is back; the next page view comes 1 s later: nothing is due yet
    const fetchSpy = answer(202)
    vi.stubGlobal('fetch', fetchSpy)
    const next = page()
    vi.setSystemTime(1000)
    await next.transport.flush()
    expect(fetchSpy).not.toHaveBeenCalled()
    // the page stays open: it sends them when they are due
    await vi.advanceTimersByTimeAsync(backoffMs(1))
    expect(fetchSpy.mock.calls.map((c) => init({ mock: { calls: [c] } }).body).sort()).toEqual(['{"order_id":"1"}', '{"order_id":"2"}'])
    expect(next.outbox.list()).toEqual([])
  })

  it('a failure seen while the page is being left is no failure: the keepalive request goes on, its entry stays left alone', async () => {
    vi.useFakeTimers({ now: 0 })
    let fail!: () => void
    vi.stubGlobal('fetch', vi.fn(() => new Promise<Response>((_, no) => (fail = () => no(new TypeError('Failed to fetch'))))))
    const { transport, outbox } = page()
    const pending = transport.send(conversion())
    // Chromium rejects the page's fetches at pagehide, even one whose keepalive request arrives;
    // the rejection may be handled before this page's own pagehide listener runs
    fail()
    for (let i = 0; i < 10; i++) await Promise.resolve()
    dispatchEvent(new Event('pagehide'))
    expect(await settled(pending)).toBe('queued')
    expect(outbox.list()).toEqual([expect.objectContaining({ tries: 1, busy: 30_000 })])
    dispatchEvent(new Event('pageshow'))
  })

  it('a 4xx is the platform refusing the body: not sent again, and a console error with the status', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('[{"message":"must have required property \'user_id\'"}]', { status: 422 })))
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const { transport, outbox } = page()
    expect(await transport.send(conversion())).toBe('failed')
    expect(outbox.list()).toEqual([])
    expect(error.mock.calls[0]!.join(' ')).toContain('vtex refused the sale (422)')
    expect(error.mock.calls[0]!.join(' ')).toContain("user_id")
  })

  it(`gives up after ${OUTBOX_MAX_TRIES} attempts, with a warning`, async () => {
    vi.stubGlobal('fetch', answer(503))
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { outbox } = page()
    outbox.put(conversion(), OUTBOX_MAX_TRIES - 1)
    const next = page()
    await next.transport.flush()
    expect(next.outbox.list()).toEqual([])
    expect(warn.mock.calls[0]!.join(' ')).toContain(`gave up after ${OUTBOX_MAX_TRIES} attempts`)
  })

  it('above what is left of the 64 KiB keepalive quota, a plain fetch (the quota is shared by every request in flight)', async () => {
    const { spy: fetchSpy, release } = held()
    vi.stubGlobal('fetch', fetchSpy)
    const { transport } = page()
    const body = (n: number) => JSON.stringify({ order_id: String(n), pad: 'x'.repeat(n) })
    void transport.send(conversion(body(40_000), 'vtex:a'))
    void transport.send(conversion(body(20_000), 'vtex:b'))
    void transport.send(conversion(body(KEEPALIVE_LIMIT), 'vtex:c'))
    void transport.send(conversion(body(1000), 'vtex:d'))
    expect(fetchSpy.mock.calls.map((_, i) => init(fetchSpy, i).keepalive)).toEqual([true, false, false, true])
    await release()
  })

  it('a big body is delivered by a plain fetch while the page lives', async () => {
    const fetchSpy = answer(202)
    vi.stubGlobal('fetch', fetchSpy)
    const { transport, outbox } = page()
    expect(await transport.send(conversion(JSON.stringify({ pad: 'x'.repeat(100_000) })))).toBe('sent')
    expect(init(fetchSpy).keepalive).toBe(false)
    expect(outbox.list()).toEqual([])
  })

  it('at page exit, a plain fetch still out goes by sendBeacon if the browser takes it (then left alone like a keepalive request), else is freed for the next page view', async () => {
    vi.useFakeTimers({ now: 0 })
    // the browser's own rule: nothing above the 64 KiB keepalive quota
    beacon.mockImplementation((_: string, blob: Blob) => blob.size <= KEEPALIVE_LIMIT)
    const { spy, release } = held()
    vi.stubGlobal('fetch', spy)
    const { transport, outbox } = page()
    const first = conversion(JSON.stringify({ order_id: 's', pad: 'x'.repeat(40_000) }), 'vtex:s')
    const big = conversion(JSON.stringify({ order_id: 'b', pad: 'x'.repeat(70_000) }), 'vtex:b')
    const mid = conversion(JSON.stringify({ order_id: 'm', pad: 'x'.repeat(30_000) }), 'vtex:m')
    void transport.send(first) // keepalive
    void transport.send(big) // plain: over the quota
    void transport.send(mid) // plain: over what the first one left
    dispatchEvent(new Event('pagehide'))
    expect(beacon.mock.calls.map((c) => c[0])).toEqual([big.url, mid.url])
    const blob = beacon.mock.calls[1]![1] as Blob
    expect(blob.type).toBe('application/json')
    expect(await blob.text()).toBe(mid.body)
    expect(outbox.list().map((e) => [e.req.key, e.busy])).toEqual([['vtex:s', 30_000], ['vtex:b', undefined], ['vtex:m', 30_000]])
    // a second exit event (visibilitychange after pagehide) sends nothing more
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' })
    document.dispatchEvent(new Event('visibilitychange'))
    dispatchEvent(new Event('visibilitychange'))
    delete (document as unknown as { visibilityState?: string }).visibilityState
    expect(beacon).toHaveBeenCalledTimes(2)
    // the next page view sends the freed one at once
    const fetchSpy = answer(202)
    vi.stubGlobal('fetch', fetchSpy)
    const next = page()
    await next.transport.flush()
    expect(fetchSpy.mock.calls.map((_, i) => JSON.parse(init(fetchSpy, i).body as string).order_id)).toEqual(['b'])
    expect(next.outbox.list().map((e) => e.req.key)).toEqual(['vtex:s', 'vtex:m'])
    vi.useRealTimers()
    await release()
  })

  it('leave(): a request the page could not send before it is left goes by sendBeacon (POST) or keepalive fetch (GET), and waits in the outbox, left alone for 30 s', () => {
    vi.useFakeTimers({ now: 0 })
    const fetchSpy = never()
    vi.stubGlobal('fetch', fetchSpy)
    const { transport, outbox } = page()
    transport.leave(conversion())
    transport.leave(pixel)
    expect(beacon.mock.calls.map((c) => c[0])).toEqual([conversion().url])
    expect(init(fetchSpy)).toMatchObject({ method: 'GET', mode: 'no-cors', keepalive: true })
    expect(outbox.list().map((e) => [e.req.key, e.tries, e.busy])).toEqual([['vtex:1', 1, 30_000], ['meta:1', 1, 30_000]])
    // the browser refuses the beacon: free for the next page view at once
    beacon.mockReturnValue(false)
    transport.leave(conversion('{"order_id":"2"}', 'vtex:2'))
    expect(outbox.list().at(-1)).toMatchObject({ req: { key: 'vtex:2' }, tries: 1 })
    expect(outbox.list().at(-1)!.busy).toBeUndefined()
  })

  it("this page's own flush leaves its deliveries in progress alone", async () => {
    const { spy: fetchSpy, release } = held()
    vi.stubGlobal('fetch', fetchSpy)
    const { transport } = page()
    void transport.send(conversion(JSON.stringify({ pad: 'x'.repeat(70_000) })))
    await transport.flush()
    expect(fetchSpy).toHaveBeenCalledTimes(1)
    await release()
  })

  it('flush keeps every entry stored while their sends are pending (the page may die mid-flush)', async () => {
    const first = page()
    for (const k of ['a', 'b', 'c']) first.outbox.put({ ...conversion(), key: k })
    vi.stubGlobal('fetch', never())
    void page().transport.flush()
    expect(first.outbox.list().map((e) => [e.req.key, e.tries])).toEqual([['a', 1], ['b', 1], ['c', 1]])
  })

  it('a GET pixel goes by no-cors keepalive fetch: a completed opaque request counts as delivered', async () => {
    const fetchSpy = vi.fn(async () => ({ type: 'opaque', ok: false, status: 0 }) as Response)
    vi.stubGlobal('fetch', fetchSpy)
    const { transport, outbox } = page()
    expect(await transport.send(pixel)).toBe('sent')
    expect(init(fetchSpy)).toMatchObject({ mode: 'no-cors', keepalive: true, method: 'GET' })
    expect(outbox.list()).toEqual([])
  })

  it.each([
    ['loads', 'onload', 'sent', 0],
    ['fails', 'onerror', 'queued', 1],
  ] as const)('a GET pixel whose fetch fails (a CSP on connect-src) is tried as an image; the image %s: %s', async (_, event, status, kept) => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Refused to connect') }))
    const images: Array<Record<string, unknown>> = []
    vi.stubGlobal('Image', class { constructor() { images.push(this as never) } })
    const { transport, outbox } = page()
    const pending = transport.send(pixel)
    await vi.waitFor(() => expect(images[0]?.src).toBe(pixel.url))
    ;(images[0]![event] as () => void)()
    expect(await pending).toBe(status)
    expect(outbox.list()).toHaveLength(kept)
  })
})
