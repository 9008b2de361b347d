// Old build against new, side by side, in ONE headless Chromium run; prints ratios (new/old) and
// asserts nothing: timings belong in reports, not in tests (issue 9, part 6: measured, not asserted).
//
//   npm run build && npm run bench
//
// OLD: dist/ of the commit before the redesign (BASELINE below, or env BENCH_BASELINE), built from
//      `git archive` in a temporary directory with this checkout's node_modules symlinked in, then
//      cached in node_modules/.cache/adbeacon-bench/<commit>/ so later runs skip the build.
// NEW: this checkout's dist/ (run `npm run build` first).
// FLOOR (scenarios 1 and 2): scripts/bench-floor.js, only what any tracker doing this job must do
//      (observe the ads, read the ids once, send the 24 events, one idle storage read); printed as
//      an extra row in the new column, its ratio against old the least a ratio target can be.
//
// Two loopback servers: the store (pages and each build's files under /old/, /new/ and /control/)
// and a collector on another port (allowed by data-event-hosts="127.0.0.1:<port>") that answers 204
// to POSTs and to CORS preflights and counts both per run (every run has its own URL prefix, so a
// late beacon of one run is never counted for another).
//
// Every scenario runs old and new interleaved (with the control page first and the floor last in
// each round where there are), a fresh browser context per run; the numbers are medians.
//
// Env: BENCH_BASELINE (commit), BENCH_RUNS (runs per build in scenarios 1–3, default 7),
//      BENCH_RUNS_TILES (scenario 4, default 3), BENCH_CONVERSIONS (scenario 5, default 100),
//      BENCH_ONLY (e.g. "1,5": only these scenarios; 3 needs 2 and runs it), CHROME_PATH
//      (default /usr/bin/chromium).
//
// JS time is CDP Performance.getMetrics ScriptDuration (wall time inside script, so it grows when
// other processes take the CPU); main-thread CPU is ThreadTime from the same call (CPU time of the
// renderer's main thread: script plus the style/layout it forces), steadier on a busy machine.
// Both are net of a control page: the same page with <script src="empty.js"> instead of the tag.
import { execFileSync, execSync, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs'
import { createServer } from 'node:http'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const BASELINE = '7267f2a'
const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
const N = Number(process.env.BENCH_RUNS) || 7
const N_TILES = Number(process.env.BENCH_RUNS_TILES) || 3
const N_CONV = Number(process.env.BENCH_CONVERSIONS) || 100
const VIEWPORT = { width: 1280, height: 800 }
const IDLE_MS = 1500 // scenario 1: after load
const SETTLE_MS = 2500 // scenarios 2, 3: after load (a view needs 1 s at ≥ 50 % in view)
const TILES_MAX_MS = 30000 // scenario 4: wait until every impression and view arrived (or nothing new came for QUIET_MS), at most this
const QUIET_MS = 2000
const TILES_IN_VIEW = 63 * 33
const FILES = ['adbeacon.js', 'adbeacon-conversion.js', 'adbeacon-debug.js']
const started = Date.now()
const LOAD_BEFORE = loadavg()
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms))

// ---------------------------------------------------------------------------------------------
// Builds
// ---------------------------------------------------------------------------------------------

const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim()

/** dist/ of `ref`, built once and cached under node_modules/.cache/adbeacon-bench/<commit>/. */
function baselineDist(ref) {
  const commit = git('rev-parse', '--verify', `${ref}^{commit}`)
  const cached = join(ROOT, 'node_modules', '.cache', 'adbeacon-bench', commit, 'dist')
  if (existsSync(join(cached, 'adbeacon.js'))) return { commit, dir: cached, built: false }
  const tmp = mkdtempSync(join(tmpdir(), 'adbeacon-baseline-'))
  process.stderr.write(`building the baseline ${ref} (${commit.slice(0, 12)}) in ${tmp} … `)
  try {
    execSync(`git archive --format=tar ${commit} | tar -x -C ${JSON.stringify(tmp)}`, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] })
    symlinkSync(join(ROOT, 'node_modules'), join(tmp, 'node_modules'), 'dir')
    const r = spawnSync('npm', ['run', 'build'], { cwd: tmp, encoding: 'utf8' })
    if (r.status !== 0) {
      process.stderr.write('failed\n' + (r.stdout ?? '') + (r.stderr ?? ''))
      throw new Error(`npm run build of ${ref} failed`)
    }
    mkdirSync(join(cached, '..'), { recursive: true })
    const partial = `${cached}.partial-${process.pid}`
    cpSync(join(tmp, 'dist'), partial, { recursive: true })
    renameSync(partial, cached) // whole or nothing: a killed run leaves no half cache behind
    process.stderr.write('done\n')
    return { commit, dir: cached, built: true }
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}

const newDir = join(ROOT, 'dist')
if (!existsSync(join(newDir, 'adbeacon.js'))) {
  console.error('dist/adbeacon.js is missing: run `npm run build` first (the bench compares this checkout\'s dist/ with the baseline).')
  process.exit(1)
}
{
  // A dist/ older than src/ measures yesterday's code: say so (not fatal).
  const built = statSync(join(newDir, 'adbeacon.js')).mtimeMs
  const newer = readdirSync(join(ROOT, 'src'), { recursive: true }).filter((f) => statSync(join(ROOT, 'src', f)).mtimeMs > built)
  if (newer.length) console.error(`warning: src/ changed after dist/ was built (${newer.slice(0, 3).join(', ')}…): run \`npm run build\`.`)
}
const baselineRef = process.env.BENCH_BASELINE || BASELINE
const baseline = baselineDist(baselineRef)
const head = git('rev-parse', '--short=12', 'HEAD')
const dirty = git('status', '--porcelain', '--', 'src').length > 0

const load = (dir) => Object.fromEntries(FILES.filter((f) => existsSync(join(dir, f))).map((f) => [f, readFileSync(join(dir, f))]))
// floor: scripts/bench-floor.js, the least any tracker doing this job must do (scenarios 1 and 2):
// the targets, ratios against old, read beside what nothing can go under.
const BUILDS = { old: load(baseline.dir), new: load(newDir), control: { 'empty.js': Buffer.from('') }, floor: { 'adbeacon.js': readFileSync(join(ROOT, 'scripts', 'bench-floor.js')) } }

// ---------------------------------------------------------------------------------------------
// Servers
// ---------------------------------------------------------------------------------------------

/** Collector counts per run id: { requests, preflights, impression, view, click, conversion }. */
const counts = new Map()
const countFor = (run) => {
  let c = counts.get(run)
  if (!c) counts.set(run, (c = { requests: 0, preflights: 0, impression: 0, view: 0, click: 0, conversion: 0 }))
  return c
}

let storeOrigin = ''
const collector = createServer((req, res) => {
  // /r/<run>/<kind>/<n>
  const [, r, run, kind] = req.url.split('/')
  const c = r === 'r' && run ? countFor(run) : undefined
  const cors = {
    'access-control-allow-origin': req.headers.origin || storeOrigin,
    'access-control-allow-credentials': 'true',
    vary: 'origin',
  }
  req.resume()
  req.on('end', () => {
    if (req.method === 'OPTIONS') {
      if (c) c.preflights++
      res.writeHead(204, { ...cors, 'access-control-allow-headers': 'content-type', 'access-control-allow-methods': 'POST' })
    } else {
      if (c) {
        c.requests++
        if (kind in c) c[kind]++
      }
      res.writeHead(204, cors)
    }
    res.end()
  })
})
await new Promise((ok) => collector.listen(0, '127.0.0.1', ok))
const collectorPort = collector.address().port
const collectorOrigin = `http://127.0.0.1:${collectorPort}`

/** The 1,000-card and 5,000-tile pages differ per run only in the run id: build once, substitute. */
const RUN = '__RUN__'
const SPLIT = '<!--split-->'
const CHUNK_GAP_MS = 150 // after the tag's file went out; at most 2 s in all
const pageCache = new Map()

function html(build, scenario, run) {
  const key = `${build}/${scenario}`
  if (!pageCache.has(key)) pageCache.set(key, buildPage(build, scenario))
  return pageCache.get(key).replaceAll(RUN, run)
}

function buildPage(build, scenario) {
  const src = build === 'control' ? 'empty.js' : 'adbeacon.js'
  const ev = (kind, i) => `${collectorOrigin}/r/${RUN}/${kind}/${i}`
  const refused = (kind, i) => `https://ads.not-allowed.example/r/${RUN}/${kind}/${i}`
  const adAttrs = (url, i) =>
    `data-ad-id="ad-${i}" data-ad-impression-url="${url('impression', i)}" data-ad-view-url="${url('view', i)}" data-ad-click-url="${url('click', i)}"`
  const conversion = scenario === 'conversion'
  // Runs before the tag: long tasks from the start, and (scenario 5) when the browser is handed the
  // conversion: by sendBeacon (0.1.0), by fetch (since issue 10: a sale waits for its answer). The observer is registered with buffered too, in case a task ended before it.
  const probe = `<script>
window.__lt = [];
try { new PerformanceObserver((l) => { for (const e of l.getEntries()) __lt.push(e.duration) }).observe({ type: 'longtask', buffered: true }) } catch (e) {}
${conversion ? `window.__handed = [];
const __sb = navigator.sendBeacon.bind(navigator);
navigator.sendBeacon = function (url, data) { if (String(url).indexOf('/conversion/') > 0) __handed.push(performance.now()); return __sb(url, data) };
const __f = window.fetch;
window.fetch = function (url, init) { if (String(url).indexOf('/conversion/') > 0) __handed.push(performance.now()); return __f.call(this, url, init) };` : ''}
</script>`
  // Tag evaluation = the time the synchronous tag keeps the parser blocked once its bytes are in
  // the renderer: compile + run + the microtask checkpoint after it. Measured by inline scripts
  // right before (__t0) and right after (__t1) the tag. The file is preloaded by a <link> in the
  // first chunk of the response and the server holds the rest of the page back until that file
  // has been sent, plus CHUNK_GAP_MS for the renderer to take it in, so when the parser reaches the
  // tag the script is already loaded and runs at once: the gap
  // holds no network time and no wait for a "loaded" task (under CPU load that wait alone was
  // tens of ms, even for empty.js). __t1 - max(__t0, responseEnd) guards the rare late file.
  const extra = conversion && BUILDS[build]['adbeacon-conversion.js'] ? '\n<script src="adbeacon-conversion.js"></script>' : ''
  const tag = `<script>window.__t0 = performance.now()</script>
<script src="${src}" data-publisher-id="bench" data-currency="BRL" data-default-country="BR" data-event-hosts="127.0.0.1:${collectorPort}" data-conversion-url="${collectorOrigin}/r/${RUN}/conversion/"></script>
<script>window.__t1 = performance.now()</script>${extra}`
  let style = ''
  let body = ''
  if (scenario === 'empty' || conversion) {
    style = 'body{font:16px/1.4 sans-serif;margin:24px}'
    body = `<h1>Store</h1>${'<p>A product page without ads: text, a price, a button.</p>'.repeat(20)}<button>Buy</button>`
  } else if (scenario === 'cards' || scenario === 'refused') {
    // 4 columns × 270 px rows at 1280×800: rows 1–3 (12 cards) intersect, row 4 starts at 810 px.
    style = 'body{margin:0;font:14px sans-serif}.g{display:grid;grid-template-columns:repeat(4,1fr)}.c{height:270px;box-sizing:border-box;border:1px solid #ccc;padding:8px}'
    const url = scenario === 'cards' ? ev : refused
    const cards = []
    for (let i = 0; i < 1000; i++) cards.push(`<div class="c" ${adAttrs(url, i)}><a href="#p${i}">Product ${i}</a><p>R$ ${(10 + i).toFixed(2)}</p></div>`)
    body = `<div class="g">${cards.join('')}</div>`
  } else if (scenario === 'tiles') {
    // 20×24 px tiles, 63 to a row (1,260 px), 8 px body margin: 63 columns × 33 rows = 2,079 in view.
    style = 'body{margin:8px}.g{display:flex;flex-wrap:wrap;width:1260px}.t{width:20px;height:24px;box-sizing:border-box;border:1px solid #ddd}'
    const tiles = []
    for (let i = 0; i < 5000; i++) tiles.push(`<i class="t" ${adAttrs(ev, i)}></i>`)
    body = `<div class="g">${tiles.join('')}</div>`
  }
  return `<!doctype html><html><head><meta charset="utf-8"><title>bench ${scenario}</title><style>${style}</style>
${probe}
<link rel="preload" as="script" href="${src}">${SPLIT}
${tag}
</head><body>${body}</body></html>`
}

/** Resolves when the next response for `path` has been sent (runs are sequential per build). */
const sentWaiters = new Map()
const nextSent = (path) => new Promise((ok) => sentWaiters.set(path, ok))

const store = createServer((req, res) => {
  const u = new URL(req.url, storeOrigin)
  const [, build, file] = u.pathname.split('/')
  const files = BUILDS[build]
  const noStore = { 'cache-control': 'no-store' }
  if (files && file?.endsWith('.html')) {
    const [first, rest] = html(build, file.slice(0, -5), u.searchParams.get('run') ?? 'x').split(SPLIT)
    res.writeHead(200, { ...noStore, 'content-type': 'text/html; charset=utf-8' })
    const tagSent = nextSent(`/${build}/${build === 'control' ? 'empty.js' : 'adbeacon.js'}`)
    res.write(first)
    Promise.race([tagSent.then(() => sleep(CHUNK_GAP_MS)), sleep(2000)]).then(() => res.end(rest))
  } else if (files && files[file]) {
    // Cacheable, so the tag reuses the preloaded response (every run has a fresh context: no cache
    // is shared between runs).
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' })
    res.end(files[file], () => {
      sentWaiters.get(u.pathname)?.()
      sentWaiters.delete(u.pathname)
    })
  } else {
    res.writeHead(404, noStore)
    res.end()
  }
})
await new Promise((ok) => store.listen(0, '127.0.0.1', ok))
storeOrigin = `http://127.0.0.1:${store.address().port}`

// ---------------------------------------------------------------------------------------------
// One measured page load
// ---------------------------------------------------------------------------------------------

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'],
})
let runSeq = 0

/**
 * Loads /<build>/<scenario>.html in a fresh context and returns its measurements. `settle` waits
 * after the load event (gets the run's collector counts); nothing is evaluated in the page before
 * the CDP metrics are read, so Playwright's own scripts are not in ScriptDuration or the heap.
 */
async function measure(build, scenario, settle) {
  const run = `${build}-${scenario}-${++runSeq}`
  const ctx = await browser.newContext({ viewport: VIEWPORT })
  try {
    const page = await ctx.newPage()
    const cdp = await ctx.newCDPSession(page)
    await cdp.send('Performance.enable')
    const failed = {}
    let warnings = 0
    let refusedRequests = 0
    page.on('console', (m) => { if (m.type() === 'warning') warnings++ })
    page.on('requestfailed', (r) => { const t = r.failure()?.errorText ?? '?'; failed[t] = (failed[t] ?? 0) + 1 })
    page.on('request', (r) => { if (r.url().includes('not-allowed.example')) refusedRequests++ })
    await page.goto(`${storeOrigin}/${build}/${scenario}.html?run=${run}`, { waitUntil: 'load', timeout: 120000 })
    const loadedAt = Date.now()
    await settle(run, loadedAt)
    const settledMs = Date.now() - loadedAt
    const c = { ...countFor(run) }
    const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]))
    await cdp.send('HeapProfiler.collectGarbage')
    const heap = await cdp.send('Runtime.getHeapUsage')
    const inPage = await page.evaluate(() => {
      const r = performance.getEntriesByType('resource').find((e) => /\/(adbeacon|empty)\.js$/.test(e.name))
      const ready = Math.max(window.__t0, r ? r.responseEnd : 0)
      let inView = 0
      let halfInView = 0
      const H = innerHeight
      const W = document.documentElement.clientWidth
      for (const el of document.querySelectorAll('[data-ad-id]')) {
        const b = el.getBoundingClientRect()
        const w = Math.min(b.right, W) - Math.max(b.left, 0)
        const h = Math.min(b.bottom, H) - Math.max(b.top, 0)
        if (w > 0 && h > 0) {
          inView++
          if (w * h >= 0.5 * b.width * b.height) halfInView++
        }
      }
      const nav = performance.getEntriesByType('navigation')[0]
      return {
        evalMs: window.__t1 - ready,
        late: !r || r.responseEnd > window.__t0, // the file was not in before the parser reached the tag
        loadMs: nav ? nav.loadEventStart : NaN,
        longtasks: window.__lt.slice(),
        inView,
        halfInView,
      }
    })
    return {
      scriptMs: metrics.ScriptDuration * 1000,
      cpuMs: metrics.ThreadTime * 1000,
      heapBytes: heap.usedSize,
      ...inPage,
      ltCount: inPage.longtasks.length,
      ltMax: Math.max(0, ...inPage.longtasks),
      requests: c.requests,
      preflights: c.preflights,
      impressions: c.impression,
      views: c.view,
      failed: { ...failed },
      failedCount: Object.values(failed).reduce((a, b) => a + b, 0),
      warnings,
      refusedRequests,
      settledMs,
    }
  } finally {
    await ctx.close()
  }
}

const idle = (ms) => async () => sleep(ms)
/**
 * Until the run's impressions + views stop growing for QUIET_MS or all expected have come (at least
 * SETTLE_MS, at most TILES_MAX_MS after load).
 */
const untilQuiet = async (run, loadedAt) => {
  let last = -1
  let since = Date.now()
  for (;;) {
    const c = countFor(run)
    const n = c.impression + c.view
    if (n !== last) { last = n; since = Date.now() }
    const t = Date.now() - loadedAt
    if (t >= TILES_MAX_MS || (t >= SETTLE_MS && (Date.now() - since >= QUIET_MS || n >= 2 * TILES_IN_VIEW))) return
    await sleep(100)
  }
}

/** Interleaved runs: [control,] old, new, [control,] old, new, … → { build: [result, …] }. */
async function series(label, scenario, n, settle, builds = ['old', 'new'], controlRuns = n) {
  const out = Object.fromEntries(builds.map((b) => [b, []]))
  const t = Date.now()
  for (let i = 0; i < n; i++) for (const b of builds) if (b !== 'control' || i < controlRuns) out[b].push(await measure(b, scenario, settle))
  process.stderr.write(`${label}: ${n} × ${builds.join('/')} in ${((Date.now() - t) / 1000).toFixed(0)} s\n`)
  return out
}

/** Scenario 5: the old and the new page open side by side, calls alternating between them. */
async function conversions(n) {
  const pages = {}
  const ctxs = []
  for (const b of ['old', 'new']) {
    const ctx = await browser.newContext({ viewport: VIEWPORT })
    ctxs.push(ctx)
    const page = await ctx.newPage()
    await page.goto(`${storeOrigin}/${b}/conversion.html?run=${b}-conversion-${++runSeq}`, { waitUntil: 'load' })
    await page.waitForFunction(() => window.adbeacon && window.adbeacon.loaded === true)
    pages[b] = page
  }
  const out = { old: [], new: [] }
  const statuses = { old: {}, new: {} }
  try {
    for (let i = 0; i < n; i++) {
      for (const b of ['old', 'new']) {
        const r = await pages[b].evaluate(async (i) => {
          const before = window.__handed.length
          const order = { order_id: `bench-${i}-${Math.random().toString(36).slice(2)}`, email: `shopper.${i}@example.com`, items: [{ sku: 'SKU-1', quantity: 1, price: 99.9 }, { sku: 'SKU-2', quantity: 2, price: 10 }] }
          const t0 = performance.now()
          const result = await window.adbeacon('conversion', order)
          return { ms: window.__handed.length > before ? window.__handed[before] - t0 : null, status: result && result.status }
        }, i)
        if (r.ms !== null) out[b].push(r.ms)
        statuses[b][r.status] = (statuses[b][r.status] ?? 0) + 1
      }
    }
  } finally {
    for (const c of ctxs) await c.close()
  }
  return { out, statuses }
}

// ---------------------------------------------------------------------------------------------
// Runs
// ---------------------------------------------------------------------------------------------

let s1, s2, s3, s4, s5
const ONLY = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',').map(Number) : [1, 2, 3, 4, 5] // for working on the bench
try {
  await measure('new', 'empty', idle(300)) // warm-up, discarded: the first context and renderer start slower
  if (ONLY.includes(1)) s1 = await series('1. 0 ads', 'empty', N, idle(IDLE_MS), ['control', 'old', 'new', 'floor'])
  if (ONLY.includes(2) || ONLY.includes(3)) s2 = await series('2. 1,000 ads', 'cards', N, idle(SETTLE_MS), ['control', 'old', 'new', 'floor'])
  if (ONLY.includes(3)) s3 = await series('3. 1,000 refused', 'refused', N, idle(SETTLE_MS))
  // The control page runs no tracker (its JS time is ~1 ms against seconds): once is enough.
  if (ONLY.includes(4)) s4 = await series('4. 5,000 tiles', 'tiles', N_TILES, untilQuiet, ['control', 'old', 'new'], 1)
  if (ONLY.includes(5)) s5 = await conversions(N_CONV)
} finally {
  const version = browser.version()
  await browser.close()
  store.close()
  collector.close()
  if (s1 || s2 || s4 || s5) report(version)
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

function report(chromiumVersion) {
  const median = (xs) => {
    const s = xs.filter((x) => typeof x === 'number' && !Number.isNaN(x)).sort((a, b) => a - b)
    if (!s.length) return NaN
    const m = s.length >> 1
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
  }
  const pct = (xs, p) => {
    const s = [...xs].sort((a, b) => a - b)
    return s.length ? s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] : NaN
  }
  const med = (runs, key) => median(runs.map((r) => r[key]))
  const fmt = (v, d = 2) => (typeof v === 'string' ? v : Number.isFinite(v) ? v.toFixed(d) : '—')
  const ratio = (o, n) => (Number.isFinite(o) && Number.isFinite(n) && o !== 0 ? `${(n / o).toFixed(2)}×` : '—')
  const rows = []
  const row = (metric, o, n, { d = 2, target = '', r } = {}) => rows.push([metric, fmt(o, d), fmt(n, d), r ?? ratio(o, n), target])
  const note = (text) => rows.push([text])
  const section = (text) => rows.push([''], [text])
  /** JS time (ScriptDuration) and main-thread CPU (ThreadTime), each net of the control's median. */
  const net = (s, control, target) => {
    const out = {}
    for (const [key, label] of [['scriptMs', 'JS time (ScriptDuration)'], ['cpuMs', 'main-thread CPU (ThreadTime)']]) {
      const c = med(control, key)
      out[key] = { old: med(s.old, key) - c, new: med(s.new, key) - c }
      row(`${label} net of control, ms`, out[key].old, out[key].new, { target: key === 'scriptMs' ? target : '' })
      if (s.floor) row(`  floor (scripts/bench-floor.js) in the new column`, out[key].old, med(s.floor, key) - c)
    }
    note(`  (control page, empty.js: JS time ${fmt(med(control, 'scriptMs'))} ms, main-thread CPU ${fmt(med(control, 'cpuMs'))} ms)`)
    // The spread of the raw runs, to tell a ratio from noise (identical builds must give ~1.0×).
    const iqr = (runs, key) => `${fmt(pct(runs.map((r) => r[key]), 0.25), 0)}–${fmt(pct(runs.map((r) => r[key]), 0.75), 0)}`
    note(`  (spread p25–p75 before subtracting: JS time old ${iqr(s.old, 'scriptMs')}, new ${iqr(s.new, 'scriptMs')} ms; CPU old ${iqr(s.old, 'cpuMs')}, new ${iqr(s.new, 'cpuMs')} ms)`)
    return out
  }
  const late = (...ss) => ss.flat().filter((r) => r.late).length
  const counts = (s, what) => `${med(s.old, what[0])} / ${med(s.old, what[1])}`

  let j2
  if (s1) {
    section(`1. tag in <head>, 0 ads (n=${N} each; read at load + ${IDLE_MS / 1000} s)`)
    net(s1, s1.control, '≤ 0.25×')
    row('tag evaluation (parser blocked by the tag, file already in), ms', med(s1.old, 'evalMs'), med(s1.new, 'evalMs'))
    note(`  (empty.js on the control page: ${fmt(med(s1.control, 'evalMs'), 3)} ms; runs where the file came after the parser reached the tag: ${late(s1.control, s1.old, s1.new)})`)
  }
  if (s2) {
    section(`2. 1,000 ad cards, ${s2.new[0].inView} in view (${s2.new[0].halfInView} at ≥ 50 %) (n=${N} each; read at load + ${SETTLE_MS / 1000} s)`)
    j2 = net(s2, s2.control, '≤ 0.2×')
    row('tag evaluation, ms', med(s2.old, 'evalMs'), med(s2.new, 'evalMs'))
    row('load event (from navigation start), ms', med(s2.old, 'loadMs'), med(s2.new, 'loadMs'), { d: 0 })
    note(`  (control page: ${fmt(med(s2.control, 'loadMs'), 0)} ms, incl. the server holding the page back until the tag's file went out)`)
    row('long tasks (count)', med(s2.old, 'ltCount'), med(s2.new, 'ltCount'), { d: 1, target: 'new: none' })
    row('longest task, ms', med(s2.old, 'ltMax'), med(s2.new, 'ltMax'), { d: 0 })
    note(`  (control page: ${fmt(med(s2.control, 'ltCount'), 1)} long tasks, longest ${fmt(med(s2.control, 'ltMax'), 0)} ms: the parser's own)`)
    const h = med(s2.control, 'heapBytes')
    row('retained JS heap after GC, net of control, KiB', (med(s2.old, 'heapBytes') - h) / 1024, (med(s2.new, 'heapBytes') - h) / 1024, { d: 0 })
    note(`  (control page: ${fmt(h / 1024, 0)} KiB)`)
    row('collector: requests (POST)', med(s2.old, 'requests'), med(s2.new, 'requests'), { d: 0, target: 'expect 24' })
    row('collector: CORS preflights', med(s2.old, 'preflights'), med(s2.new, 'preflights'), { d: 0, target: 'new: 0 (URLSearchParams)' })
    row('  impressions / views', counts(s2, ['impressions', 'views']), `${med(s2.new, 'impressions')} / ${med(s2.new, 'views')}`, { r: '', target: 'expect 12 / 12' })
  }
  if (s3) {
    section(`3. the same 1,000 cards, URLs on a host that is not allowed (n=${N} each; control: scenario 2's)`)
    const j3 = net(s3, s2.control)
    rows.splice(-2, 1) // the control note: scenario 2's, printed there
    row('refused / allowed, JS time', j3.scriptMs.old / j2.scriptMs.old, j3.scriptMs.new / j2.scriptMs.new, { target: 'new: ≤ 1.2' })
    row('refused / allowed, main-thread CPU', j3.cpuMs.old / j2.cpuMs.old, j3.cpuMs.new / j2.cpuMs.new, { target: 'new: ≤ 1.2' })
    row('console warnings', med(s3.old, 'warnings'), med(s3.new, 'warnings'), { d: 0 })
    row('requests to the refused host', med(s3.old, 'refusedRequests'), med(s3.new, 'refusedRequests'), { d: 0, target: 'expect 0' })
  }
  if (s4) {
    const t = s4.new[0]
    section(`4. 5,000 tiles, ${t.inView} in view (${t.halfInView} at ≥ 50 %) (n=${N_TILES} each, control once; read when the collector has all or nothing new for ${QUIET_MS / 1000} s, ${SETTLE_MS / 1000}–${TILES_MAX_MS / 1000} s after load)`)
    net(s4, s4.control)
    row('load event (from navigation start), ms', med(s4.old, 'loadMs'), med(s4.new, 'loadMs'), { d: 0 })
    row('longest task, ms', med(s4.old, 'ltMax'), med(s4.new, 'ltMax'), { d: 0 })
    row('long tasks (count)', med(s4.old, 'ltCount'), med(s4.new, 'ltCount'), { d: 0 })
    note(`  (control page: load ${fmt(med(s4.control, 'loadMs'), 0)} ms, ${fmt(med(s4.control, 'ltCount'), 0)} long tasks, longest ${fmt(med(s4.control, 'ltMax'), 0)} ms)`)
    row('failed requests', med(s4.old, 'failedCount'), med(s4.new, 'failedCount'), { d: 0 })
    const reasons = (rs) => [...new Set(rs.flatMap((r) => Object.keys(r.failed)))].join(', ') || 'none'
    note(`  (failure texts: old ${reasons(s4.old)}; new ${reasons(s4.new)})`)
    row(`impressions arrived (of ${t.inView})`, med(s4.old, 'impressions'), med(s4.new, 'impressions'), { d: 0 })
    row(`views arrived (of ${t.halfInView})`, med(s4.old, 'views'), med(s4.new, 'views'), { d: 0 })
    row('collector: requests / preflights', counts(s4, ['requests', 'preflights']), `${med(s4.new, 'requests')} / ${med(s4.new, 'preflights')}`, { r: '' })
    row('from load until read, s', med(s4.old, 'settledMs') / 1000, med(s4.new, 'settledMs') / 1000, { d: 1 })
  }
  if (s5) {
    const withConv = (b) => (BUILDS[b]['adbeacon-conversion.js'] ? ' + adbeacon-conversion.js' : '')
    section(`5. conversion() → sendBeacon or fetch handed the body (n=${N_CONV} each, calls alternating; old: tag${withConv('old')}, new: tag${withConv('new')})`)
    row('median, ms', median(s5.out.old), median(s5.out.new), { d: 3, target: 'new: ≤ 2 ms' })
    row('p95, ms', pct(s5.out.old, 0.95), pct(s5.out.new, 0.95), { d: 3 })
    const st = (b) => Object.entries(s5.statuses[b]).map(([k, v]) => `${k} ${v}`).join(', ')
    note(`  (requests seen: old ${s5.out.old.length}/${N_CONV}, new ${s5.out.new.length}/${N_CONV}; results: old ${st('old')}; new ${st('new')})`)
  }

  const w = [0, 1, 2, 3].map((i) => Math.max(...rows.filter((r) => r.length > 1).map((r) => r[i].length)))
  w[3] = Math.max(7, w[3])
  const size = (b) => Object.entries(BUILDS[b]).map(([f, buf]) => `${f} ${buf.length} B`).join(', ')
  const load = (l) => l.map((x) => x.toFixed(1)).join(' ')
  console.log(`adbeacon bench, ${new Date().toISOString()}`)
  console.log(`Chromium ${chromiumVersion} (headless), viewport ${VIEWPORT.width}×${VIEWPORT.height}; ${cpus().length} CPUs, load average ${load(LOAD_BEFORE)} before, ${load(loadavg())} after`)
  console.log(`old: ${baselineRef} = ${baseline.commit.slice(0, 12)}${baseline.built ? ' (built now)' : ' (cached build)'}: ${size('old')}`)
  console.log(`new: this checkout's dist/ (HEAD ${head}${dirty ? ', src/ has uncommitted changes' : ''}): ${size('new')}`)
  console.log(`runs: scenarios 1–3 n=${N} per build, scenario 4 n=${N_TILES}, scenario 5 n=${N_CONV} calls; fresh context per run; medians; ratio = new/old`)
  console.log()
  console.log(`${'metric'.padEnd(w[0])}  ${'old'.padStart(w[1])}  ${'new'.padStart(w[2])}  ${'new/old'.padStart(w[3])}  target`)
  for (const r of rows) {
    if (r.length === 1) console.log(r[0])
    else console.log(`${r[0].padEnd(w[0])}  ${r[1].padStart(w[1])}  ${r[2].padStart(w[2])}  ${r[3].padStart(w[3])}  ${r[4]}`.trimEnd())
  }
  console.log()
  console.log(`total ${((Date.now() - started) / 1000).toFixed(0)} s`)
}
