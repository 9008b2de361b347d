import { describe, expect, it } from 'vitest'
import { adName, adState, urlsOfElement } from '../../../src/debug/overlay/ad-states'

const E = 'https://events.newtail-media.newtail.com.br/v1/beacon'
const urls = (id: string) => ({ impression: `${E}/impression/${id}?event_id=e1`, view: `${E}/view/${id}?event_id=e1`, click: `${E}/click/${id}?event_id=e1` })

function element(attrs: Record<string, string>, text = 'Product'): Element {
  const el = document.createElement('article')
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v)
  el.textContent = text
  return el
}

const withUrls = (id: string) => element({ 'data-ad-impression-url': urls(id).impression, 'data-ad-view-url': urls(id).view, 'data-ad-click-url': urls(id).click })
const none = () => undefined

describe('an ad element\'s state on the outline', () => {
  it('follows the events the core sent for its URLs: waiting, impression sent (with the time in view), view sent, clicked', () => {
    const el = withUrls('ad-1')
    const u = urlsOfElement(el, none)
    expect(u).toEqual(urls('ad-1'))
    const sent = new Set<string>()
    expect(adState(el, u, sent, [], undefined)).toEqual({ label: 'waiting', tone: 'wait' })
    expect(adState(el, u, sent, [], 320.4).label).toBe('waiting · in view 320 ms')
    sent.add(`impression ${u.impression}`)
    expect(adState(el, u, sent, [], undefined)).toEqual({ label: 'impression sent', tone: 'imp' })
    expect(adState(el, u, sent, [], 640)).toEqual({ label: 'impression sent · in view 640 ms', tone: 'imp' })
    sent.add(`view ${u.view}`)
    expect(adState(el, u, sent, [], 1200)).toEqual({ label: 'view sent', tone: 'view' })
    sent.add(`click ${u.click}`)
    expect(adState(el, u, sent, [], 1200)).toEqual({ label: 'clicked', tone: 'click' })
  })

  it('an event sent for another ad does not count', () => {
    const el = withUrls('ad-1')
    expect(adState(el, urlsOfElement(el, none), new Set([`impression ${urls('ad-2').impression}`]), [], undefined).label).toBe('waiting')
  })

  it('names a refused host, whatever was sent, and says why', () => {
    const el = element({ 'data-ad-impression-url': 'https://evil.example/v1/beacon/impression/x' })
    const state = adState(el, urlsOfElement(el, none), new Set(), [], undefined)
    expect(state).toMatchObject({ label: 'refused host: evil.example', tone: 'bad' })
    expect(state.why).toMatch(/impression URL goes to evil\.example, not a VTEX Ads host nor in data-event-hosts/)
    // allowed by data-event-hosts: no longer refused
    expect(adState(el, urlsOfElement(el, none), new Set(), ['evil.example'], undefined).tone).toBe('wait')
  })

  it('an element bound by data-ad-id: the URLs of its ad when ads() was seen, else the sent URLs that name the ad (and its sku)', () => {
    const el = element({ 'data-ad-id': 'brand-1', 'data-ad-sku': 'SKU-2' })
    const known = (id: string, sku?: string) => (id == 'brand-1' && sku == 'SKU-2' ? urls('brand-1') : undefined)
    expect(urlsOfElement(el, known)).toEqual(urls('brand-1'))
    // ads() given before the inspector arrived: judged by the ad id and sku in the sent URLs
    const unknown = urlsOfElement(el, none)
    expect(unknown).toEqual({ impression: undefined, view: undefined, click: undefined })
    const otherProduct = new Set([`impression ${E}/impression/brand-1?product_sku=SKU-9`])
    expect(adState(el, unknown, otherProduct, [], undefined).label).toBe('waiting')
    expect(adState(el, unknown, new Set([`view ${E}/view/brand-1?product_sku=SKU-2`]), [], undefined).label).toBe('view sent')
  })

  it('an element with neither an ad id nor URLs has nothing to send', () => {
    const el = element({ 'data-ad-click-url': '' })
    expect(adState(el, urlsOfElement(el, none), new Set(), [], undefined)).toEqual({ label: 'no event URLs', tone: 'bad' })
  })

  it('is named by its ad id (or the one in its URLs) and the start of its text', () => {
    expect(adName(element({ 'data-ad-id': '6229f909-f1b5' }, ' Dove   Men+Care Clean Comfort deodorant 150 ml '), {})).toBe('6229f909… "Dove Men+Care Clean Comfort…"')
    expect(adName(withUrls('a7bcbff1-dcd2'), urls('a7bcbff1-dcd2'))).toBe('a7bcbff1… "Product"')
    expect(adName(element({}, 'Great shoes!'), {})).toBe('<article> "Great shoes!"')
  })
})
