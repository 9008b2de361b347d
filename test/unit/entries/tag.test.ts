import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { clearCookies, cookieAccessor } from '../support/cookies'


type Api = ((...args: unknown[]) => unknown) & { q?: unknown; loaded?: boolean; debugState?: () => { sessionId: string; userId?: string; config: Record<string, unknown> } }
const w = window as unknown as { adbeacon?: Api }

function addScriptTag(attrs: Record<string, string>, src = '/adbeacon.js') {
  const s = document.createElement('script')
  s.setAttribute('src', src)
  for (const [k, v] of Object.entries(attrs)) s.setAttribute(k, v)
  document.head.appendChild(s)
}

// Each test loads the tag and, through it, the other entries afresh (vi.resetModules): slow on a small machine.
vi.setConfig({ testTimeout: 20_000 })
const waitFor = <T>(fn: () => T | Promise<T>) => vi.waitFor(fn, { timeout: 8000 })

async function loadBundle() {
  vi.resetModules()
  await import('../../../src/entries/tag')
}

/**
 * The scripts the tag adds beside itself (adbeacon-conversion.js when a sale is in sight,
 * adbeacon-debug.js with data-debug): happy-dom does not run them, so this does what the browser
 * would, running the matching entry, which registers through the queue.
 */
let added: HTMLScriptElement[] = []
let observer: MutationObserver | undefined
function runAddedScripts() {
  added = []
  observer = new MutationObserver((records) => {
    for (const r of records)
      r.addedNodes.forEach((n) => {
        if (!(n instanceof HTMLScriptElement) || !n.src) return
        added.push(n)
        if (/\/adbeacon-conversion\.js/.test(n.src)) void import('../../../src/entries/conversion')
        if (/\/adbeacon-debug\.js/.test(n.src)) void import('../../../src/entries/debug')
      })
  })
  observer.observe(document.head, { childList: true })
}

describe('script-tag entry', () => {
  let posts: Array<{ url: string; body: Promise<string> }>
  beforeEach(() => {
    localStorage.clear()
    clearCookies()
    document.head.innerHTML = ''
    document.body.innerHTML = ''
    delete w.adbeacon
    runAddedScripts()
    // data-debug prints every step: keep the test output readable
    vi.spyOn(console, 'log').mockImplementation(() => {})
    vi.spyOn(console, 'info').mockImplementation(() => {})
  })
  // A sale leaves by fetch (transport.ts): VTEX's POST (answered 202) and the Meta and Google GET
  // pixels (opaque), all kept off the network.
  let pixels: string[]
  beforeEach(() => {
    posts = []
    pixels = []
    vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
      if (init?.method !== 'POST') return (pixels.push(url), { type: 'opaque', ok: false, status: 0 })
      posts.push({ url, body: Promise.resolve(String(init.body)) })
      return new Response('{}', { status: 202 })
    }))
  })
  afterEach(() => {
    observer?.disconnect()
    vi.restoreAllMocks()
    vi.unstubAllGlobals()
  })

  it('reads its data attributes and replays commands queued before it loaded, in order', async () => {
    addScriptTag({ 'data-publisher-id': 'pub-9', 'data-currency': 'brl', 'data-event-hosts': 'a.example, b.example:8443', 'data-facebook-pixel-id': '123', 'data-google-conversion-id': 'AW-1', 'data-google-conversion-label': 'L', 'data-debug': '' })
    // the store's stub, exactly as documented
    w.adbeacon = w.adbeacon || (function (...args: unknown[]) { ((w.adbeacon!.q as unknown[]) = (w.adbeacon!.q as unknown[]) || []).push(args) } as Api)
    w.adbeacon('identify', 'customer-42')
    w.adbeacon('conversion', { order_id: 'q-1', email: 'a@b.co', items: [{ sku: 'S', quantity: 1, price: 10, promotional_price: 9 }] })
    await loadBundle()
    expect(w.adbeacon!.loaded).toBe(true)
    // debugState() is answered once adbeacon-debug.js (data-debug) has added the command
    await waitFor(() => expect(w.adbeacon!.debugState!()).toBeDefined())
    const state = w.adbeacon!.debugState!()
    // the attribute as written; the conversion part reads it as the ISO code (checked below, on the wire)
    expect(state.config).toMatchObject({ publisherId: 'pub-9', currency: 'brl', eventHosts: ['a.example', 'b.example:8443'] })
    expect(state.config.tracks).toEqual([
      { type: 'facebook_ad', values: { pixel_id: '123' } },
      { type: 'google_ad', values: { conversion_id: 'AW-1', conversion_label: 'L' } },
    ])
    await waitFor(() => expect(posts.length).toBeGreaterThan(0))
    const body = JSON.parse(await posts.find((b) => b.url.endsWith('/conversion'))!.body)
    // identify ran before conversion: queue order kept
    expect(body).toMatchObject({ order_id: 'q-1', user_id: 'customer-42', publisher_id: 'pub-9' })
    // the tracks from the data attributes reach Meta and Google (image requests, no fbq/gtag here)
    await waitFor(() => expect(pixels).toHaveLength(2))
    expect(pixels.some((u) => u.startsWith('https://www.facebook.com/tr?'))).toBe(true)
    expect(new URL(pixels.find((u) => u.startsWith('https://www.facebook.com/tr?'))!).searchParams.get('cd[currency]')).toBe('BRL')
    expect(pixels.some((u) => u.startsWith('https://www.googleadservices.com/pagead/conversion/1/'))).toBe(true)
    expect(pixels.join()).not.toContain('a@b.co')
    // both parts were loaded from beside the tag
    expect(added.map((s) => s.src).filter((src) => !src.endsWith('/adbeacon.js')).sort()).toEqual(['https://shop.example.com/adbeacon-conversion.js', 'https://shop.example.com/adbeacon-debug.js'])
  })

  it('on a prerendered page, writes, sends and loads nothing until the page is activated; then runs what was queued', async () => {
    // Chromium turns prerendering off while DevTools (so Playwright) is attached
    // (PrerenderingDisabledByDevTools), hence this test in happy-dom with the spec's two signals:
    // document.prerendering and the prerenderingchange event
    // (https://wicg.github.io/nav-speculation/prerendering.html#document-prerendering).
    let prerendering = true
    Object.defineProperty(document, 'prerendering', { configurable: true, get: () => prerendering })
    try {
      history.replaceState(null, '', '/?gclid=Cj0-prerender')
      addScriptTag({ 'data-publisher-id': 'pub-9' })
      document.body.innerHTML = `<script type="application/json" data-adbeacon-order>{"order_id":"pr-1","email":"x@y.co","items":[{"sku":"S","quantity":1,"price":5,"promotional_price":5}]}</script>`
      await loadBundle()
      // no stub on the page: the tag made the queue, and the page's calls wait in it
      expect(w.adbeacon!.loaded).toBeUndefined()
      w.adbeacon!('identify', 'cust-pr')
      await new Promise((ok) => setTimeout(ok, 300))
      expect(Object.keys(localStorage)).toEqual([])
      expect(Object.keys(sessionStorage).filter((k) => k.startsWith('adb_'))).toEqual([])
      expect(document.cookie).not.toMatch(/adb_/)
      expect(posts).toEqual([])
      expect(added.map((x) => x.src).filter((src) => !src.endsWith('/adbeacon.js'))).toEqual([])

      prerendering = false
      document.dispatchEvent(new Event('prerenderingchange'))
      expect(w.adbeacon!.loaded).toBe(true)
      await waitFor(() => expect(posts.some((b) => b.url.endsWith('/conversion'))).toBe(true))
      const body = JSON.parse(await posts.find((b) => b.url.endsWith('/conversion'))!.body)
      expect(body).toMatchObject({ order_id: 'pr-1', user_id: 'cust-pr' })
      expect(localStorage.getItem('adb_landing_touches')).toContain('Cj0-prerender')
    } finally {
      delete (document as { prerendering?: boolean }).prerendering
      history.replaceState(null, '', '/')
    }
  })

  it('applies consent queued before it loaded before writing any id', async () => {
    addScriptTag({ 'data-publisher-id': 'pub-9', 'data-debug': 'true' })
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
    await waitFor(() => expect(w.adbeacon!.debugState!()).toBeDefined())
    expect(w.adbeacon!.debugState!().sessionId).toMatch(/^[0-9a-f-]{36}$/)
    expect(written.filter((k) => k !== 'adb_sent')).toEqual([])
  })

  it('reads a server-rendered order block once (CSP-safe hook)', async () => {
    addScriptTag({ 'data-publisher-id': 'pub-9' })
    document.body.innerHTML = `<script type="application/json" data-adbeacon-order>{"order_id":"j-1","email":"x@y.co","items":[{"sku":"S","quantity":1,"price":5,"promotional_price":5}]}</script>`
    await loadBundle()
    await waitFor(() => expect(posts.length).toBe(1))
    expect(JSON.parse(await posts[0]!.body).order_id).toBe('j-1')
    expect(document.querySelector('[data-adbeacon-order]')!.hasAttribute('data-adbeacon-read')).toBe(true)
  })

  it('finds an order block written after it started (by a deferred script), at load', async () => {
    addScriptTag({ 'data-publisher-id': 'pub-9' })
    Object.defineProperty(document, 'readyState', { configurable: true, get: () => 'interactive' })
    try {
      await loadBundle()
      expect(posts).toHaveLength(0)
      document.body.innerHTML = `<script type="application/json" data-adbeacon-order>{"order_id":"late-1","email":"x@y.co","items":[{"sku":"S","quantity":1,"price":5}]}</script>`
      window.dispatchEvent(new Event('load'))
      await waitFor(() => expect(posts).toHaveLength(1))
      expect(JSON.parse(await posts[0]!.body).order_id).toBe('late-1')
    } finally {
      delete (document as unknown as { readyState?: string }).readyState
    }
  })

  it('warns about an order block that is not JSON, without throwing', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    addScriptTag({ 'data-publisher-id': 'pub-9' })
    document.body.innerHTML = `<script type="application/json" data-adbeacon-order>{order_id: oops}</script>`
    await loadBundle()
    // read by the conversion part, which the order block brought
    await waitFor(() => expect(warn.mock.calls.map(String).join()).toContain('not valid JSON'))
    expect(warn.mock.calls.find((c) => String(c).includes('not valid JSON'))!.slice(0, 2)).toEqual(['[adbeacon]', 'order:'])
    expect(posts).toHaveLength(0)
  })

  it('warns about unknown attributes and commands; a second copy of the script does nothing', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    addScriptTag({ 'data-publisher-id': 'pub-9', 'data-publisherid': 'typo' })
    await loadBundle()
    const first = w.adbeacon
    expect(() => first!('fly', 1)).not.toThrow()
    await loadBundle()
    expect(w.adbeacon).toBe(first)
    // short lines: a code, then what it concerns (the attribute as written, the command)
    expect(warn.mock.calls).toEqual(expect.arrayContaining([
      ['[adbeacon]', 'unknown option:', 'data-publisherid'],
      ['[adbeacon]', 'unknown command:', 'fly'],
      ['[adbeacon]', 'loaded twice:', 'adbeacon.js'],
    ]))
  })

  it('returns the conversion result promise from the command', async () => {
    addScriptTag({ 'data-publisher-id': 'pub-9' })
    await loadBundle()
    const r = await (w.adbeacon!('conversion', { order_id: 'r-1', email: 'a@b.co', items: [] }) as Promise<{ status: string }>)
    expect(r.status).toBe('invalid')
  })

  it('loads adbeacon-conversion.js only when a sale is in sight, beside its own src (query and nonce kept)', async () => {
    const tag = document.createElement('script')
    tag.setAttribute('src', '/static/adbeacon.js?v=3')
    tag.setAttribute('data-publisher-id', 'pub-9')
    tag.nonce = 'n0nce'
    document.head.appendChild(tag)
    await loadBundle()
    await new Promise((ok) => setTimeout(ok, 50))
    // a page without a sale: the every-page script alone
    expect(added.filter((s) => s.src.includes('conversion'))).toEqual([])
    const r = (await w.adbeacon!('conversion', { order_id: 'c-1', email: 'a@b.co', items: [{ sku: 'S', quantity: 1, price: 5 }] })) as { status: string }
    expect(r.status).toBe('sent')
    const loaded = added.filter((s) => s.src.includes('conversion'))
    expect(loaded.map((s) => s.src)).toEqual(['https://shop.example.com/static/adbeacon-conversion.js?v=3'])
    expect(loaded[0]!.nonce).toBe('n0nce')
    expect(loaded[0]!.parentNode).toBe(document.head)
    // once: a second sale uses the part already there
    await w.adbeacon!('conversion', { order_id: 'c-2', email: 'a@b.co', items: [{ sku: 'S', quantity: 1, price: 5 }] })
    expect(added.filter((s) => s.src.includes('conversion'))).toHaveLength(1)
    await waitFor(() => expect(posts).toHaveLength(2))
  })

  it('uses adbeacon-conversion.js registered before the tag ran (the store\'s own tag on the confirmation page), without loading it again', async () => {
    addScriptTag({ 'data-publisher-id': 'pub-9' })
    vi.resetModules()
    // the conversion file first: it sets up the queue stub itself
    await import('../../../src/entries/conversion')
    expect(Array.isArray(w.adbeacon!.q)).toBe(true)
    w.adbeacon!('conversion', { order_id: 'early-1', email: 'a@b.co', items: [{ sku: 'S', quantity: 1, price: 5 }] })
    await import('../../../src/entries/tag')
    await waitFor(() => expect(posts).toHaveLength(1))
    expect(JSON.parse(await posts[0]!.body).order_id).toBe('early-1')
    expect(added.filter((s) => s.src.includes('conversion'))).toEqual([])
  })

  it('debugState() answers undefined without the debug file, and warns about nothing (the README says so)', async () => {
    addScriptTag({ 'data-publisher-id': 'pub-9' })
    await loadBundle()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    expect(w.adbeacon!.debugState!()).toBeUndefined()
    expect(w.adbeacon!('debugState')).toBeUndefined()
    expect(warn).not.toHaveBeenCalled()
  })

  it("a shopper's page view with no ad event opens no sessionStorage and listens to no 'storage' event; the first id read does", async () => {
    // Both are a synchronous IPC in Chromium on their first use (the QA flag's sessionStorage, the
    // 'storage' subscription): a page that needs neither must not pay them.
    const session = vi.spyOn(window, 'sessionStorage', 'get')
    const listen = vi.spyOn(window, 'addEventListener')
    addScriptTag({ 'data-auto-bind': 'false' })
    await loadBundle()
    await new Promise((ok) => setTimeout(ok, 50))
    expect(session).not.toHaveBeenCalled()
    expect(listen.mock.calls.map((c) => c[0])).not.toContain('storage')
    w.adbeacon!('impression', { impression_url: 'https://events.newtail-media.newtail.com.br/v1/beacon/impression/a1' })
    expect(listen.mock.calls.map((c) => c[0])).toContain('storage')
    expect(session).not.toHaveBeenCalled()
  })

  it('a page that kept the old queue and pushes to it still reaches the tracker', async () => {
    addScriptTag({ 'data-publisher-id': 'pub-9' })
    w.adbeacon = (function (...args: unknown[]) { ((w.adbeacon!.q as unknown[]) = (w.adbeacon!.q as unknown[]) || []).push(args) } as Api)
    await loadBundle()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    ;(w.adbeacon!.q as { push(args: unknown[]): void }).push(['nope'])
    expect(warn.mock.calls).toContainEqual(['[adbeacon]', 'unknown command:', 'nope'])
  })
})
