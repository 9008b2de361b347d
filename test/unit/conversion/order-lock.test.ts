import { afterEach, describe, expect, it, vi } from 'vitest'
import { orderLock } from '../../../src/conversion/order-lock'

/** A LockManager with Web Locks' ifAvailable rule, shared by the "tabs" of a test; `delay` holds each answer back. */
function fakeLocks(delay?: Promise<void>) {
  const held = new Set<string>()
  const requests: string[] = []
  const locks = {
    request: (name: string, opts: { ifAvailable?: boolean }, cb: (lock: { name: string } | null) => unknown) => {
      requests.push(`${name} ${JSON.stringify(opts)}`)
      return Promise.resolve(delay).then(async () => {
        if (held.has(name)) return cb(null)
        held.add(name)
        try {
          return await cb({ name })
        } finally {
          held.delete(name)
        }
      })
    },
  }
  Object.defineProperty(navigator, 'locks', { configurable: true, value: locks })
  return { held, requests }
}

describe('orderLock (one claim across tabs)', () => {
  afterEach(() => {
    delete (navigator as unknown as { locks?: unknown }).locks
    vi.restoreAllMocks()
  })

  it('asks for the order by name with ifAvailable; the first tab has its turn, a second finds it taken until the first lets go', async () => {
    const { held, requests } = fakeLocks()
    const keep = vi.fn()
    const first = orderLock('1001')
    const second = orderLock('1001')
    expect(await first.turn(keep)).toBe('free')
    expect(await second.turn(keep)).toBe('taken')
    expect(requests).toEqual(['adbeacon:1001 {"ifAvailable":true}', 'adbeacon:1001 {"ifAvailable":true}'])
    expect(held.has('adbeacon:1001')).toBe(true)
    first.release()
    await vi.waitFor(() => expect(held.size).toBe(0))
    expect(await orderLock('1001').turn(keep)).toBe('free')
    // another order is another lock
    expect(await orderLock('1002').turn(keep)).toBe('free')
    expect(keep).not.toHaveBeenCalled()
  })

  it('a lock released before its answer is not held', async () => {
    const { held } = fakeLocks()
    orderLock('7').release()
    await new Promise((ok) => setTimeout(ok, 0))
    expect(held.size).toBe(0)
  })

  it('the page left before the answer: keep() runs in pagehide, and the turn is "kept"', async () => {
    let answer!: () => void
    fakeLocks(new Promise<void>((ok) => (answer = ok)))
    const keep = vi.fn()
    const turn = orderLock('9').turn(keep)
    dispatchEvent(new Event('pagehide'))
    expect(keep).toHaveBeenCalledTimes(1)
    expect(await turn).toBe('kept')
    answer()
  })

  it('without Web Locks (or when the request is refused), every tab has its turn, as before', async () => {
    Object.defineProperty(navigator, 'locks', { configurable: true, value: undefined })
    expect(await orderLock('1').turn(() => {})).toBe('free')
    Object.defineProperty(navigator, 'locks', { configurable: true, value: { request: () => Promise.reject(new DOMException('opaque origin', 'SecurityError')) } })
    expect(await orderLock('1').turn(() => {})).toBe('free')
    Object.defineProperty(navigator, 'locks', { configurable: true, value: { request: () => { throw new TypeError('x') } } })
    expect(await orderLock('1').turn(() => {})).toBe('free')
  })
})
