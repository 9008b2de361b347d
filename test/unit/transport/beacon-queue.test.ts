import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createBeaconQueue } from '../../../src/transport/beacon-queue'

// Ad events: a keepalive fetch each, at most 64 in flight (the next when one is done); a click, and
// whatever still waits when the page is hidden, by sendBeacon at once (src/transport/beacon-queue.ts).

const url = (i: number) => `https://events.newtail-media.newtail.com.br/v1/beacon/impression/ad-${i}?event_id=e${i}&sign=s`
const body = (sessionId = 'sess-1', userId?: string) => new URLSearchParams(userId ? { session_id: sessionId, user_id: userId } : { session_id: sessionId })

interface Pending { url: string; init: RequestInit; settle(ok: boolean): void }
let fetches: Pending[]
let open: Pending[]
let maxInFlight: number
let beacons: Array<{ url: string; body: unknown }>
let beaconAnswer: (url: string, n: number) => boolean
let visibility: DocumentVisibilityState

beforeEach(() => {
  fetches = []
  open = []
  maxInFlight = 0
  vi.stubGlobal('fetch', vi.fn((u: string, init: RequestInit) => new Promise((resolve, reject) => {
    const p: Pending = { url: u, init, settle: (ok) => { open.splice(open.indexOf(p), 1); ok ? resolve({ type: 'opaque', ok: false, status: 0 }) : reject(new TypeError('network')) } }
    fetches.push(p)
    open.push(p)
    maxInFlight = Math.max(maxInFlight, open.length)
  })))
  beacons = []
  beaconAnswer = () => true
  Object.defineProperty(navigator, 'sendBeacon', {
    configurable: true,
    value: vi.fn((u: string, b: unknown) => {
      beacons.push({ url: u, body: b })
      return beaconAnswer(u, beacons.length)
    }),
  })
  visibility = 'visible'
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility })
  // each queue listens on window for good (there is no stop()): remove this test's listeners after it
  const add = window.addEventListener
  vi.spyOn(window, 'addEventListener').mockImplementation(function (type: string, fn: EventListenerOrEventListenerObject | null, o?: boolean | AddEventListenerOptions) {
    add.call(window, type, fn as EventListener, o)
    cleanups.push(() => window.removeEventListener(type, fn as EventListener, o))
  })
})
const cleanups: Array<() => void> = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
  visibility = 'visible'
})

/** Lets the fetch promises' reactions run. */
const flush = async () => { for (let i = 0; i < 5; i++) await Promise.resolve() }
/** Ends the oldest `n` requests in flight. */
const finish = async (n: number, ok = true) => {
  for (const p of open.slice(0, n)) p.settle(ok)
  await flush()
}
/** The browser fires visibilitychange at the document, bubbling (https://html.spec.whatwg.org/#update-the-visibility-state). */
const hide = () => {
  visibility = 'hidden'
  document.dispatchEvent(new Event('visibilitychange', { bubbles: true }))
}

describe('beacon queue (ad events)', () => {
  it('sends each event by keepalive fetch, no preflight, with its URLSearchParams body (session_id, user_id) as given', () => {
    const q = createBeaconQueue()
    const b = body('sess-1', 'cust-42')
    q.push(url(1), b)
    q.push(url(2), body('sess-1'))
    expect(fetches.map((f) => f.url)).toEqual([url(1), url(2)])
    expect(fetches[0]!.init).toEqual({ method: 'POST', body: b, keepalive: true, credentials: 'include', mode: 'no-cors' })
    expect(fetches[0]!.init.body).toBeInstanceOf(URLSearchParams)
    expect(Object.fromEntries(fetches[0]!.init.body as URLSearchParams)).toEqual({ session_id: 'sess-1', user_id: 'cust-42' })
    expect(Object.fromEntries(fetches[1]!.init.body as URLSearchParams)).toEqual({ session_id: 'sess-1' })
    expect(beacons).toEqual([])
  })

  it('a burst of 100: at most 64 in flight, the next one when one is done, in order', async () => {
    const q = createBeaconQueue()
    for (let i = 0; i < 100; i++) q.push(url(i), body())
    expect(fetches).toHaveLength(64)
    await finish(10)
    expect(fetches).toHaveLength(74)
    await finish(64)
    expect(fetches).toHaveLength(100)
    await finish(100)
    expect(maxInFlight).toBe(64)
    expect(fetches.map((f) => f.url)).toEqual(Array.from({ length: 100 }, (_, i) => url(i)))
    expect(beacons).toEqual([])
  })

  it('a failed request goes again later, three tries at most', async () => {
    const q = createBeaconQueue()
    q.push(url(0), body())
    q.push(url(1), body())
    await finish(1, false) // url(0) fails once: to the end of the queue
    expect(fetches.map((f) => f.url)).toEqual([url(0), url(1), url(0)])
    await finish(2, false) // url(1) and url(0) fail
    await finish(2, false) // url(0) third failure: dropped; url(1) second
    await finish(5, false)
    expect(fetches.filter((f) => f.url === url(0))).toHaveLength(3)
    expect(fetches.filter((f) => f.url === url(1))).toHaveLength(3)
    expect(open).toEqual([])
  })

  it('a click (`now`) goes synchronously by sendBeacon, ahead of what waits', () => {
    const q = createBeaconQueue()
    for (let i = 0; i < 70; i++) q.push(url(i), body())
    const click = 'https://events.newtail-media.newtail.com.br/v1/beacon/click/ad-9'
    const b = body('s', 'u')
    q.push(click, b, true)
    expect(beacons).toEqual([{ url: click, body: b }])
    expect(fetches.map((f) => f.url)).not.toContain(click)
  })

  it('a click that sendBeacon refuses (quota full) is queued, not lost', () => {
    const q = createBeaconQueue()
    beaconAnswer = () => false
    q.push(url(7), body(), true)
    expect(beacons).toHaveLength(1)
    expect(fetches.map((f) => f.url)).toEqual([url(7)])
  })

  it('the page turning hidden (tab switch, navigation) sends everything still waiting by sendBeacon, at once', async () => {
    const q = createBeaconQueue()
    for (let i = 0; i < 100; i++) q.push(url(i), body())
    expect(fetches).toHaveLength(64)
    hide()
    expect(beacons.map((b) => b.url)).toEqual(Array.from({ length: 36 }, (_, i) => url(64 + i)))
    await finish(64)
    expect(fetches).toHaveLength(64)
  })

  it('visibilitychange to visible sends nothing early', () => {
    const q = createBeaconQueue()
    for (let i = 0; i < 70; i++) q.push(url(i), body())
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }))
    expect(beacons).toHaveLength(0)
    expect(fetches).toHaveLength(64)
  })

  it('where fetch throws or is missing, the event goes by sendBeacon; nothing throws', () => {
    vi.stubGlobal('fetch', () => { throw new TypeError('no fetch') })
    const q = createBeaconQueue()
    const b = body()
    expect(() => q.push(url(1), b)).not.toThrow()
    expect(beacons).toEqual([{ url: url(1), body: b }])
    vi.stubGlobal('fetch', undefined)
    expect(() => q.push(url(2), b)).not.toThrow()
    expect(beacons.map((x) => x.url)).toEqual([url(1), url(2)])
  })
})
