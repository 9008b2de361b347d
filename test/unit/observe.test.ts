import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createAdEvents, TICK_MS, VIEW_MS, type AdEvents, type AdEventsDeps } from '../../src/observe'
import { applyOptions, DEFAULTS, type Options } from '../../src/config'
import { createLogger } from '../../src/log'
import type { OutgoingRequest } from '../../src/request'

const HOST = 'https://events.newtail-media.newtail.com.br'
const ev = (kind: string, id: string, extra = '') => `${HOST}/v1/beacon/${kind}/${id}?publisher_id=p1&event_id=e-${id}${extra}&sign=0f9e8d7c`
const ad = (id: string, type = 'product') => ({ ad_id: id, type, impression_url: ev('impression', id), view_url: ev('view', id), click_url: ev('click', id) })
const brandProduct = (id: string, sku: string) => ({
  product_sku: sku,
  impression_url: ev('impression', id, `&product_sku=${sku}`),
  view_url: ev('view', id, `&product_sku=${sku}`),
  click_url: ev('click', id, `&product_sku=${sku}`),
})

const RESPONSE = {
  request_id: 'r-1',
  query_at: '2026-01-01T00:00:00Z',
  search_top: [ad('p1'), ad('p2'), ad('b1', 'banner')],
  brand_shelf: [{ ...ad('sb1', 'sponsored_brand'), products: [brandProduct('sb1', '111'), brandProduct('sb1', '222')] }],
}

/** IntersectionObserver stand-in: happy-dom has no layout, so the test says what intersects. */
class FakeIO {
  static last: FakeIO | undefined
  observed = new Set<Element>()
  constructor(
    readonly cb: IntersectionObserverCallback,
    readonly options?: IntersectionObserverInit,
  ) {
    FakeIO.last = this
  }
  observe(el: Element) { this.observed.add(el) }
  unobserve(el: Element) { this.observed.delete(el) }
  disconnect() { this.observed.clear() }
  takeRecords() { return [] }
  /** ratio of a 100×100 element in view; 0 = out of view; 'edge' = touching the viewport edge */
  report(el: Element, ratio: number | 'edge') {
    const r = ratio === 'edge' ? 0 : ratio
    const entry = {
      target: el,
      isIntersecting: ratio === 'edge' || r > 0,
      intersectionRatio: r,
      intersectionRect: { width: r > 0 ? 100 : 0, height: 100 * r },
      boundingClientRect: {},
      rootBounds: null,
      time: 0,
    } as unknown as IntersectionObserverEntry
    this.cb([entry], this as unknown as IntersectionObserver)
  }
}

let visibility: DocumentVisibilityState = 'visible'
const setVisibility = (v: DocumentVisibilityState) => {
  visibility = v
  document.dispatchEvent(new Event('visibilitychange'))
}

/** Instances of the test, stopped afterwards: their listeners are on the shared document. */
const live: AdEvents[] = []

/**
 * A click as the shopper makes it. Browsers mark their own input events isTrusted, and adbeacon
 * counts only those; happy-dom marks none, so the test sets it on the event it dispatches.
 */
const user = <E extends Event>(e: E): E => Object.defineProperty(e, 'isTrusted', { value: true })
const click = (target: Element, init: MouseEventInit = {}) => target.dispatchEvent(user(new MouseEvent('click', { bubbles: true, cancelable: true, ...init })))
const middle = (target: Element, button = 1) => target.dispatchEvent(user(new MouseEvent('auxclick', { bubbles: true, button })))

function setup(opts: { options?: Options; ids?: AdEventsDeps['ids']; send?: AdEventsDeps['send']; painted?: (el: Element) => boolean } = {}) {
  const log = createLogger(false)
  const warn = vi.spyOn(log, 'warn').mockImplementation(() => {})
  let config = applyOptions(DEFAULTS, opts.options ?? {}, log)
  const requests: OutgoingRequest[] = []
  const send = vi.fn(opts.send ?? (async (req: OutgoingRequest) => (requests.push(req), 'sent' as const)))
  const unpainted = new Set<Element>()
  const events = createAdEvents({
    config: () => config,
    log,
    ids: opts.ids ?? (() => ({ sessionId: 'sess-1', userId: 'cust-42' })),
    send,
    IntersectionObserver: FakeIO as unknown as typeof IntersectionObserver,
    isPainted: opts.painted ?? ((el) => !unpainted.has(el)),
  })
  live.push(events)
  const urls = (kind?: string) => requests.filter((r) => !kind || r.url.includes(`/beacon/${kind}/`)).map((r) => r.url)
  return {
    events,
    warn,
    send,
    requests,
    urls,
    unpainted,
    setConfig: (o: Options) => { config = applyOptions(config, o, log) },
    get io() { return FakeIO.last! },
  }
}

const el = (sel: string) => document.querySelector(sel)!
const flush = async () => { for (let i = 0; i < 3; i++) await Promise.resolve() }

beforeEach(() => {
  vi.useFakeTimers()
  visibility = 'visible'
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility })
  FakeIO.last = undefined
  document.body.innerHTML = ''
})
afterEach(() => {
  for (const e of live.splice(0)) e.stop()
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('impressions', () => {
  it('sends the ad-supplied URL exactly, with session_id and user_id as JSON, when the element is in view', () => {
    document.body.innerHTML = '<div id="a" data-ad-id="p1"><a href="/p/1">Product 1</a></div><div id="b" data-ad-id="p2"></div>'
    const t = setup()
    t.events.ads(RESPONSE)
    t.events.start()
    expect(t.io.options?.threshold).toEqual([0, 0.5])
    expect([...t.io.observed].map((e) => e.id)).toEqual(['a', 'b'])
    expect(t.send).not.toHaveBeenCalled()
    t.io.report(el('#a'), 0.1)
    expect(t.requests).toEqual([
      { destination: 'ads', url: ev('impression', 'p1'), method: 'POST', body: '{"session_id":"sess-1","user_id":"cust-42"}', contentType: 'application/json', persist: false },
    ])
  })

  it('only for ads in view, once each, and never for those that never intersect', () => {
    document.body.innerHTML = Array.from({ length: 50 }, (_, i) => `<div data-ad-impression-url="${ev('impression', `x${i}`)}"></div>`).join('')
    const t = setup()
    t.events.start()
    const els = [...document.querySelectorAll('div')]
    for (const e of els.slice(0, 4)) t.io.report(e, 1)
    for (const e of els.slice(0, 4)) t.io.report(e, 0)
    for (const e of els.slice(0, 4)) t.io.report(e, 1)
    vi.advanceTimersByTime(10_000)
    expect(t.urls()).toEqual([0, 1, 2, 3].map((i) => ev('impression', `x${i}`)))
  })

  it('waits until the element is painted (visibility:hidden menus, opacity:0 slides), checking again without geometry changes', () => {
    document.body.innerHTML = '<div id="a" data-ad-id="p1"></div>'
    const t = setup()
    t.events.ads(RESPONSE)
    t.events.start()
    t.unpainted.add(el('#a'))
    t.io.report(el('#a'), 1)
    vi.advanceTimersByTime(5 * TICK_MS)
    expect(t.send).not.toHaveBeenCalled()
    t.unpainted.clear() // revealed, e.g. the drawer opened: no IntersectionObserver callback
    vi.advanceTimersByTime(TICK_MS)
    expect(t.urls('impression')).toEqual([ev('impression', 'p1')])
    vi.advanceTimersByTime(VIEW_MS)
    expect(t.urls('view')).toEqual([ev('view', 'p1')])
    // nothing left to look at: the poll stops
    expect(vi.getTimerCount()).toBe(0)
  })

  it('counts an element that only touches the viewport edge once a pixel of it is inside', () => {
    document.body.innerHTML = '<div id="a" data-ad-id="p1"></div>'
    const t = setup()
    t.events.ads(RESPONSE)
    t.events.start()
    const box = { top: 768, bottom: 868, left: 0, right: 100 }
    vi.spyOn(el('#a'), 'getBoundingClientRect').mockImplementation(() => ({ ...box, width: 100, height: 100, x: 0, y: box.top, toJSON() {} }) as DOMRect)
    vi.spyOn(window, 'innerHeight', 'get').mockReturnValue(768)
    t.io.report(el('#a'), 'edge')
    vi.advanceTimersByTime(3 * TICK_MS)
    expect(t.send).not.toHaveBeenCalled()
    box.top = 767 // scrolled by one pixel: IntersectionObserver's thresholds are not crossed
    vi.advanceTimersByTime(TICK_MS)
    expect(t.urls('impression')).toEqual([ev('impression', 'p1')])
  })

  it('waits while the page is hidden (background tab, prerender)', () => {
    document.body.innerHTML = '<div id="a" data-ad-id="p1"></div>'
    const t = setup()
    t.events.ads(RESPONSE)
    visibility = 'hidden'
    t.events.start()
    t.io.report(el('#a'), 1)
    vi.advanceTimersByTime(5000)
    expect(t.send).not.toHaveBeenCalled()
    setVisibility('visible')
    expect(t.urls('impression')).toEqual([ev('impression', 'p1')])
  })
})

describe('views', () => {
  it('needs 50% in view for one full second', () => {
    document.body.innerHTML = '<div id="a" data-ad-id="b1"></div>'
    const t = setup()
    t.events.ads(RESPONSE)
    t.events.start()
    t.io.report(el('#a'), 0.49)
    vi.advanceTimersByTime(5000)
    expect(t.urls('view')).toEqual([])
    t.io.report(el('#a'), 0.5)
    vi.advanceTimersByTime(VIEW_MS - 1)
    expect(t.urls('view')).toEqual([])
    vi.advanceTimersByTime(1)
    expect(t.urls('view')).toEqual([ev('view', 'b1')])
    expect(t.urls('impression')).toEqual([ev('impression', 'b1')])
  })

  it('restarts the second when the ad leaves, and sends one view only', () => {
    document.body.innerHTML = '<div id="a" data-ad-id="b1"></div>'
    const t = setup()
    t.events.ads(RESPONSE)
    t.events.start()
    t.io.report(el('#a'), 0.8)
    vi.advanceTimersByTime(900)
    t.io.report(el('#a'), 0.3) // scrolled half out
    vi.advanceTimersByTime(900)
    t.io.report(el('#a'), 0.8)
    vi.advanceTimersByTime(900)
    expect(t.urls('view')).toEqual([])
    vi.advanceTimersByTime(100)
    expect(t.urls('view')).toHaveLength(1)
    t.io.report(el('#a'), 0)
    t.io.report(el('#a'), 1)
    vi.advanceTimersByTime(5000)
    expect(t.urls('view')).toHaveLength(1)
    expect(t.urls('impression')).toHaveLength(1)
  })

  it('does not count time while the page is hidden; the second starts again when it is shown', () => {
    document.body.innerHTML = '<div id="a" data-ad-id="b1"></div>'
    const t = setup()
    t.events.ads(RESPONSE)
    t.events.start()
    t.io.report(el('#a'), 1)
    vi.advanceTimersByTime(700)
    setVisibility('hidden')
    vi.advanceTimersByTime(10_000)
    expect(t.urls('view')).toEqual([])
    setVisibility('visible')
    vi.advanceTimersByTime(VIEW_MS - 1)
    expect(t.urls('view')).toEqual([])
    vi.advanceTimersByTime(1)
    expect(t.urls('view')).toEqual([ev('view', 'b1')])
  })

  it('breaks the second when the ad stops being painted', () => {
    document.body.innerHTML = '<div id="a" data-ad-id="b1"></div>'
    const t = setup()
    t.events.ads(RESPONSE)
    t.events.start()
    t.io.report(el('#a'), 1)
    vi.advanceTimersByTime(500)
    t.unpainted.add(el('#a')) // carousel faded it out; geometry unchanged
    vi.advanceTimersByTime(TICK_MS)
    t.unpainted.clear()
    vi.advanceTimersByTime(VIEW_MS - TICK_MS)
    expect(t.urls('view')).toEqual([])
    vi.advanceTimersByTime(2 * TICK_MS)
    expect(t.urls('view')).toEqual([ev('view', 'b1')])
  })
})

describe('clicks', () => {
  it('sends synchronously inside the click listener, before the page handles it, once per ad', () => {
    document.body.innerHTML = '<div data-ad-id="p1"><a id="link" href="/p/1"><span id="name">P1</span></a></div>'
    const t = setup()
    t.events.ads(RESPONSE)
    t.events.start()
    const seen: number[] = []
    el('#link').addEventListener('click', (e) => {
      seen.push(t.send.mock.calls.length) // a store handler that navigates right away
      e.preventDefault()
      e.stopPropagation()
    })
    click(el('#name'))
    expect(seen).toEqual([1])
    expect(t.urls('click')).toEqual([ev('click', 'p1')])
    click(el('#name'))
    expect(t.urls('click')).toHaveLength(1)
  })

  it('counts keyboard activation (a click event with detail 0) and middle-click, not right-click', () => {
    document.body.innerHTML = '<a id="k" data-ad-id="p1" href="#"></a><a id="m" data-ad-id="p2" href="#"></a><a id="r" data-ad-id="b1" href="#"></a>'
    const t = setup()
    t.events.ads(RESPONSE)
    t.events.start()
    click(el('#k'), { detail: 0 })
    middle(el('#m'))
    middle(el('#r'), 2)
    expect(t.urls('click')).toEqual([ev('click', 'p1'), ev('click', 'p2')])
  })

  it('ignores clicks made by a script (a carousel autoplay calling .click() inside a banner)', () => {
    document.body.innerHTML = '<div id="banner" data-ad-id="b1"><button id="next">›</button><a id="link" href="#">Banner</a></div>'
    const t = setup()
    t.events.ads(RESPONSE)
    t.events.start()
    ;(el('#next') as HTMLElement).click()
    el('#link').dispatchEvent(new MouseEvent('click', { bubbles: true }))
    el('#link').dispatchEvent(new MouseEvent('auxclick', { bubbles: true, button: 1 }))
    expect(t.send).not.toHaveBeenCalled()
    click(el('#next'))
    expect(t.urls('click')).toEqual([ev('click', 'b1')])
  })

  it('counts a middle-click only where it opens a link', () => {
    document.body.innerHTML = `
      <div id="card" data-ad-id="p1"><span id="text">P1</span><a id="nohref">no href</a></div>
      <div data-ad-id="p2"><a href="/p/2"><img id="img" alt=""></a></div>
      <map name="m"><area id="area" data-ad-id="b1" href="/b" alt=""></map>`
    const t = setup()
    t.events.ads(RESPONSE)
    t.events.start()
    middle(el('#card'))
    middle(el('#text'))
    middle(el('#nohref'))
    expect(t.send).not.toHaveBeenCalled()
    middle(el('#img'))
    middle(el('#area'))
    expect(t.urls('click')).toEqual([ev('click', 'p2'), ev('click', 'b1')])
  })

  it('a click on a sponsored-brand product reports that product; on the brand area, the brand', () => {
    document.body.innerHTML = `
      <section id="brand" data-ad-id="sb1"><h2 id="headline">Midea</h2>
        <a id="p111" data-ad-id="sb1" data-ad-sku="111" href="#">A</a>
        <a id="p222" data-ad-id="sb1" data-ad-sku="222" href="#">B</a>
      </section>`
    const t = setup()
    t.events.ads(RESPONSE)
    t.events.start()
    click(el('#p222'))
    expect(t.urls('click')).toEqual([ev('click', 'sb1', '&product_sku=222')])
    click(el('#headline'))
    expect(t.urls('click')).toEqual([ev('click', 'sb1', '&product_sku=222'), ev('click', 'sb1')])
    // and each has its own impression
    for (const id of ['#brand', '#p111', '#p222']) t.io.report(el(id), 1)
    expect(t.urls('impression')).toEqual([ev('impression', 'sb1'), ev('impression', 'sb1', '&product_sku=111'), ev('impression', 'sb1', '&product_sku=222')])
  })
})

describe('allowed hosts', () => {
  it('refuses a URL planted in user content: no request, one warning naming the host', () => {
    document.body.innerHTML = `<div class="review">
      <a id="evil" href="#" data-ad-impression-url="https://evil.example/i" data-ad-view-url="https://evil.example/v" data-ad-click-url="https://evil.example/c">nice</a>
      <a id="http" href="#" data-ad-click-url="http://events.newtail-media.newtail.com.br/v1/beacon/click/x">x</a></div>`
    const t = setup()
    t.events.start()
    t.io.report(el('#evil'), 1)
    vi.advanceTimersByTime(5000)
    click(el('#evil'))
    click(el('#evil'))
    click(el('#http'))
    t.events.click(el('#evil'))
    t.events.impression({ ad_id: 'x', impression_url: 'https://evil.example/i' })
    expect(t.send).not.toHaveBeenCalled()
    const warnings = t.warn.mock.calls.map((c) => String(c[0]))
    expect(warnings.filter((w) => w.includes('evil.example'))).toHaveLength(3) // impression, view, click: once each
    expect(warnings.some((w) => w.includes('not an absolute https:// URL'))).toBe(true)
    expect(vi.getTimerCount()).toBe(0) // refused URLs are not polled for
  })

  it('also refuses a foreign host inside a Get ads response, and allows configured event hosts', () => {
    document.body.innerHTML = '<div id="a" data-ad-id="f1"></div><div id="b" data-ad-click-url="http://127.0.0.1:4000/v1/beacon/click/c1"></div>'
    const t = setup({ options: { eventHosts: ['127.0.0.1:4000'] } })
    t.events.ads({ top: [{ ad_id: 'f1', impression_url: 'https://collector.evil.example/i' }] })
    t.events.start()
    t.io.report(el('#a'), 1)
    click(el('#b'))
    expect(t.urls()).toEqual(['http://127.0.0.1:4000/v1/beacon/click/c1'])
  })

  it('prefers the URLs from ads() over attributes on a bound element', () => {
    document.body.innerHTML = `<div id="a" data-ad-id="p1" data-ad-click-url="${HOST}/v1/beacon/click/planted"></div>`
    const t = setup()
    t.events.ads(RESPONSE)
    t.events.start()
    click(el('#a'))
    expect(t.urls()).toEqual([ev('click', 'p1')])
  })
})

describe('binding', () => {
  it('picks up ads added later, releases removed ones, and does not repeat an ad that comes back', async () => {
    const t = setup()
    t.events.ads(RESPONSE)
    t.events.start()
    expect(t.io.observed.size).toBe(0)
    const page = document.createElement('div')
    page.innerHTML = '<div id="a" data-ad-id="p1"></div><div id="b" data-ad-id="p2"></div>'
    document.body.append(page) // infinite scroll
    await flush()
    expect([...t.io.observed].map((e) => e.id)).toEqual(['a', 'b'])
    t.io.report(el('#a'), 1)
    const a = el('#a')
    page.remove()
    await flush()
    expect(t.io.observed.size).toBe(0)
    document.body.append(a)
    await flush()
    t.io.report(a, 1)
    expect(t.urls('impression')).toEqual([ev('impression', 'p1')])
  })

  it('follows an element reused for another ad (data-ad-id changed)', async () => {
    document.body.innerHTML = '<div id="a" data-ad-id="p1"></div>'
    const t = setup()
    t.events.ads(RESPONSE)
    t.events.start()
    t.io.report(el('#a'), 1)
    el('#a').setAttribute('data-ad-id', 'p2')
    await flush()
    vi.advanceTimersByTime(TICK_MS)
    expect(t.urls('impression')).toEqual([ev('impression', 'p1'), ev('impression', 'p2')])
  })

  it('sends for an element that was in view before ads() told its URLs', () => {
    document.body.innerHTML = '<div id="a" data-ad-id="b1"></div>'
    const t = setup()
    t.events.start()
    t.io.report(el('#a'), 1)
    vi.advanceTimersByTime(2000)
    expect(vi.getTimerCount()).toBe(0) // nothing to send yet, nothing polled
    t.events.ads(RESPONSE)
    expect(t.urls('impression')).toEqual([ev('impression', 'b1')])
    vi.advanceTimersByTime(VIEW_MS)
    expect(t.urls('view')).toEqual([ev('view', 'b1')])
  })

  it('a newer Get ads response for the same ad brings new signed URLs, which are sent again', () => {
    document.body.innerHTML = '<div id="a" data-ad-id="p1"></div>'
    const t = setup()
    t.events.ads(RESPONSE)
    t.events.start()
    t.io.report(el('#a'), 0.2)
    t.events.ads({ again: [{ ...ad('p1'), impression_url: ev('impression', 'p1', '&request_id=r-2') }] })
    expect(t.urls('impression')).toEqual([ev('impression', 'p1'), ev('impression', 'p1', '&request_id=r-2')])
  })

  it('does nothing automatic with autoBind off; manual calls still work', () => {
    document.body.innerHTML = '<div id="a" data-ad-id="p1"></div>'
    const t = setup({ options: { autoBind: false } })
    t.events.ads(RESPONSE)
    t.events.start()
    expect(FakeIO.last).toBeUndefined()
    click(el('#a'))
    expect(t.send).not.toHaveBeenCalled()
    t.events.click(el('#a'))
    expect(t.urls()).toEqual([ev('click', 'p1')])
  })

  it('stop() releases everything', () => {
    document.body.innerHTML = '<div id="a" data-ad-id="p1"></div>'
    const t = setup()
    t.events.ads(RESPONSE)
    t.events.start()
    const io = t.io
    t.events.stop()
    expect(io.observed.size).toBe(0)
    click(el('#a'))
    expect(t.send).not.toHaveBeenCalled()
    expect(t.events.state()).toEqual({ ads: 6, elements: 0, sent: [] })
  })
})

describe('manual calls', () => {
  it('take an ad object, an ad id known from ads(), a sponsored-brand product, or an element', () => {
    document.body.innerHTML = `<canvas id="c" data-ad-view-url="${ev('view', 'canvas')}"></canvas>`
    const t = setup()
    t.events.impression(ad('direct'))
    t.events.ads(RESPONSE)
    t.events.impression('p2')
    t.events.click({ ad_id: 'sb1', product_sku: '111' })
    t.events.view(el('#c'))
    t.events.view(ad('direct'))
    expect(t.urls()).toEqual([ev('impression', 'direct'), ev('impression', 'p2'), ev('click', 'sb1', '&product_sku=111'), ev('view', 'canvas'), ev('view', 'direct')])
  })

  it('share the once-per-page-view rule with automatic events', () => {
    document.body.innerHTML = '<div id="a" data-ad-id="p1"></div>'
    const t = setup()
    t.events.ads(RESPONSE)
    t.events.start()
    t.events.impression('p1')
    t.io.report(el('#a'), 1)
    t.events.impression(RESPONSE.search_top[0])
    expect(t.urls('impression')).toEqual([ev('impression', 'p1')])
  })

  it('warn about targets without a URL and never throw', () => {
    const t = setup()
    for (const bad of [undefined, null, 42, 'unknown', {}, { ad_id: 3 }, document.createElement('div')]) {
      expect(() => t.events.impression(bad)).not.toThrow()
      expect(() => t.events.click(bad)).not.toThrow()
    }
    expect(t.send).not.toHaveBeenCalled()
    expect(t.warn.mock.calls[0]?.[0]).toContain('no impression_url')
  })
})

describe('ids and failures', () => {
  it('reads the ids at send time and omits user_id when unknown', () => {
    let userId: string | undefined
    const t = setup({ ids: () => ({ sessionId: 'sess-9', userId }) })
    t.events.impression(ad('x'))
    userId = 'cust-1'
    t.events.click(ad('x'))
    expect(t.requests.map((r) => JSON.parse(r.body!))).toEqual([{ session_id: 'sess-9' }, { session_id: 'sess-9', user_id: 'cust-1' }])
  })

  it('keeps working when send, ids or the paint check throw, or send rejects', async () => {
    document.body.innerHTML = '<div id="a" data-ad-id="p1"></div><div id="b" data-ad-id="p2"></div>'
    let mode: 'throw' | 'reject' = 'throw'
    const t = setup({
      send: (() => {
        if (mode === 'throw') throw new Error('boom')
        return Promise.reject(new Error('nope'))
      }) as AdEventsDeps['send'],
      painted: (e) => {
        if (e.id === 'b') throw new Error('style')
        return true
      },
    })
    t.events.ads(RESPONSE)
    t.events.start()
    expect(() => t.io.report(el('#a'), 1)).not.toThrow()
    expect(() => t.io.report(el('#b'), 1)).not.toThrow()
    mode = 'reject'
    expect(() => click(el('#a'))).not.toThrow()
    await flush()
    expect(t.send).toHaveBeenCalledTimes(2)
    const broken = setup({ ids: () => { throw new Error('ids') } })
    expect(() => broken.events.impression(ad('y'))).not.toThrow()
    expect(broken.send).not.toHaveBeenCalled()
  })

  it('one element failing does not stop the others, nor the poll', () => {
    document.body.innerHTML = '<div id="a" data-ad-id="p1"></div><div id="b" data-ad-id="p2"></div>'
    const t = setup()
    t.events.ads(RESPONSE)
    t.events.start()
    t.unpainted.add(el('#a')).add(el('#b'))
    t.io.report(el('#a'), 1)
    t.io.report(el('#b'), 1)
    // #a breaks (a framework's proxy element, a patched getAttribute); #b is revealed
    const a = el('#a')
    Object.defineProperty(a, 'getAttribute', { configurable: true, value: () => { throw new Error('broken') } })
    try {
      t.unpainted.clear()
      vi.advanceTimersByTime(TICK_MS)
      expect(t.urls('impression')).toEqual([ev('impression', 'p2')])
      vi.advanceTimersByTime(VIEW_MS)
      expect(t.urls('view')).toEqual([ev('view', 'p2')])
    } finally {
      Reflect.deleteProperty(a, 'getAttribute')
    }
  })

  it('does not send without a session_id, and sends once it exists', () => {
    let sessionId = ''
    const t = setup({ ids: () => ({ sessionId, userId: undefined }) })
    t.events.impression(ad('x'))
    expect(t.send).not.toHaveBeenCalled()
    sessionId = 's'
    t.events.impression(ad('x'))
    expect(t.urls()).toEqual([ev('impression', 'x')])
  })
})
