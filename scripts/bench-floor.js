// The bench's floor (scripts/bench.mjs, scenarios 1 and 2): the least that any tracker doing
// adbeacon's every-page job must do, and nothing else: no configuration, no consent, no
// validation, no landing context, no pacing, no guards. A click listener; when parsing is done,
// the ad elements observed (IntersectionObserver) and later ones watched (MutationObserver); the
// ids read once (document.cookie and localStorage); for each ad at least half in view an
// impression at once and a view 1 s later, each a keepalive fetch with a form body, as
// adbeacon.js sends them; one localStorage read when idle (a sale waiting to be sent). What it
// costs is a bound no build can go under: the ratio targets are read against it.
addEventListener('click', () => {}, true)
requestIdleCallback(() => localStorage.getItem('adb_outbox'))
document.addEventListener('DOMContentLoaded', () => {
  let ids
  const send = (url) => {
    ids ??= [document.cookie, localStorage.getItem('adb_sid')]
    fetch(url, { method: 'POST', body: new URLSearchParams({ session_id: 'floor' }), keepalive: true, mode: 'no-cors', credentials: 'include' }).catch(() => {})
  }
  const io = new IntersectionObserver((entries) => {
    for (const e of entries)
      if (e.intersectionRatio >= 0.5) {
        io.unobserve(e.target)
        send(e.target.getAttribute('data-ad-impression-url'))
        setTimeout(() => send(e.target.getAttribute('data-ad-view-url')), 1000)
      }
  }, { threshold: [0, 0.5] })
  const SELECTOR = '[data-ad-id]'
  document.querySelectorAll(SELECTOR).forEach((el) => io.observe(el))
  new MutationObserver((records) => {
    for (const r of records) r.addedNodes.forEach((n) => n.nodeType == 1 && n.matches(SELECTOR) && io.observe(n))
  }).observe(document, { childList: true, subtree: true })
})
