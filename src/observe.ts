import type { ResolvedConfig } from './config'
import type { Logger } from './log'
import type { Send } from './request'
import { now } from './clock'
import { adKey, KINDS, parseAdsResponse, urlsOf, type AdEntry, type AdEventKind, type AdUrls } from './ads'
import { eventUrlProblem } from './event-url'
import { isPainted } from './visibility'

export interface AdEventsDeps {
  config: () => ResolvedConfig
  log: Logger
  /** current ids, read at send time */
  ids: () => { sessionId: string; userId: string | undefined }
  send: Send
  /** Tests: an IntersectionObserver implementation (default: the browser's). */
  IntersectionObserver?: typeof IntersectionObserver
  /** Tests: the paint check (default: visibility.ts isPainted). */
  isPainted?: (el: Element) => boolean
}

export interface AdEvents {
  /** Accepts a Get ads response; binds [data-ad-id] elements to its ads. */
  ads(response: unknown): void
  impression(target: unknown): void
  view(target: unknown): void
  click(target: unknown): void
  /** Starts automatic binding of [data-ad-*] elements (MutationObserver etc.). */
  start(): void
  stop(): void
  /** For debugState(): what is known and what was sent on this page view. */
  state(): { ads: number; elements: number; sent: string[] }
}

/** The attributes that make an element an ad (README "Ad events"), plus data-ad-sku. */
const ATTRS = ['data-ad-id', 'data-ad-sku', 'data-ad-impression-url', 'data-ad-view-url', 'data-ad-click-url']
const LINK = 'a[href],area[href]'
export const AD_SELECTOR = '[data-ad-id],[data-ad-impression-url],[data-ad-view-url],[data-ad-click-url]'

/** VTEX Ads view rule: at least 50% of the ad in the viewport for at least 1 s without a break
 * (https://developers.vtex.com/docs/guides/views; the API description's view beacon). */
export const VIEW_RATIO = 0.5
export const VIEW_MS = 1000
/**
 * How often elements that intersect but are not yet counted are looked at again. IntersectionObserver
 * reports geometry changes only; a drawer that turns visible, a carousel slide fading in (opacity)
 * or an element that creeps in from the viewport edge one pixel at a time changes nothing it
 * reports. Topsort polls for the same reason
 * (https://github.com/Topsort/analytics.js).
 */
export const TICK_MS = 250

interface Tracked {
  /** latest IntersectionObserver report */
  intersecting: boolean
  ratio: number
  /** visible area in px² (0 when the target only touches the viewport edge) */
  area: number
  /** when the view condition started to hold without a break */
  since?: number
  /** needs another look on the next tick */
  pending: boolean
}

const attr = (el: Element, name: string): string | undefined => {
  // Browsers strip leading/trailing ASCII whitespace from URL attributes; so do we, nothing else.
  const v = el.getAttribute(name)?.trim()
  return v ? v : undefined
}

const isElement = (v: unknown): v is Element =>
  typeof v === 'object' && v !== null && (v as Node).nodeType === 1 && typeof (v as Element).getAttribute === 'function'

export function createAdEvents(deps: AdEventsDeps): AdEvents {
  const { log } = deps
  const registry = new Map<string, AdEntry>()
  /** `${kind} ${url}`: each event once per page view. The URL carries VTEX's per-serve event_id. */
  const done = new Set<string>()
  const warned = new Set<string>()
  const tracked = new Map<Element, Tracked>()
  let io: IntersectionObserver | undefined
  let mo: MutationObserver | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  let started = false

  /** Observer and listener callbacks run outside the tracker's guard: nothing may escape them. */
  const guarded = <A extends unknown[]>(name: string, fn: (...a: A) => void) => (...a: A): void => {
    try {
      fn(...a)
    } catch (e) {
      log.debug(`ad events: ${name} failed`, e)
    }
  }

  const painted = (el: Element): boolean => {
    try {
      return (deps.isPainted ?? isPainted)(el)
    } catch {
      return false
    }
  }

  const pageVisible = (): boolean => {
    try {
      return document.visibilityState !== 'hidden'
    } catch {
      return true
    }
  }

  const extraHosts = (): string[] => {
    try {
      return deps.config().eventHosts
    } catch {
      return []
    }
  }

  /** The reason a URL is refused (warned about once per URL), or undefined. */
  const refusal = (kind: AdEventKind, url: string): string | undefined => {
    const problem = eventUrlProblem(url, extraHosts())
    if (problem && !warned.has(url)) {
      warned.add(url)
      log.warn(`${kind} not sent: the ${kind} URL ${problem}. Ad event URLs carry the shopper's ids, so only allowed hosts get them.`, url)
    }
    return problem
  }

  /** Nothing left to do for this URL: sent already, or refused. */
  const settled = (kind: AdEventKind, url: string): boolean => done.has(`${kind} ${url}`) || refusal(kind, url) !== undefined

  function fire(kind: AdEventKind, url: string): void {
    const key = `${kind} ${url}`
    if (done.has(key) || refusal(kind, url) !== undefined) return
    let ids: { sessionId: string; userId: string | undefined }
    try {
      ids = deps.ids()
    } catch (e) {
      log.debug(`${kind}: ids unavailable`, e)
      return
    }
    if (!ids.sessionId) {
      log.warn(`${kind} not sent yet: no session_id.`)
      return
    }
    const body: { session_id: string; user_id?: string } = { session_id: ids.sessionId }
    if (ids.userId) body.user_id = ids.userId
    done.add(key)
    log.debug(`ad ${kind}`, url)
    try {
      // The transport hands a beacon to the browser synchronously, before its first await: for a
      // click that navigates away, this listener is the last moment the page exists.
      deps
        .send({ destination: 'ads', url, method: 'POST', body: JSON.stringify(body), contentType: 'application/json', persist: false })
        .then(undefined, (e: unknown) => log.debug(`${kind} send failed`, e))
    } catch (e) {
      log.debug(`${kind} send threw`, e)
    }
  }

  /** An element's URLs: those of its ad from ads() first (they came from the API), then its own attributes. */
  function urlsFor(el: Element): AdUrls {
    const out: AdUrls = {}
    const id = attr(el, 'data-ad-id')
    if (id) Object.assign(out, registry.get(adKey(id, attr(el, 'data-ad-sku')))?.urls)
    for (const kind of KINDS) if (!out[kind]) out[kind] = attr(el, `data-ad-${kind}-url`)
    return out
  }

  /** Visible px² of the element's box in the viewport, for targets IntersectionObserver saw only touching the edge. */
  function boxArea(el: Element): number {
    try {
      const r = el.getBoundingClientRect()
      const w = Math.min(r.right, window.innerWidth) - Math.max(r.left, 0)
      const h = Math.min(r.bottom, window.innerHeight) - Math.max(r.top, 0)
      return w > 0 && h > 0 ? w * h : 0
    } catch {
      return 0
    }
  }

  /** Applies the impression and view rules to one element; returns whether it needs another look. */
  function step(el: Element, s: Tracked, t: number): boolean {
    const urls = urlsFor(el)
    const needImpression = !!urls.impression && !settled('impression', urls.impression)
    const needView = !!urls.view && !settled('view', urls.view)
    // A hidden page (background tab, prerender, minimised window) shows nothing to anyone, and a
    // view must be 1 s without a break: hiding the page restarts the count.
    if ((!needImpression && !needView) || !s.intersecting || !pageVisible()) {
      s.since = undefined
      return false
    }
    if (s.area <= 0) s.area = boxArea(el)
    const shown = s.area > 0 && painted(el)
    if (shown && needImpression && urls.impression) fire('impression', urls.impression)
    const viewable = shown && s.ratio >= VIEW_RATIO
    if (!needView || !viewable) {
      s.since = undefined
      // Intersecting but not counted yet: paint may change without any geometry change.
      return needImpression && !shown ? true : needView && s.ratio >= VIEW_RATIO
    }
    if (s.since === undefined) s.since = t
    if (t - s.since >= VIEW_MS && urls.view) {
      fire('view', urls.view)
      s.since = undefined
      return false
    }
    return true
  }

  function schedule(): void {
    if (!started || timer !== undefined) return
    let wait = -1
    const t = now()
    for (const s of tracked.values()) {
      if (!s.pending) continue
      const untilView = s.since === undefined ? TICK_MS : Math.max(0, s.since + VIEW_MS - t)
      wait = wait < 0 ? Math.min(TICK_MS, untilView) : Math.min(wait, untilView)
    }
    if (wait >= 0) timer = setTimeout(tick, wait)
  }

  /** step() for one element; a failure there (a broken element) leaves the others and the poll running. */
  function look(el: Element, s: Tracked, t: number): void {
    try {
      s.pending = step(el, s, t)
    } catch (e) {
      s.pending = false
      log.debug('ad events: an element failed', e)
    }
  }

  const tick = guarded('tick', () => {
    timer = undefined
    const t = now()
    for (const [el, s] of tracked) if (s.pending || s.intersecting) look(el, s, t)
    schedule()
  })

  /** Re-applies the rules to every intersecting element (ads arrived, page shown again). */
  function reevaluate(): void {
    if (timer !== undefined) {
      clearTimeout(timer)
      timer = undefined
    }
    tick()
  }

  const onIntersect = guarded('IntersectionObserver', (entries: IntersectionObserverEntry[]) => {
    const t = now()
    for (const e of entries) {
      const s = tracked.get(e.target)
      if (!s) continue
      const r = e.intersectionRect
      s.intersecting = e.isIntersecting
      s.ratio = e.isIntersecting ? e.intersectionRatio : 0
      s.area = e.isIntersecting ? r.width * r.height : 0
      look(e.target, s, t)
    }
    schedule()
  })

  function track(el: Element): void {
    if (tracked.has(el)) return
    tracked.set(el, { intersecting: false, ratio: 0, area: 0, pending: false })
    io?.observe(el)
  }

  function untrack(el: Element): void {
    if (!tracked.delete(el)) return
    io?.unobserve(el)
  }

  function scan(root: Element): void {
    if (root.matches(AD_SELECTOR)) track(root)
    root.querySelectorAll(AD_SELECTOR).forEach(track)
  }

  /** Removed from the page (infinite scroll recycling, SPA route change): stop watching it. */
  function release(root: Element): void {
    const gone = (el: Element) => {
      if (!el.isConnected) untrack(el)
    }
    gone(root)
    root.querySelectorAll(AD_SELECTOR).forEach(gone)
  }

  const onMutations = guarded('MutationObserver', (records: MutationRecord[]) => {
    let changed = false
    for (const r of records) {
      if (r.type === 'childList') {
        r.removedNodes.forEach((n) => { if (isElement(n)) release(n) })
        r.addedNodes.forEach((n) => { if (isElement(n) && n.isConnected) scan(n) })
      } else if (r.type === 'attributes' && isElement(r.target)) {
        // A framework reusing the element for another ad: start over for it.
        const el = r.target
        if (!el.matches(AD_SELECTOR)) untrack(el)
        else if (!tracked.has(el)) track(el)
        else {
          const s = tracked.get(el)
          if (s) { s.since = undefined; s.pending = s.intersecting }
          changed = true
        }
      }
    }
    if (changed) schedule()
  })

  // Capture phase on the document: runs before the page's own handlers can navigate or stop the
  // event. Keyboard activation (Enter on a link, Enter/Space on a button) dispatches a trusted
  // click event, so it arrives here too; so do ctrl/shift/meta clicks that open a new tab. A
  // script's el.click() or dispatchEvent (a carousel's autoplay) is untrusted: not the shopper's
  // click. The middle button fires auxclick, not click (UI Events), and opens something only on a
  // link; the right button's auxclick opens a menu, not the ad. composedPath() (every browser with
  // IntersectionObserver has it) reaches into shadow roots.
  const onClick = guarded('click', (ev: Event) => {
    const path = ev.composedPath()
    if (!ev.isTrusted || (ev.type === 'auxclick' && ((ev as MouseEvent).button !== 1 || !path.some((n) => isElement(n) && n.matches(LINK))))) return
    // The innermost ad element with a click URL: a sponsored-brand product before its brand.
    for (const n of path) {
      const url = isElement(n) && n.matches(AD_SELECTOR) && urlsFor(n).click
      if (url) return fire('click', url)
    }
  })

  const onVisibility = guarded('visibilitychange', () => reevaluate())

  /** A manual call's target: an element, an ad object (from Get ads), or an ad id given to ads(). */
  function urlFor(kind: AdEventKind, target: unknown): string | undefined {
    if (isElement(target)) return urlsFor(target)[kind]
    if (typeof target === 'string') return registry.get(adKey(target.trim()))?.urls[kind]
    if (typeof target === 'object' && target !== null) {
      const own = urlsOf(target)?.[kind]
      if (own) return own
      const { ad_id, product_sku } = target as { ad_id?: unknown; product_sku?: unknown }
      if (typeof ad_id === 'string') return registry.get(adKey(ad_id, typeof product_sku === 'string' ? product_sku : undefined))?.urls[kind]
    }
    return undefined
  }

  function manual(kind: AdEventKind, target: unknown): void {
    try {
      const url = urlFor(kind, target)
      if (!url) {
        log.warn(`${kind}(): no ${kind}_url for this ad. Pass an ad from the Get ads response, its ad_id after ads(), or an element with data-ad-id / data-ad-${kind}-url.`, target)
        return
      }
      fire(kind, url)
    } catch (e) {
      log.debug(`${kind}() failed`, e)
    }
  }

  return {
    ads(response) {
      try {
        const entries = parseAdsResponse(response, log)
        // A later response (a new query, an SPA route) replaces the URLs of the same ad.
        for (const e of entries) registry.set(e.key, e)
        log.debug(`ads(): ${entries.length} ads and sponsored-brand products`)
        if (started) reevaluate()
      } catch (e) {
        log.debug('ads() failed', e)
      }
    },
    impression: (target) => manual('impression', target),
    view: (target) => manual('view', target),
    click: (target) => manual('click', target),
    start() {
      try {
        if (started || typeof document === 'undefined') return
        if (!deps.config().autoBind) {
          log.debug('autoBind is off: ad elements are not bound; use impression()/view()/click().')
          return
        }
        started = true
        const IO = deps.IntersectionObserver ?? (typeof IntersectionObserver === 'function' ? IntersectionObserver : undefined)
        if (IO) io = new IO(onIntersect, { threshold: [0, VIEW_RATIO] })
        else log.warn('IntersectionObserver is not available: impressions and views are sent only by impression()/view().')
        if (typeof MutationObserver === 'function') {
          mo = new MutationObserver(onMutations)
          mo.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ATTRS })
        }
        document.addEventListener('click', onClick, true)
        document.addEventListener('auxclick', onClick, true)
        document.addEventListener('visibilitychange', onVisibility)
        if (document.documentElement) scan(document.documentElement)
      } catch (e) {
        log.debug('ad events: start failed', e)
      }
    },
    stop() {
      try {
        started = false
        io?.disconnect()
        mo?.disconnect()
        io = mo = undefined
        if (timer !== undefined) clearTimeout(timer)
        timer = undefined
        tracked.clear()
        if (typeof document !== 'undefined') {
          document.removeEventListener('click', onClick, true)
          document.removeEventListener('auxclick', onClick, true)
          document.removeEventListener('visibilitychange', onVisibility)
        }
      } catch (e) {
        log.debug('ad events: stop failed', e)
      }
    },
    state: () => ({ ads: registry.size, elements: tracked.size, sent: [...done] }),
  }
}
