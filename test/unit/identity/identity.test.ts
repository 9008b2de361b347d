import { beforeEach, describe, expect, it, vi } from 'vitest'
import { DEFAULTS } from '../../../src/config'
import { createIdentity } from '../../../src/identity/identity'
import { createLogger } from '../../../src/log'
import { createStorage } from '../../../src/identity/storage'
import { clearCookies } from '../support/cookies'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('identity', () => {
  beforeEach(() => {
    localStorage.clear()
    clearCookies()
    vi.useRealTimers()
  })

  it('creates one random UUID session id and keeps it across tracker instances (reloads)', () => {
    const a = createIdentity(createStorage(), () => DEFAULTS, createLogger())
    const id = a.sessionId()
    expect(id).toMatch(UUID)
    expect(a.sessionId()).toBe(id)
    const b = createIdentity(createStorage(), () => DEFAULTS, createLogger())
    expect(b.sessionId()).toBe(id)
  })

  it('keeps the session id 364 days without a visit, renews it on use once per page view', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) })
    const id = createIdentity(createStorage(), () => DEFAULTS, createLogger()).sessionId()
    vi.setSystemTime(Date.UTC(2026, 0, 1) + 364 * 864e5)
    const later = createIdentity(createStorage(), () => DEFAULTS, createLogger())
    expect(later.sessionId()).toBe(id)
    vi.setSystemTime(Date.UTC(2026, 0, 1) + 700 * 864e5)
    expect(createIdentity(createStorage(), () => DEFAULTS, createLogger()).sessionId()).toBe(id)
  })

  it('honours a shorter configured lifetime (at least the 14-day window)', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) })
    const cfg = () => ({ ...DEFAULTS, sessionDays: 14 })
    const id = createIdentity(createStorage(), cfg, createLogger()).sessionId()
    vi.setSystemTime(Date.UTC(2026, 0, 14))
    // used on day 13: still the same visitor, and renewed for 14 days from now
    expect(createIdentity(createStorage(), cfg, createLogger()).sessionId()).toBe(id)
    vi.setSystemTime(Date.UTC(2026, 0, 27))
    expect(createIdentity(createStorage(), cfg, createLogger()).sessionId()).toBe(id)
    // 15 days without a use: a new visitor
    vi.setSystemTime(Date.UTC(2026, 1, 11))
    expect(createIdentity(createStorage(), cfg, createLogger()).sessionId()).not.toBe(id)
  })

  it('identify() keeps the customer id; refuses e-mails and junk with a warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const id = createIdentity(createStorage(), () => DEFAULTS, createLogger())
    id.identify('customer-42')
    expect(id.userId()).toBe('customer-42')
    id.identify('someone@example.com')
    id.identify({})
    expect(id.userId()).toBe('customer-42')
    expect(warn).toHaveBeenCalledTimes(2)
    // short code and subject; the value is never printed (it may be an e-mail or a customer object)
    expect(warn.mock.calls[0]).toEqual(['[adbeacon]', 'not a customer id:', 'identify()'])
    expect(warn.mock.calls.map(String).join()).not.toContain('someone@example.com')
    warn.mockRestore()
  })

  it('reads the user id from a configured cookie (VTEX VtexRCMacIdv7)', () => {
    document.cookie = 'VtexRCMacIdv7=7f3a-mac-id; path=/'
    const id = createIdentity(createStorage(), () => ({ ...DEFAULTS, userIdCookie: 'VtexRCMacIdv7' }), createLogger())
    expect(id.userId()).toBe('7f3a-mac-id')
    expect(createIdentity(createStorage(), () => DEFAULTS, createLogger()).userId()).toBeUndefined()
  })

  it('never takes an e-mail from the user-id cookie (it would leave the page raw)', () => {
    document.cookie = 'VtexRCMacIdv7=ana%40example.com; path=/'
    const id = createIdentity(createStorage(), () => ({ ...DEFAULTS, userIdCookie: 'VtexRCMacIdv7' }), createLogger())
    expect(id.userId()).toBeUndefined()
  })

  it('identify(null) signs the customer out and keeps the visitor session', () => {
    const id = createIdentity(createStorage(), () => DEFAULTS, createLogger())
    const sid = id.sessionId()
    id.identify('c-1')
    id.identify(null)
    expect(id.userId()).toBeUndefined()
    expect(createIdentity(createStorage(), () => DEFAULTS, createLogger()).userId()).toBeUndefined()
    expect(id.sessionId()).toBe(sid)
  })

  it('reset() forgets both ids', () => {
    const id = createIdentity(createStorage(), () => DEFAULTS, createLogger())
    const first = id.sessionId()
    id.identify('c1')
    id.reset()
    expect(id.userId()).toBeUndefined()
    expect(id.sessionId()).not.toBe(first)
  })
})
