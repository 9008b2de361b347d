import { afterEach, describe, expect, it, vi } from 'vitest'
import { createLogger } from '../../../src/log'
import { keepaliveSend } from '../../../src/shopify/send'
import { createOutbox } from '../../../src/transport/outbox'
import { createStorage } from '../../../src/identity/storage'
import type { OutgoingRequest } from '../../../src/transport/request'

const post: OutgoingRequest = { destination: 'vtex', url: 'https://events.example/v1/beacon/conversion', method: 'POST', body: '{"order_id":"1"}', contentType: 'application/json', key: 'vtex:1' }
const get: OutgoingRequest = { destination: 'meta', url: 'https://www.facebook.com/tr?id=1&ev=Purchase', method: 'GET', key: 'meta:1' }

describe('keepaliveSend (the pixel sandbox sends with fetch keepalive)', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    localStorage.clear()
  })

  it('POSTs the JSON with keepalive and no credentials; GETs without CORS; never uses sendBeacon', async () => {
    const fetchSpy = vi.fn(async () => new Response('{}', { status: 202 }))
    vi.stubGlobal('fetch', fetchSpy)
    const beacon = vi.fn(() => true)
    vi.stubGlobal('navigator', { sendBeacon: beacon })
    const send = keepaliveSend(createOutbox(createStorage()), createLogger())
    expect(await send(post)).toBe('sent')
    expect(fetchSpy).toHaveBeenLastCalledWith(post.url, { method: 'POST', credentials: 'omit', keepalive: true, body: post.body, headers: { 'content-type': 'application/json' } })
    fetchSpy.mockResolvedValueOnce({ type: 'opaque', ok: false, status: 0 } as Response)
    expect(await send(get)).toBe('sent')
    expect(fetchSpy).toHaveBeenLastCalledWith(get.url, { method: 'GET', credentials: 'omit', keepalive: true, mode: 'no-cors' })
    expect(beacon).not.toHaveBeenCalled()
  })

  it('a body over the keepalive quota goes without keepalive', async () => {
    const fetchSpy = vi.fn(async () => new Response('{}', { status: 202 }))
    vi.stubGlobal('fetch', fetchSpy)
    await keepaliveSend(createOutbox(createStorage()), createLogger())({ ...post, body: 'x'.repeat(30_000) })
    expect((fetchSpy.mock.calls[0] as unknown as [string, RequestInit])[1].keepalive).toBe(false)
  })

  it('a refusal (4xx) is failed and not kept; a network failure or 5xx is kept in the outbox for adbeacon.js', async () => {
    const outbox = createOutbox(createStorage())
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    vi.stubGlobal('fetch', vi.fn(async () => new Response('[]', { status: 422 })))
    const send = keepaliveSend(outbox, createLogger())
    expect(await send(post)).toBe('failed')
    expect(warn).toHaveBeenCalledWith('[adbeacon]', 'refused:', 'vtex refused the request (422)')
    expect(outbox.list()).toHaveLength(0)
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch') }))
    expect(await send(post)).toBe('queued')
    vi.stubGlobal('fetch', vi.fn(async () => new Response('', { status: 503 })))
    expect(await send(get)).toBe('queued')
    expect(outbox.list().map((e) => e.req.key)).toEqual(['vtex:1', 'meta:1'])
    warn.mockRestore()
  })
})
