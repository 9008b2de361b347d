// Prints the size of the script-tag build (dist/adbeacon.js) raw, gzip -9 and brotli q11, the
// way peers report theirs (Plausible's report-sizes.js). With --check, fails above the budget.
import { readFileSync } from 'node:fs'
import { gzipSync, brotliCompressSync, constants } from 'node:zlib'

// Budget for the brotli size. Measured 13.3 KB with VTEX Ads, Meta, Google, hashing rules, the ad
// observers and developer-facing messages; the budget fails CI when it creeps past that.
const BUDGET_BROTLI = 14 * 1024

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
