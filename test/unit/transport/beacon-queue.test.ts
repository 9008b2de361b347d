import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createBeaconQueue } from '../../../src/transport/beacon-queue'

const url = (i: number) => `https://events.newtail-media.newtail.com.br/v1/beacon/impression/ad-${i}?event_id=e${i}&sign=s`
const body = (sessionId = 'sess-1', userId?: string) => new URLSearchParams(userId ? { session_id: sessionId, user_id: userId } : { session_id: sessionId })

let calls: Array<{ url: string; body: unknown }>
let answer: (url: string, n: number) => boolean
let visibility: DocumentVisibilityState

beforeEach(() => {
  vi.useFakeTimers()
  calls = []
  answer = () => true
  Object.defineProperty(navigator, 'sendBeacon', {
    configurable: true,
    value: vi.fn((u: string, b: unknown) => {
      calls.push({ url: u, body: b })
      return answer(u, calls.length)
    }),
  })
  visibility = 'visible'
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility })
})
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
  visibility = 'visible'
})

/** The browser fires visibilitychange at the document, bubbling (https://html.spec.whatwg.org/#update-the-visibility-state). */
const hide = () => {
  visibility = 'hidden'
  document.dispatchEvent(new Event('visibilitychange', { bubbles: true }))
}

describe('beacon queue (ad events)', () => {
  it('hands each event to sendBeacon with its URL and URLSearchParams body (session_id, user_id) as given', () => {
    const q = createBeaconQueue()
    const b = body('sess-1', 'cust-42')
    q.push(url(1), b)
    q.push(url(2), body('sess-1'))
    expect(calls).toHaveLength(0) // not inside the caller's task
    vi.advanceTimersByTime(0)
    expect(calls.map((c) => c.url)).toEqual([url(1), url(2)])
    expect(calls[0]!.body).toBe(b)
    expect(calls[0]!.body).toBeInstanceOf(URLSearchParams)
    expect(Object.fromEntries(calls[0]!.body as URLSearchParams)).toEqual({ session_id: 'sess-1', user_id: 'cust-42' })
    expect(Object.fromEntries(calls[1]!.body as URLSearchParams)).toEqual({ session_id: 'sess-1' })
  })

  it('a burst of 100 goes at most 20 per task, a task every 50 ms, in order', () => {
    const q = createBeaconQueue()
    for (let i = 0; i < 100; i++) q.push(url(i), body())
    const perTask: number[] = []
    let before = 0
    while (vi.getTimerCount()) {
      vi.advanceTimersToNextTimer()
      perTask.push(calls.length - before)
      before = calls.length
    }
    expect(perTask).toEqual([20, 20, 20, 20, 20])
    expect(calls.map((c) => c.url)).toEqual(Array.from({ length: 100 }, (_, i) => url(i)))
    // paced: the second batch waits 50 ms after the first
    const q2 = createBeaconQueue()
    calls = []
    for (let i = 0; i < 40; i++) q2.push(url(i), body())
    vi.advanceTimersByTime(0)
    expect(calls).toHaveLength(20)
    vi.advanceTimersByTime(49)
    expect(calls).toHaveLength(20)
    vi.advanceTimersByTime(1)
    expect(calls).toHaveLength(40)
  })

  it('sendBeacon returning false (keepalive quota full) keeps the event for the next batch', () => {
    const q = createBeaconQueue()
    answer = (_u, n) => n !== 3 // the third call is refused once
    for (let i = 0; i < 5; i++) q.push(url(i), body())
    vi.advanceTimersByTime(0)
    // the batch stops at the refusal: the quota is full, the rest waits too
    expect(calls.map((c) => c.url)).toEqual([url(0), url(1), url(2)])
    vi.advanceTimersByTime(50)
    expect(calls.map((c) => c.url)).toEqual([url(0), url(1), url(2), url(2), url(3), url(4)])
    expect(vi.getTimerCount()).toBe(0)
  })

  it('an event refused again and again is dropped after a few tries, not retried forever', () => {
    const q = createBeaconQueue()
    answer = (u) => u !== url(0)
    q.push(url(0), body())
    q.push(url(1), body())
    vi.runAllTimers()
    expect(calls.filter((c) => c.url === url(0)).length).toBe(5)
    expect(calls.filter((c) => c.url === url(1)).length).toBe(1)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('a click (`now`) goes synchronously, ahead of the queue', () => {
    const q = createBeaconQueue()
    for (let i = 0; i < 30; i++) q.push(url(i), body())
    q.push('https://events.newtail-media.newtail.com.br/v1/beacon/click/ad-9', body(), true)
    expect(calls.map((c) => c.url)).toEqual(['https://events.newtail-media.newtail.com.br/v1/beacon/click/ad-9'])
    vi.runAllTimers()
    expect(calls).toHaveLength(31)
  })

  it('a click that sendBeacon refuses is queued, not lost', () => {
    const q = createBeaconQueue()
    answer = (_u, n) => n !== 1
    q.push(url(7), body(), true)
    expect(calls).toHaveLength(1)
    vi.advanceTimersByTime(0)
    expect(calls.map((c) => c.url)).toEqual([url(7), url(7)])
  })

  it('the page turning hidden (tab switch, navigation) sends everything left at once', () => {
    const q = createBeaconQueue()
    for (let i = 0; i < 100; i++) q.push(url(i), body())
    vi.advanceTimersByTime(0)
    expect(calls).toHaveLength(20)
    hide()
    expect(calls).toHaveLength(100)
    expect(calls.map((c) => c.url)).toEqual(Array.from({ length: 100 }, (_, i) => url(i)))
    vi.runAllTimers()
    expect(calls).toHaveLength(100)
  })

  it('visibilitychange to visible sends nothing early', () => {
    const q = createBeaconQueue()
    for (let i = 0; i < 50; i++) q.push(url(i), body())
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }))
    expect(calls).toHaveLength(0)
  })

  it('without sendBeacon (old WebViews), a keepalive fetch without preflight', () => {
    Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: undefined })
    const fetchSpy = vi.fn(async () => new Response(null))
    vi.stubGlobal('fetch', fetchSpy)
    const q = createBeaconQueue()
    const b = body('s', 'u')
    q.push(url(1), b, true)
    expect(fetchSpy).toHaveBeenCalledWith(url(1), { method: 'POST', body: b, keepalive: true, credentials: 'include', mode: 'no-cors' })
  })

  it('never throws when sendBeacon throws; the event is retried', () => {
    const q = createBeaconQueue()
    let n = 0
    Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: () => { if (n++ === 0) throw new TypeError('bad'); return true } })
    expect(() => q.push(url(1), body(), true)).not.toThrow()
    expect(() => vi.runAllTimers()).not.toThrow()
    expect(n).toBe(2)
  })
})
