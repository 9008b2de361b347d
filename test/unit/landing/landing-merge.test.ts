import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { captureLanding } from '../../../src/landing/landing'
import { readLanding } from '../../../src/landing/touches'
import { applyOptions, DEFAULTS } from '../../../src/config'
import { createLogger } from '../../../src/log'
import { createStorage } from '../../../src/identity/storage'
import { DAY_MS } from '../../../src/util'
import { clearCookies } from '../support/cookies'

// Regression (found while moving the unit tests, fixed in src by 4262794): captureLanding merges the
// click kept under LANDING_KEY (the cookie shared by cookieDomain, or the whole list an older version
// kept in its cookie) before writing a new touch, so a new click on one subdomain keeps the click
// another subdomain recorded, and fbc with it.

const T0 = Date.UTC(2026, 0, 10, 12, 0, 0)

describe('landing (a new click keeps the click shared by cookie)', () => {
  beforeEach(() => {
    localStorage.clear()
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(T0)
    clearCookies()
    for (const name of ['adb_landing', 'adb_landing_touches']) document.cookie = `${name}=; path=/; domain=.example.com; expires=Thu, 01 Jan 1970 00:00:00 GMT`
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.restoreAllMocks()
  })

  it('with cookieDomain, a click on another subdomain survives a new click here', () => {
    const log = createLogger()
    const config = applyOptions(DEFAULTS, { cookieDomain: '.example.com' }, log)
    const storage = () => createStorage({ cookieDomain: () => '.example.com' })
    // shop.example.com: the shopper came from a Meta ad
    captureLanding(storage(), config, log, 'https://shop.example.com/?fbclid=FBCLICK1')
    // www.example.com: its own (empty) localStorage, the shared cookie; now a Google ad click
    localStorage.clear()
    vi.setSystemTime(T0 + 60 * 60 * 1000)
    expect(readLanding(storage(), config).touches.map((t) => t.params)).toEqual([{ fbclid: 'FBCLICK1' }])
    captureLanding(storage(), config, log, 'https://www.example.com/?gclid=GCLICK2')
    const ctx = readLanding(storage(), config)
    expect(ctx.touches.map((t) => t.params)).toEqual([{ gclid: 'GCLICK2' }, { fbclid: 'FBCLICK1' }])
    expect(ctx.fbc).toBe(`fb.1.${T0}.FBCLICK1`)
  })

  it("the touches an older version kept in its cookie survive the next click", () => {
    const log = createLogger()
    const config = applyOptions(DEFAULTS, {}, log)
    const old = JSON.stringify([{ at: T0 - DAY_MS, params: { gclid: 'G', utm_source: 's' } }, { at: T0 - 2 * DAY_MS, params: { fbclid: 'F' } }])
    document.cookie = `adb_landing=${encodeURIComponent(old)}; path=/`
    captureLanding(createStorage(), config, log, 'https://shop.example.com/?naid=ad-1')
    const ctx = readLanding(createStorage(), config)
    expect(ctx.touches.map((t) => t.params)).toEqual([{ naid: 'ad-1' }, { gclid: 'G', utm_source: 's' }, { fbclid: 'F' }])
    expect(ctx.fbc).toBe(`fb.1.${T0 - 2 * DAY_MS}.F`)
  })
})
