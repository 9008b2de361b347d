import { afterEach, describe, expect, it, vi } from 'vitest'
import { clearCookies } from '../support/cookies'

// How many times the conversion part was imported: the factory runs on the module's first import.
const imports = vi.hoisted(() => ({ count: 0 }))
vi.mock('../../../src/entries/conversion-module', async (importOriginal) => {
  imports.count++
  return await importOriginal()
})

const ORDER = { order_id: 'lazy-1', email: 'a@b.co', items: [{ sku: 'S', quantity: 1, price: 10 }] }

describe('ESM createTracker: the conversion part on demand', () => {
  afterEach(() => {
    vi.restoreAllMocks()
    vi.unstubAllGlobals()
    history.replaceState(null, '', '/')
  })

  it('is imported only on the first conversion(), once', async () => {
    localStorage.clear()
    clearCookies()
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{}', { status: 202 })))
    const { createTracker } = await import('../../../src/entries/esm')
    const t = createTracker({ publisherId: 'pub-1' })
    // a page with ads, an identified shopper, consent: no sale in sight
    t.identify('c-1')
    t.consent('granted')
    t.ads({ top: [] })
    await new Promise((ok) => setTimeout(ok, 50))
    expect(imports.count).toBe(0)
    expect(t.debugState().conversions).toEqual([])
    const r = await t.conversion(ORDER)
    expect(r.status).toBe('sent')
    expect(imports.count).toBe(1)
    expect(t.debugState().conversions.map((c) => [c.status, c.order_id])).toEqual([['sent', 'lazy-1']])
    await t.conversion({ ...ORDER, order_id: 'lazy-2' })
    expect(imports.count).toBe(1)
    expect(t.debugState().conversions).toHaveLength(2)
  })
})
