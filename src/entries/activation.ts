/**
 * Runs `start` now, or, on a prerendered page (Speculation Rules), when the page is activated: a
 * prerendered page may never be shown, and until it is, adbeacon writes and sends nothing
 * (https://wicg.github.io/nav-speculation/prerendering.html#document-prerendering,
 * https://developer.chrome.com/docs/web-platform/prerender-pages#detecting-prerendering).
 */
export const whenActivated = (start: () => void): void => {
  if ((document as { prerendering?: boolean }).prerendering) document.addEventListener('prerenderingchange', start, { once: true })
  else start()
}
