import { attempt } from '../util'

/**
 * Every entry of the page's `window.dataLayer` (Google Tag Manager, gtag.js): those already there
 * and each one pushed later. The hook is the one Google's data-layer-helper uses
 * (https://github.com/google/data-layer-helper#listening-for-messages): `push` is replaced by a
 * function that calls the original (GTM's own, when GTM came first), returns what it returned and
 * then reads the entries. adbeacon never pushes into it. A dataLayer made after this script ran
 * is found when the page makes it: until then `window.dataLayer` is an accessor whose setter
 * stores the page's array as a plain property again (as if the accessor had never been there)
 * and hooks it; so a tag manager delayed until the shopper interacts, or a checkout that makes
 * the dataLayer late, still has its purchase read.
 */
export function watchDataLayer(onEntry: (entry: unknown) => void): void {
  const w = window as unknown as { dataLayer?: unknown }
  let hooked: unknown
  const hook = () =>
    attempt(() => {
      const dl = w.dataLayer as unknown[] | undefined
      if (!Array.isArray(dl) || dl === hooked) return
      hooked = dl
      const push = dl.push
      dl.push = function (...entries: unknown[]) {
        const result = push.apply(this, entries)
        for (const e of entries) attempt(() => onEntry(e))
        return result
      }
      for (const e of dl.slice()) attempt(() => onEntry(e))
    })
  hook()
  // A dataLayer the page replaces later by assignment (rare) is found at DOMContentLoaded or load.
  document.addEventListener('DOMContentLoaded', hook)
  addEventListener('load', hook)
  if (!('dataLayer' in w))
    attempt(() =>
      Object.defineProperty(w, 'dataLayer', {
        configurable: true,
        enumerable: true,
        get: () => undefined,
        set(value: unknown) {
          Object.defineProperty(w, 'dataLayer', { configurable: true, enumerable: true, writable: true, value })
          hook()
        },
      }),
    )
}
