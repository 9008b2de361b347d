// Prints the size of the script-tag build (dist/adbeacon.js) raw, gzip -9 and brotli q11, the
// way peers report theirs (Plausible's report-sizes.js). With --check, fails above the budget.
import { readFileSync } from 'node:fs'
import { gzipSync, brotliCompressSync, constants } from 'node:zlib'

// Budget for the brotli size: fails CI when the script creeps. Measured 14.7 KB (2026-11-24) with
// VTEX Ads, Meta and Google, per-platform hashing rules, the ad observers and the console
// messages that name a store developer's mistake; peers: Snowplow 15.6 KB, Plausible 2.4 KB.
const BUDGET_BROTLI = 15 * 1024

const file = new URL('../dist/adbeacon.js', import.meta.url)
let buf
try {
  buf = readFileSync(file)
} catch {
  console.error('dist/adbeacon.js not found: run `npm run build` first')
  process.exit(1)
}
const gzip = gzipSync(buf, { level: 9 }).length
const brotli = brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length
console.log(`dist/adbeacon.js: ${buf.length} B raw, ${gzip} B gzip, ${brotli} B brotli (budget ${BUDGET_BROTLI} B brotli)`)
if (process.argv.includes('--check') && brotli > BUDGET_BROTLI) {
  console.error(`size budget exceeded: ${brotli} B brotli > ${BUDGET_BROTLI} B`)
  process.exit(1)
}
