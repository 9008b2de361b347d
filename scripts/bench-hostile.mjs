// Hostile input, timed in Chromium (issue 10, part 6): how long each public call with a hostile
// value holds the page's main thread. Prints the numbers and asserts nothing: the tests
// (test/unit/conversion/hostile-input.test.ts, test/unit/config.test.ts) check the behaviour,
// timings belong in reports.
//
//   npm run build && node scripts/bench-hostile.mjs
//
// Env: BENCH_DIST (a dist/ folder to time instead of this checkout's, e.g. an older build),
//      BENCH_RUNS (runs per case, default 5; the worst is reported), CHROME_PATH.
//
// Each case runs in a fresh page with the built adbeacon.js and adbeacon-conversion.js; the hostile
// value is built first, untimed. Two times: the longest stretch the page could not respond while
// the call ran (the gap between turns of a MessageChannel heartbeat), and the call's own wall time
// (conversion: until its promise settles, which includes the loopback request to a collector that
// answers 202, since a sale's result waits for its delivery). The worst block is the number to
// report; on a busy machine it includes other processes' time and garbage collection.
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { resolve } from 'node:path'
import { chromium } from 'playwright-core'

const DIST = resolve(process.env.BENCH_DIST || 'dist')
const RUNS = Number(process.env.BENCH_RUNS) || 5
const ORDER = { order_id: 'H-1', email: 'a@b.co', currency: 'BRL', items: [{ sku: 'S', quantity: 1, price: 10 }] }

/**
 * Each case: a name, page-side code that builds the hostile value (`v`, not timed), and the call
 * (timed). `order` is a valid order with a fresh id.
 */
const CASES = [
  ['conversion(): phone of 80,000 characters ("1ext" × 20,000)', `v = { ...order, phone: '1ext'.repeat(20000) }`, `await adbeacon('conversion', v)`],
  ['conversion(): phone of 40,000 characters ("1ext" × 10,000)', `v = { ...order, phone: '1ext'.repeat(10000) }`, `await adbeacon('conversion', v)`],
  ['conversion(): names and social id of 80,000 characters', `v = { ...order, first_name: 'x'.repeat(80000), last_name: 'y. '.repeat(26000), social_id: '1.'.repeat(40000) }`, `await adbeacon('conversion', v)`],
  ['conversion(): 100,000 invalid items', `v = { ...order, items: Array.from({ length: 100000 }, () => ({ sku: 'S', quantity: 0, price: 1 })) }`, `await adbeacon('conversion', v)`],
  ['conversion(): 10,000 invalid items', `v = { ...order, items: Array.from({ length: 10000 }, () => ({ sku: 'S', quantity: 0, price: 1 })) }`, `await adbeacon('conversion', v)`],
  ['config(): object of 100,000 keys', `v = {}; for (let i = 0; i < 100000; i++) v['k' + i] = i`, `adbeacon('config', v)`],
  ['consent(): object of 100,000 keys', `v = { ad_storage: 'granted' }; for (let i = 0; i < 100000; i++) v['k' + i] = 'denied'`, `adbeacon('consent', v)`],
]

const collector = createServer((req, res) => {
  const cors = { 'access-control-allow-origin': req.headers.origin || '*', 'access-control-allow-credentials': 'true' }
  if (req.method === 'OPTIONS') return res.writeHead(204, { ...cors, 'access-control-allow-headers': 'content-type', 'access-control-allow-methods': 'POST, GET' }).end()
  req.resume()
  req.on('end', () => res.writeHead(202, { ...cors, 'content-type': 'application/json' }).end('{}'))
})
await new Promise((ok) => collector.listen(0, '127.0.0.1', ok))
const collectorOrigin = `http://127.0.0.1:${collector.address().port}`

const page = (attrs) => `<!doctype html><title>bench</title>
<script src="/adbeacon.js" data-publisher-id="pub-bench" data-default-country="BR" data-facebook-pixel-id="111"
  data-conversion-url="${collectorOrigin}/v1/beacon/conversion" data-meta-endpoint="${collectorOrigin}/tr" ${attrs}></script>
<script src="/adbeacon-conversion.js"></script>`
const store = createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname
  if (path === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(page(''))
  let body
  try {
    body = readFileSync(resolve(DIST, path.slice(1)))
  } catch {
    return res.writeHead(404).end()
  }
  res.writeHead(200, { 'content-type': 'text/javascript' }).end(body)
})
await new Promise((ok) => store.listen(0, '127.0.0.1', ok))
const storeOrigin = `http://127.0.0.1:${store.address().port}`

const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] })
let worst = { ms: 0, name: '' }
console.log(`dist: ${DIST}; ${RUNS} runs per case`)
for (const [name, make, call] of CASES) {
  const blocks = []
  const walls = []
  for (let i = 0; i < RUNS; i++) {
    const ctx = await browser.newContext()
    const p = await ctx.newPage()
    p.on('console', () => {}) // the warnings themselves are not what is timed
    await p.goto(storeOrigin + '/')
    await p.waitForFunction(() => window.adbeacon?.loaded)
    const r = await p.evaluate(async ([make, call, order]) => {
      // The longest gap between two turns of a MessageChannel heartbeat: how long the page could not respond.
      let longest = 0
      let last = performance.now()
      let beating = true
      const ch = new MessageChannel()
      ch.port1.onmessage = () => {
        const t = performance.now()
        longest = Math.max(longest, t - last)
        last = t
        if (beating) ch.port2.postMessage(0)
      }
      const v = new Function('order', `let v; ${make}; return v`)({ ...order, order_id: order.order_id + Math.random() })
      await new Promise((ok) => setTimeout(ok, 50))
      last = performance.now()
      ch.port2.postMessage(0)
      const t = performance.now()
      await new Function('v', `return (async () => { ${call} })()`)(v)
      const wall = performance.now() - t
      await new Promise((ok) => setTimeout(ok, 50))
      beating = false
      return { wall, longest }
    }, [make, call, ORDER])
    blocks.push(r.longest)
    walls.push(r.wall)
    await ctx.close()
  }
  const block = Math.max(...blocks)
  const median = [...blocks].sort((a, b) => a - b)[blocks.length >> 1]
  const wall = Math.max(...walls)
  console.log(`${name}: page blocked ${block.toFixed(0)} ms at worst (median ${median.toFixed(0)} ms); call ${wall.toFixed(0)} ms at worst`)
  if (block > worst.ms) worst = { ms: block, name }
}
console.log(`worst block: ${worst.ms.toFixed(0)} ms (${worst.name})`)
await browser.close()
store.close()
collector.close()
