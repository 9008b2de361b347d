import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { isPainted } from '../../../src/ad-events/painted'

const box = (w: number, h: number) => ({ x: 0, y: 0, top: 0, left: 0, right: w, bottom: h, width: w, height: h, toJSON() {} }) as DOMRect

/** happy-dom has no layout: give every element a 100×50 box unless told otherwise. */
beforeEach(() => {
  vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(() => box(100, 50))
  document.body.innerHTML = ''
})
afterEach(() => vi.restoreAllMocks())

const make = (html: string) => {
  document.body.innerHTML = html
  return document.getElementById('ad')!
}

/** checkVisibility as browsers answer it, for the CSS that hides an element while it keeps its box. */
function browserLikeCheckVisibility(this: Element): boolean {
  for (let e: Element | null = this; e; e = e.parentElement) {
    const st = (e as HTMLElement).style
    if (st?.display === 'none' || st?.visibility === 'hidden' || st?.opacity === '0') return false
  }
  return this.isConnected
}

describe('paint check', () => {
  it('a plain element with a box is painted', () => {
    vi.spyOn(Element.prototype, 'checkVisibility').mockImplementation(browserLikeCheckVisibility)
    expect(isPainted(make('<div><div id="ad">ad</div></div>'))).toBe(true)
  })

  it('zero-size elements are not; nor detached ones (checkVisibility)', () => {
    vi.spyOn(Element.prototype, 'checkVisibility').mockImplementation(browserLikeCheckVisibility)
    const el = make('<div id="ad"></div>')
    vi.mocked(Element.prototype.getBoundingClientRect).mockImplementation(() => box(0, 50))
    expect(isPainted(el)).toBe(false)
    vi.mocked(Element.prototype.getBoundingClientRect).mockImplementation(() => box(100, 0))
    expect(isPainted(el)).toBe(false)
    vi.mocked(Element.prototype.getBoundingClientRect).mockImplementation(() => box(100, 50))
    expect(isPainted(document.createElement('div'))).toBe(false)
  })

  for (const [name, html] of [
    ['display:none on an ancestor', '<div style="display:none"><div id="ad"></div></div>'],
    ['visibility:hidden (closed mega-menu)', '<nav style="visibility:hidden"><div id="ad"></div></nav>'],
    ['opacity:0 (faded carousel slide)', '<div style="opacity:0"><div><div id="ad"></div></div></div>'],
  ] as const) {
    it(`${name} is not painted (checkVisibility, asked for opacity and visibility)`, () => {
      const check = vi.spyOn(Element.prototype, 'checkVisibility').mockImplementation(browserLikeCheckVisibility)
      const el = make(html)
      expect(isPainted(el)).toBe(false)
      // both spellings of the options, old and current, so every engine checks opacity and visibility
      expect(check.mock.calls[0]![0]).toMatchObject({ checkOpacity: true, checkVisibilityCSS: true, opacityProperty: true, visibilityProperty: true })
    })
  }

  it('where checkVisibility is missing, only the box counts (computed styles are not walked)', () => {
    const proto = Element.prototype as unknown as { checkVisibility?: unknown }
    const original = proto.checkVisibility
    const getComputedStyle = vi.spyOn(window, 'getComputedStyle')
    try {
      delete proto.checkVisibility
      expect(typeof (document.body as unknown as { checkVisibility?: unknown }).checkVisibility).toBe('undefined')
      expect(isPainted(make('<div><span id="ad"></span></div>'))).toBe(true)
      // hidden by CSS but with a box: counted, by design (the cost on every page is not worth it)
      expect(isPainted(make('<div style="visibility:hidden"><span id="ad"></span></div>'))).toBe(true)
      // display:none gives an empty box in a browser: not painted
      vi.mocked(Element.prototype.getBoundingClientRect).mockImplementation(() => box(0, 0))
      expect(isPainted(make('<div style="display:none"><span id="ad"></span></div>'))).toBe(false)
      expect(getComputedStyle).not.toHaveBeenCalled()
    } finally {
      proto.checkVisibility = original
    }
  })
})
