import type { Logger } from '../log'
import { attempt, idString } from '../util'
import { addAdsResponse, adKey, KINDS, urlsOf, type AdEventKind, type AdUrls } from './registry'
import { createSentEvents } from './sent-events'
import { createViewRule, VIEW_RATIO } from './view-rule'

export { TICK_MS, VIEW_MS, VIEW_RATIO } from './view-rule'

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

/** data-ad-impression-url, data-ad-view-url, data-ad-click-url: written once, from the kinds. */
const urlAttr = (kind: AdEventKind) => `data-ad-${kind}-url`
/** "[data-ad-id],[data-ad-impression-url],[data-ad-view-url],[data-ad-click-url]" */
export const AD_SELECTOR = ['data-ad-id', ...KINDS.map(urlAttr)].map((a) => `[${a}]`).join()
const ATTRS = ['data-ad-sku', 'data-ad-id', ...KINDS.map(urlAttr)]

const isElement = (v: unknown): v is Element => (v as Node | null)?.nodeType === 1
const attr = (el: Element, name: string) => el.getAttribute(name)?.trim()

/**
 * The shopper's clicks on ads. Capture phase on the window: runs before the page's own handlers
 * can navigate or stop the event. Keyboard activation dispatches a trusted click too; a script's
 * el.click() is untrusted, not the shopper's click. The middle button fires auxclick, not click
 * (https://w3c.github.io/uievents/#event-type-auxclick), and opens something only on a link.
 * composedPath() reaches into shadow roots. The innermost ad element with a click URL counts: a
 * sponsored-brand product before its brand.
 */
const clickHandler = (urlsFor: (el: Element) => AdUrls, fire: (kind: 'click', url: string) => void) => (ev: Event) =>
  attempt(() => {
    const path = ev.composedPath()
    if (!ev.isTrusted || (ev.type == 'auxclick' && ((ev as MouseEvent).button != 1 || !path.some((n) => isElement(n) && n.matches('a[href],area[href]'))))) return
    for (const n of path) {
      const url = isElement(n) && n.matches(AD_SELECTOR) && urlsFor(n).click
      if (url) return fire('click', url)
    }
  })

/**
 * Impression, view and click for the ads on the page. `hosts`: the allowed extra event hosts,
 * read when an event would fire; `send` hands one event to the transport (`now` for a click,
 * which may be the page's last moment). Tests pass their own IntersectionObserver as `IO`.
 */
export function createAdEvents(log: Logger, hosts: () => readonly string[], send: (url: string, now: boolean) => void, IO = window.IntersectionObserver): AdEvents {
  const registry = new Map<string, AdUrls>()
  const events = createSentEvents(log, hosts, send)
  let io: IntersectionObserver | undefined

  /** An element's URLs: those of its ad from ads() first (they came from the API), then its own attributes. */
  const urlsFor = (el: Element): AdUrls => {
    const id = attr(el, 'data-ad-id')
    const own = (id && registry.get(adKey(id, attr(el, 'data-ad-sku')))) || {}
    const urls: AdUrls = {}
    for (const kind of KINDS) urls[kind] = own[kind] ?? attr(el, urlAttr(kind))
    return urls
  }
  const rule = createViewRule(events, urlsFor, (el) => io?.unobserve(el), log)
  const observe = (el: Element) => io?.observe(el)

  const onMutations = (records: MutationRecord[]) =>
    attempt(() => {
      for (const r of records) {
        if (r.type == 'attributes') {
          // A framework reusing the element for another ad: start over for it.
          const el = r.target as Element
          rule.forget(el)
          io?.unobserve(el)
          if (el.matches(AD_SELECTOR)) observe(el)
        } else
          r.addedNodes.forEach((n) => {
            if (!isElement(n)) return
            if (n.matches(AD_SELECTOR)) observe(n)
            n.querySelectorAll(AD_SELECTOR).forEach(observe)
          })
      }
    })

  /** A manual call's target: an element, an ad object (from Get ads), or an ad id given to ads(). */
  const manual = (kind: AdEventKind) => (target: unknown) => {
    const ad = target as Record<string, unknown> | undefined
    // An ad object is found as ads() kept it: its ad_id and product_sku read as ids (registry.ts).
    const url = isElement(target)
      ? urlsFor(target)[kind]
      : typeof target == 'string'
        ? registry.get(adKey(target.trim()))?.[kind]
        : (urlsOf(target)?.[kind] ?? registry.get(adKey(String(ad?.ad_id), idString(ad?.product_sku)))?.[kind])
    if (url) events.fire(kind, url)
    else log.warn('no URL', kind + '()', target)
  }

  const scan = () => {
    if (!IO) return log.warn('unsupported', 'IntersectionObserver')
    io = new IO(rule.report, { threshold: [0, VIEW_RATIO] })
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
          rule.refresh(el)
          observe(el)
        })
      rule.lookAgain()
    },
    impression: manual('impression'),
    view: manual('view'),
    click: manual('click'),
    start() {
      const onClick = clickHandler(urlsFor, events.fire)
      addEventListener('click', onClick, true)
      addEventListener('auxclick', onClick, true)
      document.addEventListener('visibilitychange', rule.lookAgain)
      // While the page parses, a MutationObserver would see every ad card one by one: one scan
      // when parsing is done is cheaper (https://html.spec.whatwg.org/#the-end).
      if (document.readyState == 'loading') document.addEventListener('DOMContentLoaded', () => attempt(scan), { once: true })
      else scan()
    },
    state: () => ({ ads: registry.size, sent: events.sent() }),
  }
}
