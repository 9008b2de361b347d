import { eventUrlProblem } from '../../ad-events/event-url'
import { KINDS, type AdEventKind, type AdUrls } from '../../ad-events/registry'

export type Tone = 'wait' | 'imp' | 'view' | 'click' | 'bad'

export interface AdState {
  /** What QA reads on the outline: waiting, impression sent, in view for n ms, view sent, clicked, refused host …. */
  label: string
  tone: Tone
  /** Why a refused element is refused. */
  why?: string
}

/**
 * An ad element's URLs as the core reads them: its data-ad-*-url attributes, or those of its ad
 * given to ads() (`known`, by ad id and sku) when the inspector saw that call.
 */
export function urlsOfElement(el: Element, known: (adId: string, sku?: string) => AdUrls | undefined): AdUrls {
  const attr = (n: string) => el.getAttribute(n)?.trim() || undefined
  const id = attr('data-ad-id')
  const fromAds = (id && known(id, attr('data-ad-sku'))) || {}
  const urls: AdUrls = {}
  for (const k of KINDS) urls[k] = fromAds[k] ?? attr(`data-ad-${k}-url`)
  return urls
}

/**
 * Was this kind of event sent for the element: its URL is in the core's list of sent events
 * ("kind url"), or, for an element bound by data-ad-id to an ad given to ads() before the
 * inspector arrived, a sent URL names that ad (VTEX's event URLs end in /<kind>/<ad_id>, a
 * sponsored brand's products add product_sku).
 */
function wasSent(kind: AdEventKind, url: string | undefined, el: Element, sent: ReadonlySet<string>): boolean {
  if (url) return sent.has(kind + ' ' + url)
  const id = el.getAttribute('data-ad-id')?.trim()
  const sku = el.getAttribute('data-ad-sku')?.trim()
  if (!id) return false
  const tail = `/${kind}/${encodeURIComponent(id)}`
  for (const s of sent) {
    const u = s.slice(kind.length + 1)
    if (s.startsWith(kind + ' ') && u.split('?')[0]!.endsWith(tail) && (!sku || new URL(u).searchParams.get('product_sku') == sku)) return true
  }
  return false
}

/** An ad element's state, from its URLs, the core's sent events and how long the inspector has seen it in view. */
export function adState(el: Element, urls: AdUrls, sent: ReadonlySet<string>, hosts: readonly string[], inViewMs: number | undefined): AdState {
  for (const k of KINDS) {
    const problem = urls[k] && eventUrlProblem(urls[k], hosts)
    if (problem) return { label: `refused host: ${/^\w+:\/\/([^/?#]*)/.exec(urls[k]!)?.[1] ?? urls[k]}`, tone: 'bad', why: `${k} URL ${problem}` }
  }
  if (wasSent('click', urls.click, el, sent)) return { label: 'clicked', tone: 'click' }
  if (wasSent('view', urls.view, el, sent)) return { label: 'view sent', tone: 'view' }
  if (wasSent('impression', urls.impression, el, sent))
    return { label: inViewMs === undefined ? 'impression sent' : `impression sent · in view ${Math.round(inViewMs)} ms`, tone: 'imp' }
  if (!urls.impression && !urls.view && !urls.click && !el.getAttribute('data-ad-id')) return { label: 'no event URLs', tone: 'bad' }
  return { label: inViewMs === undefined ? 'waiting' : `waiting · in view ${Math.round(inViewMs)} ms`, tone: 'wait' }
}

/** How QA recognises an element in a list: its ad id (or the one in its event URL) and the start of its text. */
export function adName(el: Element, urls: AdUrls): string {
  const id = el.getAttribute('data-ad-id') ?? /\/(?:impression|view|click)\/([^/?#]+)/.exec(urls.impression ?? urls.view ?? urls.click ?? '')?.[1]
  const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ')
  return `${id ? id.slice(0, 8) + '…' : '<' + el.tagName.toLowerCase() + '>'} "${text.length > 28 ? text.slice(0, 28).trimEnd() + '…' : text}"`
}
