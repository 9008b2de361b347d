/**
 * Is this element actually painted? IntersectionObserver reports geometry only: an ad inside a
 * closed mega-menu (visibility:hidden), a faded-out carousel slide (opacity:0) or a collapsed
 * drawer still "intersects". Topsort added this check after shoppers' impressions were counted for
 * ads nobody could see (https://github.com/Topsort/analytics.js, PR #386).
 */
export function isPainted(el: Element): boolean {
  try {
    if (!el.isConnected) return false
    const rect = el.getBoundingClientRect()
    // display:none gives an empty box; so does a zero-size element: neither shows a pixel.
    if (!(rect.width > 0 && rect.height > 0)) return false
    const check = (el as Element & { checkVisibility?: (o?: Record<string, boolean>) => boolean }).checkVisibility
    if (typeof check === 'function') {
      // Chrome 105 / Firefox 106 / Safari 17.4. The option names changed: checkOpacity and
      // checkVisibilityCSS are the first spelling, opacityProperty and visibilityProperty the
      // current one; passing both works everywhere.
      return check.call(el, {
        checkOpacity: true,
        checkVisibilityCSS: true,
        opacityProperty: true,
        visibilityProperty: true,
        contentVisibilityAuto: true,
      })
    }
    return paintedByStyle(el)
  } catch {
    return false
  }
}

/** Fallback for browsers without checkVisibility: walk the ancestors' computed styles. */
export function paintedByStyle(el: Element): boolean {
  const view = el.ownerDocument?.defaultView
  if (!view) return false
  // visibility is inherited, so the element's own computed value already says it.
  const own = view.getComputedStyle(el)
  if (own.visibility === 'hidden' || own.visibility === 'collapse') return false
  for (let n: Element | null = el; n; n = parentOf(n)) {
    const s = n === el ? own : view.getComputedStyle(n)
    if (s.display === 'none') return false
    if (s.opacity === '0') return false
    // content-visibility:hidden skips painting of the descendants (not of the element itself).
    if (n !== el && s.getPropertyValue('content-visibility') === 'hidden') return false
  }
  return true
}

/** Parent across shadow roots, so an ad inside a web component is judged by its host's styles too. */
function parentOf(n: Element): Element | null {
  if (n.parentElement) return n.parentElement
  const root = n.parentNode
  return root && 'host' in root ? ((root as ShadowRoot).host ?? null) : null
}
