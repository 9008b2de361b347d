import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { clearCookies, cookieAccessor } from './support/cookies'


type Api = ((...args: unknown[]) => unknown) & { q?: unknown; loaded?: boolean; debugState?: () => { sessionId: string; userId?: string; config: Record<string, unknown> } }
const w = window as unknown as { adbeacon?: Api }

function addScriptTag(attrs: Record<string, string>) {
  const s = document.createElement('script')
  s.setAttribute('src', '/adbeacon.js')
  for (const [k, v] of Object.entries(attrs)) s.setAttribute(k, v)
  document.head.appendChild(s)
}

async function loadBundle() {
  vi.resetModules()
  await import('../../src/browser')
}

describe('script-tag entry', () => {
  let beacons: Array<{ url: string; body: Promise<string> }>
  beforeEach(() => {
    localStorage.clear()
    clearCookies()
    document.head.innerHTML = ''
    document.body.innerHTML = ''
    delete w.adbeacon
    beacons = []
    Object.defineProperty(navigator, 'sendBeacon', {
      configurable: true,
      value: (url: string, blob: Blob) => { beacons.push({ url, body: blob.text() }); return true },
    })
  })
  // Meta and Google destinations send GET pixels with fetch: keep them off the network.
  let pixels: string[]
  beforeEach(() => {
    pixels = []
    vi.stubGlobal('fetch', vi.fn(async (url: string) => { pixels.push(url); return { type: 'opaque', ok: false, status: 0 } }))
  })
  afterEach(() => {
    vi.restoreAllMocks()
    vi.unstubAllGlobals()
  })

  it('reads its data attributes and replays commands queued before it loaded, in order', async () => {
    addScriptTag({ 'data-publisher-id': 'pub-9', 'data-currency': 'brl', 'data-event-hosts': 'a.example, b.example:8443', 'data-facebook-pixel-id': '123', 'data-google-conversion-id': 'AW-1', 'data-google-conversion-label': 'L' })
    // the store's stub, exactly as documented
    w.adbeacon = w.adbeacon || (function (...args: unknown[]) { ((w.adbeacon!.q as unknown[]) = (w.adbeacon!.q as unknown[]) || []).push(args) } as Api)
    w.adbeacon('identify', 'customer-42')
    w.adbeacon('conversion', { order_id: 'q-1', email: 'a@b.co', items: [{ sku: 'S', quantity: 1, price: 10, promotional_price: 9 }] })
    await loadBundle()
    expect(w.adbeacon!.loaded).toBe(true)
    const state = w.adbeacon!.debugState!()
    expect(state.config).toMatchObject({ publisherId: 'pub-9', currency: 'BRL', eventHosts: ['a.example', 'b.example:8443'] })
    expect(state.config.tracks).toEqual([
      { type: 'facebook_ad', values: { pixel_id: '123' } },
      { type: 'google_ad', values: { conversion_id: 'AW-1', conversion_label: 'L' } },
    ])
    await vi.waitFor(() => expect(beacons.length).toBeGreaterThan(0))
    const body = JSON.parse(await beacons.find((b) => b.url.endsWith('/conversion'))!.body)
    // identify ran before conversion: queue order kept
    expect(body).toMatchObject({ order_id: 'q-1', user_id: 'customer-42', publisher_id: 'pub-9' })
    // the tracks from the data attributes reach Meta and Google (image requests, no fbq/gtag here)
    await vi.waitFor(() => expect(pixels).toHaveLength(2))
    expect(pixels.some((u) => u.startsWith('https://www.facebook.com/tr?'))).toBe(true)
    expect(pixels.some((u) => u.startsWith('https://www.googleadservices.com/pagead/conversion/1/'))).toBe(true)
    expect(pixels.join()).not.toContain('a@b.co')
  })

  it('applies consent queued before it loaded before writing any id', async () => {
    addScriptTag({ 'data-publisher-id': 'pub-9' })
    w.adbeacon = (function (...args: unknown[]) { ((w.adbeacon!.q as unknown[]) = (w.adbeacon!.q as unknown[]) || []).push(args) } as Api)
    w.adbeacon('consent', { ad_storage: 'denied' })
    // watch every write, not only the end state: an id written then wiped has still been written
    const written: string[] = []
    const setItem = Storage.prototype.setItem
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(function (this: Storage, k: string, v: string) { written.push(k); setItem.call(this, k, v) })
    const desc = cookieAccessor()
    vi.spyOn(document, 'cookie', 'set').mockImplementation((v: string) => {
      if (/^adb_\w+=[^;]/.test(v)) written.push(v.split('=')[0]!) // deletions ("adb_sid=; expires=<past>") are fine
      desc.set!.call(document, v)
    })
    await loadBundle()
    expect(written.filter((k) => k !== 'adb_sent')).toEqual([])
    expect(localStorage.getItem('adb_sid')).toBeNull()
    expect(document.cookie).not.toMatch(/adb_sid=[^;]/) // happy-dom lists deleted cookies as "name="
    expect(w.adbeacon!.debugState!().sessionId).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('reads a server-rendered order block once (CSP-safe hook)', async () => {
    addScriptTag({ 'data-publisher-id': 'pub-9' })
    document.body.innerHTML = `<script type="application/json" data-adbeacon-order>{"order_id":"j-1","email":"x@y.co","items":[{"sku":"S","quantity":1,"price":5,"promotional_price":5}]}</script>`
    await loadBundle()
    await vi.waitFor(() => expect(beacons.length).toBe(1))
    expect(JSON.parse(await beacons[0]!.body).order_id).toBe('j-1')
    expect(document.querySelector('[data-adbeacon-order]')!.hasAttribute('data-adbeacon-read')).toBe(true)
  })

  it('finds an order block written after it started (by a deferred script), at load', async () => {
    addScriptTag({ 'data-publisher-id': 'pub-9' })
    Object.defineProperty(document, 'readyState', { configurable: true, get: () => 'interactive' })
    try {
      await loadBundle()
      expect(beacons).toHaveLength(0)
      document.body.innerHTML = `<script type="application/json" data-adbeacon-order>{"order_id":"late-1","email":"x@y.co","items":[{"sku":"S","quantity":1,"price":5}]}</script>`
      window.dispatchEvent(new Event('load'))
      await vi.waitFor(() => expect(beacons).toHaveLength(1))
      expect(JSON.parse(await beacons[0]!.body).order_id).toBe('late-1')
    } finally {
      delete (document as unknown as { readyState?: string }).readyState
    }
  })

  it('warns about an order block that is not JSON, without throwing', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    addScriptTag({ 'data-publisher-id': 'pub-9' })
    document.body.innerHTML = `<script type="application/json" data-adbeacon-order>{order_id: oops}</script>`
    await loadBundle()
    expect(warn.mock.calls.map(String).join()).toContain('not valid JSON')
    expect(beacons).toHaveLength(0)
  })

  it('warns about unknown attributes and commands; a second copy of the script does nothing', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    addScriptTag({ 'data-publisher-id': 'pub-9', 'data-publisherid': 'typo' })
    await loadBundle()
    const first = w.adbeacon
    expect(() => first!('fly', 1)).not.toThrow()
    await loadBundle()
    expect(w.adbeacon).toBe(first)
    const text = warn.mock.calls.map(String).join('\n')
    expect(text).toContain('"data-publisherid"')
    expect(text).toContain('unknown command "fly"')
    expect(text).toContain('loaded more than once')
  })

  it('returns the conversion result promise from the command', async () => {
    addScriptTag({ 'data-publisher-id': 'pub-9' })
    await loadBundle()
    const r = await (w.adbeacon!('conversion', { order_id: 'r-1', email: 'a@b.co', items: [] }) as Promise<{ status: string }>)
    expect(r.status).toBe('invalid')
  })
})
