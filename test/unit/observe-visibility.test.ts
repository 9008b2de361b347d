import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { isPainted, paintedByStyle } from '../../src/visibility'

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

describe('paint check', () => {
  it('a plain element with a box is painted', () => {
    expect(isPainted(make('<div><div id="ad">ad</div></div>'))).toBe(true)
  })

  it('zero-size or detached elements are not', () => {
    const el = make('<div id="ad"></div>')
    vi.mocked(Element.prototype.getBoundingClientRect).mockImplementation(() => box(0, 50))
    expect(isPainted(el)).toBe(false)
    vi.mocked(Element.prototype.getBoundingClientRect).mockImplementation(() => box(100, 50))
    expect(isPainted(document.createElement('div'))).toBe(false)
  })

  for (const [name, html] of [
    ['display:none on an ancestor', '<div style="display:none"><div id="ad"></div></div>'],
    ['visibility:hidden (closed mega-menu)', '<nav style="visibility:hidden"><div id="ad"></div></nav>'],
    ['opacity:0 (faded carousel slide)', '<div style="opacity:0"><div><div id="ad"></div></div></div>'],
  ] as const) {
    it(`${name} is not painted, with checkVisibility and with the computed-style fallback`, () => {
      const el = make(html)
      expect(isPainted(el)).toBe(false)
      expect(paintedByStyle(el)).toBe(false)
    })
  }

  it('falls back to computed styles where checkVisibility is missing', () => {
    const proto = Element.prototype as unknown as { checkVisibility?: unknown }
    const original = proto.checkVisibility
    try {
      delete proto.checkVisibility
      expect(typeof (document.body as unknown as { checkVisibility?: unknown }).checkVisibility).toBe('undefined')
      expect(isPainted(make('<div style="visibility:hidden"><span id="ad"></span></div>'))).toBe(false)
      expect(isPainted(make('<div style="visibility:hidden"><span id="ad" style="visibility:visible"></span></div>'))).toBe(true)
      expect(isPainted(make('<div><span id="ad"></span></div>'))).toBe(true)
    } finally {
      proto.checkVisibility = original
    }
  })

  it('never throws', () => {
    vi.mocked(Element.prototype.getBoundingClientRect).mockImplementation(() => { throw new Error('layout') })
    expect(isPainted(make('<div id="ad"></div>'))).toBe(false)
  })
})
