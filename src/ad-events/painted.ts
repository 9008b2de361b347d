/**
 * Is this element actually painted? IntersectionObserver reports geometry only: an ad inside a
 * closed mega-menu (visibility:hidden), a faded-out carousel slide (opacity:0) or a collapsed
 * drawer still "intersects". Topsort added this check after impressions were counted for ads
 * nobody could see (https://github.com/Topsort/analytics.js/pull/386).
 *
 * checkVisibility() (https://drafts.csswg.org/cssom-view/#dom-element-checkvisibility) is in
 * Chrome 105, Firefox 106 and Safari 17.4. The option names changed (checkOpacity /
 * checkVisibilityCSS first, opacityProperty / visibilityProperty now); passing both works
 * everywhere. Older browsers get the box check alone: walking every ancestor's computed style
 * on each look would cost every page more than those few shoppers' rare hidden ads are worth.
 */
export function isPainted(el: Element, area = 0): boolean {
  const r = el.getBoundingClientRect()
  // display:none and detached elements give an empty box; so does a zero-size element. Without
  // the visible area IntersectionObserver saw (a target only touching the viewport's edge), a
  // pixel of the box must be inside the viewport.
  return r.width > 0 && r.height > 0 && (area > 0 || (Math.min(r.right, innerWidth) > Math.max(r.left, 0) && Math.min(r.bottom, innerHeight) > Math.max(r.top, 0))) && (el.checkVisibility?.({ checkOpacity: true, checkVisibilityCSS: true, opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true } as CheckVisibilityOptions) ?? true)
}
