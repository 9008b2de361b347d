import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createConsent } from '../../../src/identity/consent'
import { watchConsentSignals, CONSENT_MODE } from '../../../src/identity/consent-signals'
import { watchDataLayer } from '../../../src/identity/data-layer'
import { createStorage } from '../../../src/identity/storage'
import { createLogger } from '../../../src/log'
import type { ConsentState } from '../../../src/types'
import { clearCookies } from '../support/cookies'

type W = { dataLayer?: unknown[]; __tcfapi?: unknown }
const w = window as unknown as W
const gtag = function (..._: unknown[]) {
  // gtag.js pushes its arguments object, not an array
  // eslint-disable-next-line prefer-rest-params
  w.dataLayer!.push(arguments)
}
let tcfCallback: ((d: unknown, ok: boolean) => void) | undefined

function start(told: ConsentState = {}) {
  const storage = createStorage()
  const log = createLogger()
  const warn = vi.spyOn(log, 'warn').mockImplementation(() => {})
  const consent = createConsent(storage, told, () => 864e5, () => {})
  watchDataLayer(watchConsentSignals(consent, log))
  return { storage, consent, warn }
}

beforeEach(() => {
  localStorage.clear()
  clearCookies()
  delete w.dataLayer
  delete w.__tcfapi
  tcfCallback = undefined
})
afterEach(() => {
  vi.restoreAllMocks()
  delete (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl
})

describe('consent the page already signals', () => {
  it('Consent Mode: a default already in dataLayer holds at once; later updates refine it; gtag arguments objects and plain arrays both count', () => {
    w.dataLayer = []
    gtag('consent', 'default', { ad_storage: 'denied', ad_user_data: 'denied', analytics_storage: 'denied' })
    const { consent, storage } = start()
    expect(consent.state()).toEqual({ ad_storage: 'denied', ad_user_data: 'denied' })
    storage.set('sid', 'memory-only', { maxAgeMs: 1000 })
    expect(localStorage.getItem('adb_sid')).toBeNull()
    gtag('consent', 'update', { ad_user_data: 'granted' })
    expect(consent.state()).toEqual({ ad_storage: 'denied', ad_user_data: 'granted' })
    w.dataLayer.push(['consent', 'update', { ad_storage: 'granted' }])
    expect(consent.state()).toEqual({ ad_storage: 'granted', ad_user_data: 'granted' })
    // granted: what the page kept in memory meanwhile is stored now
    expect(JSON.parse(localStorage.getItem('adb_sid')!).v).toBe('memory-only')
    // other entries change nothing
    w.dataLayer.push({ event: 'purchase' }, ['config', 'G-1'], null, 'x')
    gtag('consent', 'other', { ad_storage: 'denied' })
    expect(consent.state()).toEqual({ ad_storage: 'granted', ad_user_data: 'granted' })
  })

  it('what the store tells adbeacon ranks first: data-consent granted holds against a Consent Mode denial', () => {
    w.dataLayer = []
    gtag('consent', 'default', { ad_storage: 'denied' })
    const { consent } = start({ ad_storage: 'granted' })
    expect(consent.state().ad_storage).toBe('granted')
    consent.set(0, {})
    expect(consent.state().ad_storage).toBe('denied')
    expect(consent.layer(CONSENT_MODE)).toEqual({ ad_storage: 'denied' })
  })

  it('TCF: nothing is stored until the CMP answers; purpose 1 decides storage; gdprApplies false lifts it; Consent Mode ranks above it', () => {
    w.__tcfapi = (cmd: string, version: number, cb: (d: unknown, ok: boolean) => void) => {
      expect([cmd, version]).toEqual(['addEventListener', 2])
      tcfCallback = cb
    }
    const { consent, storage } = start()
    expect(consent.state().ad_storage).toBe('denied')
    storage.set('sid', 'waiting', { maxAgeMs: 1000 })
    expect(localStorage.length).toBe(0)
    tcfCallback!({ eventStatus: 'cmpuishown', gdprApplies: true, purpose: { consents: { 1: true } } }, true)
    expect(consent.state().ad_storage).toBe('denied')
    tcfCallback!({ eventStatus: 'useractioncomplete', gdprApplies: true, purpose: { consents: { 1: true } } }, true)
    expect(consent.state().ad_storage).toBe('granted')
    expect(JSON.parse(localStorage.getItem('adb_sid')!).v).toBe('waiting')
    tcfCallback!({ eventStatus: 'useractioncomplete', gdprApplies: true, purpose: { consents: { 1: false } } }, true)
    expect(consent.state().ad_storage).toBe('denied')
    expect(localStorage.getItem('adb_sid')).toBeNull()
    tcfCallback!({ eventStatus: 'tcloaded', gdprApplies: false }, true)
    expect(consent.state().ad_storage).toBeUndefined()
    // a failed call (ok false) changes nothing
    tcfCallback!({ eventStatus: 'tcloaded', gdprApplies: true, purpose: { consents: {} } }, false)
    expect(consent.state().ad_storage).toBeUndefined()
  })

  it('a dataLayer made after adbeacon started is watched from DOMContentLoaded on, once', () => {
    const seen: unknown[] = []
    watchDataLayer((e) => seen.push(e))
    w.dataLayer = [{ event: 'early' }]
    document.dispatchEvent(new Event('DOMContentLoaded'))
    window.dispatchEvent(new Event('load'))
    expect(w.dataLayer.push({ event: 'late' })).toBe(2)
    expect(seen).toEqual([{ event: 'early' }, { event: 'late' }])
  })

  it('Global Privacy Control: ad_user_data denied unless something ranked above says otherwise; storage untouched', () => {
    Object.defineProperty(navigator, 'globalPrivacyControl', { configurable: true, get: () => true })
    expect(start().consent.state()).toEqual({ ad_user_data: 'denied' })
    expect(start({ ad_user_data: 'granted' }).consent.state()).toEqual({ ad_user_data: 'granted' })
  })

  it('a broken CMP or dataLayer never throws into the page', () => {
    w.__tcfapi = () => { throw new Error('cmp') }
    w.dataLayer = [{ get 0() { throw new Error('getter') } }]
    expect(() => start()).not.toThrow()
  })
})
