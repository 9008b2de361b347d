import type { Logger } from '../log'
import { attempt, isObject, now } from '../util'
import { createUrlCheck } from './event-url'
import { isPainted } from './painted'
import { addAdsResponse, adKey, urlsOf, type AdEventKind, type AdUrls } from './registry'

export interface AdEvents {
  /** Accepts a Get ads response; binds [data-ad-id] elements to its ads. */
  ads(response: unknown): void
  impression(target: unknown): void
  view(target: unknown): void
  click(target: unknown): void
  /** Starts automatic binding of [data-ad-*] elements. */
  start(): void
  /** For debugState(): the ads known and the events sent on this page view (kind and URL). */
  state(): { ads: number; sent: string[] }
}

export const AD_SELECTOR = '[data-ad-id],[data-ad-impression-url],[data-ad-view-url],[data-ad-click-url]'
const ATTRS = ['data-ad-id', 'data-ad-sku', 'data-ad-impression-url', 'data-ad-view-url', 'data-ad-click-url']

/**
 * VTEX Ads view rule: at least 50% of the ad in the viewport for at least 1 s without a break
 * (https://github.com/vtex/vtexads-api-docs, events: view).
 */
export const VIEW_RATIO = 0.5
export const VIEW_MS = 1000
/**
 * How often elements in view that are not counted yet are looked at again. IntersectionObserver
 * reports geometry changes only: a drawer that turns visible or a carousel slide fading in
 * (opacity) changes nothing it reports. Topsort polls for the same reason
 * (https://github.com/Topsort/analytics.js/pull/386). Only elements in view are visited.
 */
export const TICK_MS = 250
/** Longest slice of looks in one task. */
const SLICE_MS = 12

/** What is known about an element once it has intersected; elements never in view have none. */
interface Seen {
  urls?: AdUrls
  ratio: number
  area: number
  /** when the view condition started to hold without a break */
  since?: number
  /** when it needs its next look (ms; Infinity: only an IntersectionObserver report can change anything) */
  next: number
}

const isElement = (v: unknown): v is Element => isObject(v) && (v as unknown as Node).nodeType === 1

/**
 * Impression, view and click for the ads on the page. `hosts`: the allowed extra event hosts,
 * read when an event would fire; `send` hands one event to the transport (`now` for a click,
 * which may be the page's last moment). Tests pass their own IntersectionObserver as `IO`.
 */
export function createAdEvents(log: Logger, hosts: () => readonly string[], send: (url: string, now: boolean) => void, IO = window.IntersectionObserver): AdEvents {
  const registry = new Map<string, AdUrls>()
  /** `${kind} ${url}`: each event once per page view. The URL carries VTEX's per-serve event_id. */
  const done = new Set<string>()
  const sent: string[] = []
  const allowed = createUrlCheck(hosts, log)
  // WeakMap: an element the page removes is forgotten with it; IntersectionObserver holds its
  // targets weakly too (https://w3c.github.io/IntersectionObserver/#intersection-observer-private-slots).
  const seen = new WeakMap<Element, Seen>()
  const inView = new Set<Element>()
  let io: IntersectionObserver | undefined
  let timer: ReturnType<typeof setTimeout> | undefined

  const attr = (el: Element, name: string) => el.getAttribute(name)?.trim() || undefined

  /** An element's URLs: those of its ad from ads() first (they came from the API), then its own attributes. */
  const urlsFor = (el: Element): AdUrls => {
    const id = attr(el, 'data-ad-id')
    const own = (id && registry.get(adKey(id, attr(el, 'data-ad-sku')))) || {}
    return { impression: own.impression ?? attr(el, 'data-ad-impression-url'), view: own.view ?? attr(el, 'data-ad-view-url'), click: own.click ?? attr(el, 'data-ad-click-url') }
  }

  /** Sends once per URL; a URL on a host not allowed is settled without a request. */
  const fire = (kind: AdEventKind, url: string) => {
    const key = kind + ' ' + url
    if (done.has(key)) return
    done.add(key)
    if (!allowed(url)) return
    log.debug('ad ' + kind, url)
    try {
      send(url, kind == 'click')
    } catch (e) {
      // Not settled: a later look tries again.
      done.delete(key)
      throw e
    }
    sent.push(key)
  }
  const pending = (kind: AdEventKind, url: string | undefined): url is string => !!url && !done.has(kind + ' ' + url)

  /** Visible px² of the element's box in the viewport, for targets IntersectionObserver saw only touching the edge. */
  const boxArea = (el: Element) => {
    const r = el.getBoundingClientRect()
    const w = Math.min(r.right, innerWidth) - Math.max(r.left)
    const h = Math.min(r.bottom, innerHeight) - Math.max(r.top)
    return w > 0 && h > 0 ? w * h : 0
  }

  /**
   * The impression and view rules for one element in view. Returns when it needs another look:
   * polled while it intersects but is not shown yet (paint may change without any geometry
   * change), at the end of its view second while the view is counting, and never (Infinity) when
   * only an IntersectionObserver report can change anything. Done with it once both are settled.
   */
  const look = (el: Element, s: Seen, t: number): number => {
    const urls = (s.urls ??= urlsFor(el))
    const left = () => pending('impression', urls.impression) || pending('view', urls.view)
    // A hidden page (background tab, prerender) shows nothing, and a view is 1 s without a break.
    const shown = left() && document.visibilityState != 'hidden' && (s.area ||= boxArea(el)) > 0 && isPainted(el)
    if (shown && pending('impression', urls.impression)) fire('impression', urls.impression!)
    let next = Infinity
    if (!shown) next = t + TICK_MS
    else if (pending('view', urls.view) && s.ratio >= VIEW_RATIO) {
      if (t - (s.since ??= t) < VIEW_MS) next = s.since + VIEW_MS
      else fire('view', urls.view!)
    }
    if (next == Infinity || !shown) s.since = undefined
    if (left()) return next
    // Nothing left to send: stop watching (a later ads() or attribute change starts over).
    inView.delete(el)
    io?.unobserve(el)
    return Infinity
  }

  // Each element in view is looked at when it is due (`next`); a pass longer than SLICE_MS
  // continues in the next task, so two thousand ads in view never make one long task
  // (https://web.dev/articles/optimize-long-tasks).
  const tick = () => {
    timer = undefined
    const start = now()
    let next = Infinity
    for (const el of inView) {
      const s = seen.get(el)!
      const t = now()
      if (t - start > SLICE_MS) {
        timer = setTimeout(tick)
        return
      }
      // A failure (a broken element, a send that threw) is looked at again on the next poll.
      if (s.next <= t) s.next = attempt(() => look(el, s, t), t + TICK_MS, (e) => log.debug('ad element failed', e))
      next = Math.min(next, s.next)
    }
    if (next < Infinity) timer = setTimeout(tick, next - now())
  }
  /** Every element in view looked at again now (the page was hidden or shown, ads() brought URLs). */
  const lookAgain = () => {
    for (const el of inView) seen.get(el)!.next = 0
    reschedule()
  }
  const reschedule = () => {
    clearTimeout(timer)
    attempt(tick)
  }

  const onIntersect = (entries: IntersectionObserverEntry[]) =>
    attempt(() => {
      for (const e of entries) {
        const el = e.target
        const s = seen.get(el) ?? { ratio: 0, area: 0, next: 0 }
        seen.set(el, s)
        s.ratio = e.isIntersecting ? e.intersectionRatio : 0
        s.area = e.isIntersecting ? e.intersectionRect.width * e.intersectionRect.height : 0
        s.next = 0
        if (e.isIntersecting) inView.add(el)
        else {
          inView.delete(el)
          s.since = undefined
        }
      }
      reschedule()
    })

  const observe = (el: Element) => io?.observe(el)
  /** Starts over for an element (another ad in a reused element, or URLs that came with ads()). */
  const restart = (el: Element) => {
    seen.delete(el)
    inView.delete(el)
    io?.unobserve(el)
    if (el.matches(AD_SELECTOR)) observe(el)
  }

  const onMutations = (records: MutationRecord[]) =>
    attempt(() => {
      for (const r of records) {
        if (r.type == 'attributes') restart(r.target as Element)
        else
          r.addedNodes.forEach((n) => {
            if (!isElement(n)) return
            if (n.matches(AD_SELECTOR)) observe(n)
            n.querySelectorAll(AD_SELECTOR).forEach(observe)
          })
      }
    })

  // Capture phase on the document: runs before the page's own handlers can navigate or stop the
  // event. Keyboard activation dispatches a trusted click too; a script's el.click() is untrusted,
  // not the shopper's click. The middle button fires auxclick, not click
  // (https://w3c.github.io/uievents/#event-type-auxclick), and opens something only on a link.
  // composedPath() reaches into shadow roots.
  const onClick = (ev: Event) =>
    attempt(() => {
      const path = ev.composedPath()
      if (!ev.isTrusted || (ev.type == 'auxclick' && ((ev as MouseEvent).button != 1 || !path.some((n) => isElement(n) && n.matches('a[href],area[href]'))))) return
      // The innermost ad element with a click URL: a sponsored-brand product before its brand.
      for (const n of path) {
        const url = isElement(n) && n.matches(AD_SELECTOR) && urlsFor(n).click
        if (url) return fire('click', url)
      }
    })

  /** A manual call's target: an element, an ad object (from Get ads), or an ad id given to ads(). */
  const manual = (kind: AdEventKind) => (target: unknown) => {
    const ad = isObject(target) ? target : {}
    const url = isElement(target)
      ? urlsFor(target)[kind]
      : typeof target == 'string'
        ? registry.get(adKey(target.trim()))?.[kind]
        : (urlsOf(target)?.[kind] ?? registry.get(adKey(String(ad.ad_id), typeof ad.product_sku == 'string' ? ad.product_sku : undefined))?.[kind])
    if (url) fire(kind, url)
    else log.warn('no URL', kind + '()', target)
  }

  const scan = () => {
    if (!IO) return log.warn('unsupported', 'IntersectionObserver')
    io = new IO(onIntersect, { threshold: [0, VIEW_RATIO] })
    document.querySelectorAll(AD_SELECTOR).forEach(observe)
    new MutationObserver(onMutations).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ATTRS })
  }

  return {
    ads(response) {
      addAdsResponse(registry, response, log)
      // Elements that had no URLs before may have now: look again (observe() is a no-op for a
      // target already observed, https://w3c.github.io/IntersectionObserver/#dom-intersectionobserver-observe).
      if (io)
        document.querySelectorAll('[data-ad-id]').forEach((el) => {
          const s = seen.get(el)
          if (s) s.urls = undefined
          observe(el)
        })
      lookAgain()
    },
    impression: manual('impression'),
    view: manual('view'),
    click: manual('click'),
    start() {
      addEventListener('click', onClick, true)
      addEventListener('auxclick', onClick, true)
      document.addEventListener('visibilitychange', lookAgain)
      // While the page parses, a MutationObserver would see every ad card one by one: one scan
      // when parsing is done is cheaper (https://html.spec.whatwg.org/#the-end).
      if (document.readyState == 'loading') document.addEventListener('DOMContentLoaded', () => attempt(scan), { once: true })
      else scan()
    },
    state: () => ({ ads: registry.size, sent: sent.slice() }),
  }
}
