import { afterEach, describe, expect, it } from 'vitest'
import { watchDataLayer } from '../../../src/identity/data-layer'

const w = window as unknown as { dataLayer?: unknown[] }

describe('watchDataLayer', () => {
  afterEach(() => {
    delete w.dataLayer
  })

  it('reads the entries already there and each one pushed later; push still returns what it did', () => {
    const seen: unknown[] = []
    w.dataLayer = [{ event: 'a' }]
    watchDataLayer((e) => seen.push(e))
    expect(w.dataLayer.push({ event: 'b' })).toBe(2)
    expect(seen).toEqual([{ event: 'a' }, { event: 'b' }])
  })

  it("finds a dataLayer the page makes after it ran (a tag manager delayed until the shopper interacts), as the page's own plain array", () => {
    const seen: unknown[] = []
    watchDataLayer((e) => seen.push(e))
    expect(w.dataLayer).toBeUndefined()
    // GTM's snippet: w[l] = w[l] || []
    w.dataLayer = w.dataLayer || []
    w.dataLayer.push({ event: 'purchase' })
    expect(seen).toEqual([{ event: 'purchase' }])
    expect(Object.getOwnPropertyDescriptor(window, 'dataLayer')).toMatchObject({ writable: true, configurable: true, enumerable: true })
    // the page may replace it again: a plain property now, its value kept as assigned
    const next = [{ event: 'x' }]
    w.dataLayer = next
    expect(w.dataLayer).toBe(next)
  })

  it('a dataLayer made with entries already in it: those are read when it is made', () => {
    const seen: unknown[] = []
    watchDataLayer((e) => seen.push(e))
    w.dataLayer = [{ event: 'purchase', ecommerce: { transaction_id: 'T-1' } }]
    expect(seen).toEqual([{ event: 'purchase', ecommerce: { transaction_id: 'T-1' } }])
  })
})
