import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

// An element is unobserved as soon as its impression and view are settled (sent, or refused for
// its host), and one whose send threw is looked at again: nothing is lost to a single failure.
import { createAdEvents, TICK_MS, VIEW_MS } from '../../../src/ad-events/ad-events'
import { createLogger } from '../../../src/log'

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
  /** What the "layout" says about each element, so that observe() can give the initial entry a browser gives. */
  static ratios = new Map<Element, number | 'edge'>()
  observed = new Set<Element>()
  constructor(
    readonly cb: IntersectionObserverCallback,
    readonly options?: IntersectionObserverInit,
  ) {
    FakeIO.last = this
  }
  observe(el: Element) {
    // A browser queues an initial entry for a target it was not observing (IntersectionObserver spec, observe()).
    if (this.observed.has(el)) return
    this.observed.add(el)
    const r = FakeIO.ratios.get(el)
    if (r !== undefined) queueMicrotask(() => this.observed.has(el) && this.report(el, r))
  }
  unobserve(el: Element) { this.observed.delete(el) }
  disconnect() { this.observed.clear() }
  takeRecords() { return [] }
  /** ratio of a 100×100 element in view; 0 = out of view; 'edge' = touching the viewport edge */
  report(el: Element, ratio: number | 'edge') {
    FakeIO.ratios.set(el, ratio)
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

/**
 * createAdEvents has no stop(): the listeners and MutationObservers each test's instance adds to the
 * shared window and document are recorded here and removed after the test.
 */
const cleanups: Array<() => void> = []
function recordListeners() {
  for (const target of [window, document] as EventTarget[]) {
    const add = target.addEventListener
    vi.spyOn(target, 'addEventListener').mockImplementation(function (this: EventTarget, type: string, fn: EventListenerOrEventListenerObject | null, o?: boolean | AddEventListenerOptions) {
      add.call(target, type, fn, o)
      cleanups.push(() => target.removeEventListener(type, fn, o))
    })
  }
  const MO = window.MutationObserver
  vi.stubGlobal('MutationObserver', class extends MO {
    constructor(cb: MutationCallback) {
      super(cb)
      cleanups.push(() => this.disconnect())
    }
  })
}

/** Paint: happy-dom has no layout. Every element has a 100×100 box; checkVisibility says what is painted. */
const unpainted = new Set<Element>()
let paintCheck: (el: Element) => boolean = (el) => !unpainted.has(el)
const box = (top = 0) => ({ x: 0, y: top, top, left: 0, right: 100, bottom: top + 100, width: 100, height: 100, toJSON() {} }) as DOMRect


/** One event handed to the transport: the URL, and `now` (a click goes at once). */
interface Sent { url: string; now: boolean }

function setup(opts: { hosts?: string[]; send?: (url: string, now: boolean) => void; painted?: (el: Element) => boolean } = {}) {
  const log = createLogger(false)
  const warn = vi.spyOn(log, 'warn').mockImplementation(() => {})
  const hosts: readonly string[] = opts.hosts ?? []
  const requests: Sent[] = []
  const send = vi.fn(opts.send ?? ((url: string, now: boolean) => { requests.push({ url, now }) }))
  if (opts.painted) paintCheck = opts.painted
  const events = createAdEvents(log, () => hosts, send, FakeIO as unknown as typeof IntersectionObserver)
  const urls = (kind?: string) => requests.filter((r) => !kind || r.url.includes(`/beacon/${kind}/`)).map((r) => r.url)
  return {
    events,
    warn,
    send,
    requests,
    urls,
    unpainted,
    get io() { return FakeIO.last! },
  }
}

const el = (sel: string) => document.querySelector(sel)!

beforeEach(() => {
  vi.useFakeTimers()
  visibility = 'visible'
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility })
  FakeIO.last = undefined
  FakeIO.ratios.clear()
  unpainted.clear()
  paintCheck = (el) => !unpainted.has(el)
  vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(() => box())
  vi.spyOn(Element.prototype, 'checkVisibility').mockImplementation(function (this: Element) { return paintCheck(this) })
  recordListeners()
  document.body.innerHTML = ''
})
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
  vi.useRealTimers()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

describe('ad events: settled elements are let go, failed ones looked at again', () => {
  it('unobserves an element once its impression and view are settled', () => {
    document.body.innerHTML = '<div id="a" data-ad-id="p1"></div>'
    const t = setup()
    t.events.ads(RESPONSE)
    t.events.start()
    t.io.report(el('#a'), 1)
    vi.advanceTimersByTime(VIEW_MS + TICK_MS)
    expect(t.urls()).toEqual([ev('impression', 'p1'), ev('view', 'p1')])
    expect(t.io.observed.has(el('#a'))).toBe(false)
  })

  it('unobserves an element whose URLs go to a refused host, once both are settled without a request', () => {
    document.body.innerHTML = '<a id="evil" href="#" data-ad-impression-url="https://evil.example/i" data-ad-view-url="https://evil.example/v">x</a>'
    const t = setup()
    t.events.start()
    t.io.report(el('#evil'), 1)
    vi.advanceTimersByTime(5000)
    expect(t.send).not.toHaveBeenCalled()
    expect(t.io.observed.has(el('#evil'))).toBe(false)
  })

  it('an element whose send threw once is looked at again: the impression is retried and its view still goes', () => {
    document.body.innerHTML = '<div id="a" data-ad-id="p1"></div>'
    let n = 0
    const sent: string[] = []
    const t = setup({ send: (url) => { if (n++ === 0) throw new Error('boom'); sent.push(url) } })
    t.events.ads(RESPONSE)
    t.events.start()
    t.io.report(el('#a'), 1)
    vi.advanceTimersByTime(VIEW_MS + TICK_MS)
    expect(sent).toEqual([ev('impression', 'p1'), ev('view', 'p1')])
  })
})
