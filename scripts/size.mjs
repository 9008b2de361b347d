// Prints the size of each script-tag file raw, gzip -9 and brotli q11, the way peers report theirs
// (Plausible's report-sizes.js). With --check, fails when a file is over its budget (brotli).
import { readFileSync } from 'node:fs'
import { gzipSync, brotliCompressSync, constants } from 'node:zlib'

// Budgets (brotli, quality 11), set at what each file measures so that none creeps. adbeacon.js
// is paid on every page view of every shopper. The goal for it is 4,096 B (3,000 aimed) and
// 7,168 B for the conversion file (issue 9); measured 2026-11-30: 6,452 B and 8,574 B (the last
// 84 B of adbeacon.js keep only Checkout Pro's own parameters of a return URL, never the rest of
// the store's URL), so these budgets stop growth while the files are made leaner, and come down with them.
// The conversion file then took the hostile-input bounds (issue 10, part 6, 169 B of their own) and
// lost 570 B to leaner validation, hashing and destinations: it measures 8,174 B.
// adbeacon.js then grew by ~150 B for page-lifecycle correctness (a prerendered page waits for
// activation, a back/forward restore flushes the outbox) and a per-page-view cache of the ids
// (which took most of the script time of an ad-heavy page), then by ~370 B for the consent the page
// already signals (Consent Mode in dataLayer, IAB TCF, GPC; issue 11), read before the first id is
// written, and ~165 B for the hooks of the sales the store publishes itself (dataLayer, VTEX IO).
// The conversion file carries the mappers of those sales (GA4, UA, VTEX; ~1,000 B): 9,196 B, then
// 9,157 B once validation stopped keeping a line's display name that no platform is sent (-27 B).
// adbeacon.js +52 B for the trigger of the QA inspector (?adbeacon_debug=1 kept for the tab,
// adbeacon('debug', true); issue 12): 7,147 B.
// adbeacon-debug.js is loaded only for QA (data-debug, issue 12): it carries the QA inspector
// (the panel, its stylesheet, the request recorder, the VTEX Ads schema check), 12,690 B
// measured; the budget leaves room for explanations moved in.
// The conversion file +501 B for every sale arriving once (issue 10, parts 1-4): delivery seen
// before a sale leaves the outbox, with backoff and page-exit handling, the order's Web Lock
// across tabs, and the ledger's cookie copy: 9,658 B.
// The conversion file +136 B for a sale without an e-mail (a GA4 purchase), which goes to Meta and
// Google while VTEX Ads waits for a way in that carries the e-mail (issue 11): 9,794 B; the debug
// file +88 B for that warning's explanation, and +116 B for listing a sale sent by fetch before
// the inspector loaded (Chromium gives no Resource Timing entry for it): 12,940 B.
// The minifier (issue 9): terser without Vite's Safari 10 workarounds, `let` for `const` before it
// runs, function hoisting where it packs smaller, and no sourceMappingURL comment (the maps are still
// written); with leaner every-page code (cookie deletion by max-age, patterns brotli reuses, the
// landing query read from the parsed URL): adbeacon.js 7,147 -> 6,832 B, the conversion file
// 9,794 -> 9,577 B, the debug file 12,940 -> 12,854 B, the Shopify pixel 9,698 -> 9,457 B.
// A phone that cannot be made international is warned about once, without the number (it was
// left out silently; QA found it with the README's own example): the conversion file 9,680 B,
// the Shopify pixel 9,537 B; the debug file 12,993 B with that explanation and the README's
// placeholder publisher id named among the Setup problems; 13,110 B with the Setup tab listing
// every option as the store wrote it. adbeacon.js 6,804 B with URL.host for an event URL's host and a
// send settled after it is made (debug file -25 B from the same).
// adbeacon.js +69 B (6,804 -> 6,873 B): a dataLayer the page makes after this script ran (a tag
// manager delayed until the shopper interacts) is found when it is made, so its purchase is not
// lost without a word (QA walk); debugState() is quiet until the debug file adds it.
// adbeacon.js +9 B (6,882 B): a page view opens no storage it does not need (the QA flag's mark,
// the 'storage' listener added with the first id read). Then leaner ad events, landing, uuid and
// event hosts (-105 B): 6,782 B. The
// conversion file 9,578 B (shorter lines where a code and the field say enough, one name per hash,
// one helper per repeated check), the Shopify pixel 9,445 B, the debug file 13,085 B.
const BUDGETS = {
  'adbeacon.js': 6788,
  'adbeacon-conversion.js': 9584,
  'adbeacon-debug.js': 13092,
  // Pasted by a Shopify merchant as a custom pixel, run only in Shopify's pixel sandbox (issue 11):
  // the conversion code plus the options' parsing; measured 9,244 B (the Meta normaliser fixes: +20 B),
  // then 9,357 B with the ledger's cookie copy, the outbox and the delivery of issue 10 (+113 B),
  // then 9,698 B sharing the conversion part's validation messages, claims and overall status
  // (its status was always "sent") and taking a checkout without an e-mail to Meta and Google;
  // 9,457 B with terser (above), 9,537 B with the phone warning, 9,445 B with the leaner shared code.
  'adbeacon-shopify-pixel.js': 9452,
}

let over = false
for (const [name, budget] of Object.entries(BUDGETS)) {
  let buf
  try {
    buf = readFileSync(new URL(`../dist/${name}`, import.meta.url))
  } catch {
    console.error(`dist/${name} not found: run \`npm run build\` first`)
    process.exit(1)
  }
  const gzip = gzipSync(buf, { level: 9 }).length
  const brotli = brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length
  const flag = brotli > budget ? '  OVER BUDGET' : ''
  console.log(`dist/${name}: ${buf.length} B raw, ${gzip} B gzip, ${brotli} B brotli (budget ${budget} B brotli)${flag}`)
  over ||= brotli > budget
}
if (process.argv.includes('--check') && over) {
  console.error('size budget exceeded')
  process.exit(1)
}
