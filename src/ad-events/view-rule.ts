import type { Logger } from '../log'
import { attempt, now } from '../util'
import { isPainted } from './painted'
import type { AdUrls } from './registry'
import type { SentEvents } from './sent-events'

/**
 * VTEX Ads view rule: at least 50% of the ad in the viewport for at least 1 s without a break
 * (https://github.com/vtex/vtexads-api-docs, events: view).
 */
export const VIEW_RATIO = 0.5
export const VIEW_MS = 1000
/**
 * How often an element in view that is not painted yet is looked at again. IntersectionObserver
 * reports geometry changes only: a drawer that turns visible or a carousel slide fading in
 * (opacity) changes nothing it reports. Topsort polls for the same reason
 * (https://github.com/Topsort/analytics.js/pull/386).
 */
export const TICK_MS = 250
/** Longest slice of looks in one task. */
const SLICE_MS = 12

/** What is known about an element once it has intersected; elements never in view have none. */
interface Seen {
  urls?: AdUrls
  ratio: number
  /** visible px² IntersectionObserver reported; 0 for a target only touching the viewport edge (isPainted then checks the box) */
  area: number
  /** when the view condition started to hold without a break */
  since?: number
  /** when it needs its next look (ms; Infinity: only an IntersectionObserver report can change anything) */
  next: number
}

export interface ViewRule {
  /** The IntersectionObserver callback. */
  report(entries: IntersectionObserverEntry[]): void
  /** Every element in view looked at again now (the page was hidden or shown, ads() brought URLs). */
  lookAgain(): void
  /** Its URLs are read again at its next look (ads() may have brought them). */
  refresh(el: Element): void
  /** Forgets an element (another ad in a reused element). */
  forget(el: Element): void
}

/**
 * The impression and view rules for one element in view. Returns when it needs another look:
 * polled while it intersects but is not shown yet, at the end of its view second while the view
 * counts, and never (Infinity) when only an IntersectionObserver report can change anything;
 * `letGo` once its impression and view are settled.
 */
function look(el: Element, s: Seen, t: number, { fire, pending }: SentEvents, urlsFor: (el: Element) => AdUrls, letGo: (el: Element) => void): number {
  const urls = (s.urls ??= urlsFor(el))
  const left = () => pending('impression', urls.impression) || pending('view', urls.view)
  // A hidden page (background tab, prerender) shows nothing, and a view is 1 s without a break.
  const shown = left() && document.visibilityState != 'hidden' && isPainted(el, s.area)
  if (shown) fire('impression', urls.impression)
  let next = Infinity
  if (!shown) next = t + TICK_MS
  else if (pending('view', urls.view) && s.ratio >= VIEW_RATIO) {
    if (t - (s.since ??= t) < VIEW_MS) next = s.since + VIEW_MS
    else fire('view', urls.view)
  }
  if (next == Infinity || !shown) s.since = undefined
  if (left()) return next
  letGo(el)
  return Infinity
}

/**
 * Impressions and views for the elements an IntersectionObserver reports. Nothing is done for an
 * element until it intersects; then it is looked at only when due, and let go (`unobserve`) once
 * its impression and view are settled.
 */
export function createViewRule(events: SentEvents, urlsFor: (el: Element) => AdUrls, unobserve: (el: Element) => void, log: Logger): ViewRule {
  // WeakMap: an element the page removes is forgotten with it; IntersectionObserver holds its
  // targets weakly too (https://w3c.github.io/IntersectionObserver/#intersection-observer-private-slots).
  const seen = new WeakMap<Element, Seen>()
  const inView = new Set<Element>()
  let timer: ReturnType<typeof setTimeout> | undefined
  // Nothing left to send: stop watching (a later ads() or attribute change starts over).
  const letGo = (el: Element) => {
    inView.delete(el)
    unobserve(el)
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
      if (s.next <= t) s.next = attempt(() => look(el, s, t, events, urlsFor, letGo), t + TICK_MS, log.debug)
      next = Math.min(next, s.next)
    }
    if (next < Infinity) timer = setTimeout(tick, next - now())
  }
  const reschedule = () => {
    clearTimeout(timer)
    attempt(tick)
  }

  return {
    report: (entries) =>
      attempt(() => {
        for (const e of entries) {
          const el = e.target
          const on = e.isIntersecting
          let s = seen.get(el)
          if (!s) {
            // The first report lists every observed element: those out of view cost nothing yet.
            if (!on) continue
            seen.set(el, (s = {} as Seen))
          }
          // Both 0 for a target not intersecting (https://w3c.github.io/IntersectionObserver/#update-intersection-observations-algo).
          s.ratio = e.intersectionRatio
          s.area = e.intersectionRect.width * e.intersectionRect.height
          s.next = 0
          if (on) inView.add(el)
          else {
            inView.delete(el)
            s.since = undefined
          }
        }
        reschedule()
      }),
    lookAgain() {
      for (const el of inView) seen.get(el)!.next = 0
      reschedule()
    },
    refresh(el) {
      const s = seen.get(el)
      if (s) s.urls = undefined
    },
    forget(el) {
      seen.delete(el)
      inView.delete(el)
    },
  }
}
