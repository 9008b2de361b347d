// Prints the size of each script-tag file raw, gzip -9 and brotli q11, the way peers report theirs
// (Plausible's report-sizes.js). With --check, fails when a file is over its budget (brotli).
import { readFileSync } from 'node:fs'
import { gzipSync, brotliCompressSync, constants } from 'node:zlib'

// Budgets (brotli, quality 11). adbeacon.js is paid on every page view of every shopper.
const BUDGETS = {
  'adbeacon.js': 4096,
  'adbeacon-conversion.js': 7168,
  'adbeacon-debug.js': 8192,
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
