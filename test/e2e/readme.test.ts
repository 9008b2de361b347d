// Issue 8, part 4: README truth. Every fenced block of README.md is extracted (in order, with its
// language and heading) and run or checked here, so a snippet that stops working fails the build:
//   html  the tags and fragments are served as pages (script src, data-conversion-url,
//         data-event-hosts and data-debug re-pointed by attribute only) and loaded in Chromium;
//   js    the stub and commands run beside the tag; the ESM snippet runs as a module script with
//         an import map for 'adbeacon';
//   sh    every command must be one this test knows (npm scripts must exist in package.json);
//   (none) the source tree: every path it names must exist.
// A block in any other language, or an html / js block of a shape not recognised below, fails:
// a new snippet cannot slip in untested. Placeholders ('…' values) are replaced only through the
// PLACEHOLDERS table. Requests to facebook.com, googleadservices.com and VTEX's default
// conversion host are answered by the local collector (forwarded from Node); any other non-local
// request is refused.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { BrowserContext, Page, Route } from 'playwright-core'
import { debugStateOf, trackerLoaded } from './support/chromium'
import { useHarness } from './support/harness'
import type { GetAdsRequest } from '../../demo/collector/index'
import { stableId } from '../../demo/collector/getads'
import {
  applyPlaceholders,
  attr,
  describeSnippet,
  extractSnippets,
  leftoverPlaceholders,
  rewriteScriptTags,
  scriptFile,
  scriptTags,
  setAttr,
  shellCommands,
  type Placeholder,
  type Snippet,
} from './support/readme-snippets'

const ROOT = resolve('.')
// README_UNDER_TEST=/tmp/edited.md runs these checks on an edited copy before it replaces README.md.
const README = readFileSync(process.env.README_UNDER_TEST ?? join(ROOT, 'README.md'), 'utf8')
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; scripts: Record<string, string> }
const SNIPPETS = extractSnippets(README)

// ---- what each snippet is ----

type Kind =
  | 'html-tag' // a page's <script src=".../adbeacon.js"> (and maybe adbeacon-conversion.js)
  | 'html-order' // <script type="application/json" data-adbeacon-order>
  | 'html-ads' // elements with data-ad-id and adbeacon('ads', …)
  | 'js-commands' // the stub and/or adbeacon('…', …) calls
  | 'js-esm' // import … from 'adbeacon'
  | 'sh'
  | 'tree' // the unlabelled source tree

const TAG_FILES = ['adbeacon.js', 'adbeacon-conversion.js']

function kindOf(s: Snippet): Kind {
  if (s.lang === 'html') {
    const files = scriptTags(s.code).map(scriptFile).filter((f): f is string => !!f)
    const unknown = files.filter((f) => !TAG_FILES.includes(f))
    if (unknown.length) throw new Error(`${describeSnippet(s)}: loads ${unknown.join(', ')}, which this test does not serve`)
    if (files.includes('adbeacon.js')) return 'html-tag'
    if (/<script\b[^>]*\bdata-adbeacon-order\b/i.test(s.code)) return 'html-order'
    if (/\bdata-ad-id\s*=/.test(s.code)) return 'html-ads'
    throw new Error(`${describeSnippet(s)}: an html snippet of a shape this test does not know (no adbeacon.js tag, order block or data-ad-id)`)
  }
  if (s.lang === 'js') {
    if (/^\s*import\b[^;\n]*\bfrom\s*['"]adbeacon(\/[\w-]+)?['"]/m.test(s.code)) return 'js-esm'
    // Only the stub and adbeacon(…) calls (each statement on its own lines, comments aside).
    const statements = topLevelStatements(s.code.replace(/(^|\s)\/\/.*$/gm, '$1'))
    const ok = statements.every((x) => /^window\.adbeacon\s*=\s*window\.adbeacon\s*\|\|/.test(x) || /^adbeacon\(\s*'\w+'/.test(x))
    if (ok && statements.length) return 'js-commands'
    throw new Error(`${describeSnippet(s)}: a js snippet that is neither the stub / adbeacon() commands nor an ESM import of 'adbeacon'`)
  }
  if (s.lang === 'sh' || s.lang === 'bash' || s.lang === 'shell') return 'sh'
  if (s.lang === '' && s.code.split('\n').some((l) => /^(src|demo|test)\/\S*/.test(l))) return 'tree'
  throw new Error(`${describeSnippet(s)}: language "${s.lang || '(none)'}" is not handled by test/e2e/readme.test.ts; add a check for it`)
}

/** Lines grouped into statements: a statement goes on while brackets are open (strings skipped). */
function topLevelStatements(code: string): string[] {
  const out: string[] = []
  let depth = 0
  for (const line of code.split('\n')) {
    if (!line.trim()) continue
    if (depth === 0) out.push(line.trim())
    else out[out.length - 1] += '\n' + line
    for (const ch of line.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, '')) depth += '([{'.includes(ch) ? 1 : ')]}'.includes(ch) ? -1 : 0
  }
  return out
}

// ---- placeholders: the only values replaced, and why ----

const fixture = { productAdId: stableId('readme:product'), brandAdId: stableId('readme:brand') }
const PLACEHOLDERS: Placeholder[] = [
  { lang: 'js', value: '…', to: () => 'pub-readme', why: "createTracker({ publisherId: '…' }): the store's VTEX Ads publisher id" },
  // The tags' publisher id. A page that only carries the tag runs it as written (it must load
  // quietly); where a sale is reported the store's own id is needed, since adbeacon skips VTEX
  // for the README's placeholder pasted as is (with a warning: checked on the order block).
  { lang: 'html', value: 'YOUR-VTEX-ADS-PUBLISHER-ID', to: () => 'pub-readme', why: "the store's VTEX Ads publisher id", saleOnly: true },
  { lang: 'html', value: '4a94bc6e-…', to: () => fixture.productAdId, why: 'the sponsored product ad_id, from the Get ads fixture' },
  { lang: 'html', value: '9f1c…', to: () => fixture.brandAdId, why: 'the sponsored brand ad_id, from the Get ads fixture' },
]

// ---- console warnings each kind of snippet may cause ----
// adbeacon's own console lines start with "[adbeacon]". Every snippet is expected to be quiet:
// - the install tag's publisher id "YOUR-VTEX-ADS-PUBLISHER-ID" is a placeholder, but it has the
//   shape of an id (letters, digits, dashes), so even data-debug's option check does not warn;
//   its pixel id and AW- id are well formed;
// - the order block is a valid order; the ad markup matches the fixture it is given;
// - identify('customer-42') is a customer id, not an e-mail; the tracks are well formed.
const EXPECTED_WARNINGS: Record<Kind, RegExp[]> = {
  'html-tag': [],
  'html-order': [],
  'html-ads': [],
  'js-commands': [],
  'js-esm': [],
  sh: [],
  tree: [],
}

// ---- the browser side ----

const routes: Record<string, string> = {}
let pageNo = 0
let getAdsResponse: Record<string, unknown>

/** Serves `html` as a new page of the static server; returns its URL. */
function serve(html: string): string {
  const path = `/readme/${++pageNo}.html`
  routes[path] = html
  return env.site.origin + path
}

const doc = (body: string, head = '') => `<!doctype html><html><head><meta charset="utf-8"><title>readme</title>${head}</head><body>\n${body}\n</body></html>`
const inlineJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c')

/** The snippet's script tags re-pointed at this test's servers, by attribute only. */
function pointTags(html: string, opts: { debug?: boolean } = {}): string {
  const collectorHost = new URL(env.collector.origin).host
  return rewriteScriptTags(html, (file, attrs) => {
    if (!TAG_FILES.includes(file)) return attrs
    let a = setAttr(attrs, 'src', `/${file}`)
    if (file === 'adbeacon.js') {
      a = setAttr(a, 'data-conversion-url', `${env.collector.origin}/v1/beacon/conversion`)
      a = setAttr(a, 'data-event-hosts', collectorHost)
      if (opts.debug) a = setAttr(a, 'data-debug', null)
    }
    return a
  })
}

interface Session { ctx: BrowserContext; page: Page; errors: string[]; warnings: string[]; failed: string[] }

/**
 * A fresh context: Meta's, Google's and VTEX's default conversion host are answered by the
 * collector; other non-local requests are refused. Page errors, adbeacon's console warnings and
 * errors, and failed local requests are collected.
 */
async function open(): Promise<Session> {
  const ctx = await env.browser.newContext()
  const forward = async (route: Route) => {
    const req = route.request()
    const url = new URL(req.url())
    const h = req.headers()
    const headers: Record<string, string> = {}
    for (const k of ['content-type', 'origin', 'access-control-request-method', 'access-control-request-headers']) if (h[k]) headers[k] = h[k]!
    const res = await fetch(env.collector.origin + url.pathname + url.search, { method: req.method(), headers, body: req.postData() ?? undefined })
    await route.fulfill({ status: res.status, headers: Object.fromEntries(res.headers), body: Buffer.from(await res.arrayBuffer()) })
  }
  // Playwright tries the most recently added route first: the catch-all goes in first.
  await ctx.route(/^https?:\/\/(?!127\.0\.0\.1[:/]|localhost[:/])/, (route) => route.abort())
  await ctx.route(/^https:\/\/(www\.facebook\.com|www\.googleadservices\.com|events\.newtail-media\.newtail\.com\.br)\//, forward)
  const page = await ctx.newPage()
  const s: Session = { ctx, page, errors: [], warnings: [], failed: [] }
  page.on('pageerror', (e) => s.errors.push(String(e)))
  page.on('console', (m) => {
    if ((m.type() === 'warning' || m.type() === 'error') && m.text().startsWith('[adbeacon]')) s.warnings.push(m.text())
  })
  page.on('response', (r) => {
    if (r.url().startsWith(env.site.origin) && r.status() >= 400) s.failed.push(`${r.status()} ${r.url()}`)
  })
  page.on('requestfailed', (r) => {
    if (r.url().startsWith(env.site.origin)) s.failed.push(`${r.failure()?.errorText} ${r.url()}`)
  })
  return s
}

function expectQuiet(s: Session, kind: Kind) {
  expect(s.errors, 'page errors').toEqual([])
  expect(s.failed, 'failed requests for the page and its scripts').toEqual([])
  const unexpected = s.warnings.filter((w) => !EXPECTED_WARNINGS[kind].some((re) => re.test(w)))
  expect(unexpected, 'adbeacon console warnings').toEqual([])
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms))

// ---- snippets the others are composed with ----

const tagBlocks = SNIPPETS.filter((s) => s.lang === 'html' && scriptTags(s.code).some((a) => scriptFile(a) === 'adbeacon.js'))
const stubBlock = SNIPPETS.find((s) => s.lang === 'js' && /^\s*window\.adbeacon\s*=\s*window\.adbeacon\s*\|\|/m.test(s.code))
/** The stub statement alone (the first line of the stub block that defines it). */
const stubLine = () => {
  const line = stubBlock?.code.split('\n').find((l) => /^\s*window\.adbeacon\s*=\s*window\.adbeacon\s*\|\|/.test(l))
  if (!line) throw new Error('the README has no js block defining the stub (window.adbeacon = window.adbeacon || …)')
  return line
}
/** "Put one tag on every page": the first tag block. */
const everyPageTag = () => {
  if (!tagBlocks[0]) throw new Error('the README has no html block with the adbeacon.js tag')
  return tagBlocks[0]
}
/** A tag without Meta / Google attributes, so a `tracks` config is what adds them. */
const plainTag = () => {
  const plain = tagBlocks.find((s) => !scriptTags(s.code).some((a) => a.some((x) => /^data-(facebook|google)-/.test(x.name))))
  if (!plain) throw new Error('the README has no adbeacon.js tag without data-facebook-* / data-google-* attributes')
  return plain
}
const isAsyncTag = (s: Snippet) => scriptTags(s.code).some((a) => scriptFile(a) === 'adbeacon.js' && attr(a, 'async'))

/** The order of the README's order block (the ESM snippet's `order`), parsed as JSON. */
const readmeOrder = (): Record<string, unknown> => {
  const block = SNIPPETS.find((s) => s.lang === 'html' && /data-adbeacon-order/.test(s.code))
  const json = block && /<script\b[^>]*>([\s\S]*?)<\/script>/i.exec(block.code)?.[1]
  if (!json) throw new Error('the README has no order block to take the example order from')
  return JSON.parse(json) as Record<string, unknown>
}

/** A snippet with the table's placeholders replaced; fails on a placeholder the table does not know. */
function filled(s: Snippet, sale = true): string {
  const code = applyPlaceholders(s.code, s.lang, PLACEHOLDERS, sale)
  expect(leftoverPlaceholders(code, s.lang), `${describeSnippet(s)}: placeholder values not in PLACEHOLDERS`).toEqual([])
  return code
}

const conversionsOf = (id: string) => env.collector.events().filter((e) => e.destination === 'vtex' && e.kind === 'conversion' && String((e.body as { order_id?: unknown })?.order_id) === id)

const env = useHarness({
  // The Get ads fixture: one sponsored product and one sponsored brand whose product is the
  // snippet's SKU-7, with event URLs signed by the collector like the real ones.
  collector: {
    getAdsFixture: (req: GetAdsRequest) => {
      const urls = (adId: string, type: string, sku?: string) => {
        const p = { publisher_id: req.publisherId, ad_type: type, pname: 'readme', context: 'search', product_sku: sku, channel: 'site' }
        return { impression_url: req.eventUrl('impression', adId, p), view_url: req.eventUrl('view', adId, p), click_url: req.eventUrl('click', adId, p) }
      }
      return {
        listing: [{ ad_id: fixture.productAdId, type: 'product', product_sku: 'SKU-1', ...urls(fixture.productAdId, 'product', 'SKU-1') }],
        brands: [
          {
            ad_id: fixture.brandAdId,
            type: 'sponsored_brand',
            brand_name: 'Readme',
            ...urls(fixture.brandAdId, 'sponsored_brand'),
            products: [{ product_sku: 'SKU-7', ...urls(fixture.brandAdId, 'sponsored_brand', 'SKU-7') }],
          },
        ],
      }
    },
  },
  setup: async (collector) => {
    const res = await fetch(`${collector.origin}/v1/rma/pub-readme`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ session_id: 'server-side', context: 'search', term: 'readme', channel: 'site', placements: { listing: { quantity: 1, types: ['product'] } } }),
    })
    expect(res.status).toBe(200)
    getAdsResponse = (await res.json()) as Record<string, unknown>
  },
  routes: () => routes,
})

// ---- the checks, one per kind ----

async function checkHtmlTag(s: Snippet) {
  const code = filled(s, false)
  const files = scriptTags(code).map(scriptFile)
  const session = await open()
  const requested: string[] = []
  session.page.on('requestfinished', (r) => requested.push(new URL(r.url()).pathname))
  await session.page.goto(serve(doc(pointTags(code))))
  await trackerLoaded(session.page, 10_000)
  await session.page.waitForLoadState('load')
  await sleep(300)
  // Each file the snippet names was loaded from where it said, once (adbeacon.js does not fetch
  // adbeacon-conversion.js a second time when the page's own tag brings it).
  for (const f of files) expect(requested.filter((p) => p === `/${f}`), `${f} requests`).toHaveLength(1)
  // Nothing is sent by a page that only carries the tag.
  expect(env.collector.events().filter((e) => e.kind !== 'getads')).toEqual([])
  expectQuiet(session, 'html-tag')
  await session.ctx.close()
}

async function checkHtmlOrder(s: Snippet) {
  const code = filled(s)
  const json = /<script\b[^>]*>([\s\S]*?)<\/script>/i.exec(code)?.[1] ?? ''
  const orderId = String((JSON.parse(json) as { order_id: unknown }).order_id)
  // On the confirmation page, after the tags the README puts there (the nearest tag block above).
  const tags = [...tagBlocks].reverse().find((t) => t.index < s.index)
  if (!tags) throw new Error(`${describeSnippet(s)}: no adbeacon.js tag block above it`)
  const session = await open()
  await session.page.goto(serve(doc(pointTags(filled(tags)) + '\n' + code)))
  await trackerLoaded(session.page, 10_000)
  const ev = await env.collector.waitFor((e) => e.destination === 'vtex' && e.kind === 'conversion', 10_000)
  expect(ev.valid, JSON.stringify(ev.errors)).toBe(true)
  expect(String((ev.body as { order_id: unknown }).order_id)).toBe(orderId)
  await sleep(800)
  expect(conversionsOf(orderId)).toHaveLength(1)
  expect(env.collector.events().filter((e) => e.kind === 'conversion').length, 'conversions in all').toBe(1)
  expectQuiet(session, 'html-order')
  await session.ctx.close()

  // With the tags pasted as written (the publisher id placeholder kept), VTEX is skipped and the
  // console says why: the README's placeholder cannot silently lose a store's sales.
  env.collector.clear()
  const asWritten = await open()
  await asWritten.page.goto(serve(doc(pointTags(filled(tags, false)) + '\n' + code)))
  const end = Date.now() + 10_000
  while (!asWritten.warnings.some((w) => /placeholder/.test(w)) && Date.now() < end) await sleep(50)
  expect(asWritten.warnings.join('\n')).toMatch(/publisher.*YOUR-VTEX-ADS-PUBLISHER-ID.*placeholder/)
  expect(conversionsOf(orderId)).toHaveLength(0)
  expect(asWritten.errors).toEqual([])
  await asWritten.ctx.close()
}

async function checkHtmlAds(s: Snippet) {
  const code = filled(s)
  const tag = everyPageTag()
  // The README's tag is async and the snippet calls adbeacon() inline: as the README says for
  // commands called before the script has loaded, the stub comes first.
  const needsStub = isAsyncTag(tag) && /<script\b[^>]*>[^<]*\badbeacon\(/.test(code)
  const prelude = `<script>var getAdsResponse = ${inlineJson(getAdsResponse)}</script>`
  const session = await open()
  await session.page.goto(serve(doc(`${needsStub ? `<script>${stubLine()}</script>\n` : ''}${pointTags(filled(tag, false))}\n${prelude}\n${code}`)))
  await trackerLoaded(session.page, 10_000)
  // The marked elements are on screen: each gets its impression, on the URL Get ads gave for it
  // (a brand's product, data-ad-sku, on its own URL).
  type FixtureAd = { ad_id: string; impression_url: string; products?: Array<{ product_sku: string; impression_url: string }> }
  const fixtureAds = Object.values(getAdsResponse).filter(Array.isArray).flat() as FixtureAd[]
  const marked = [...code.matchAll(/<\w+\b([^>]*\bdata-ad-id="([^"]+)"[^>]*)>/g)].map((m) => ({ id: m[2]!, sku: /data-ad-sku="([^"]+)"/.exec(m[1]!)?.[1] }))
  expect(marked.length).toBeGreaterThan(0)
  for (const { id, sku } of marked) {
    const ad = fixtureAds.find((a) => a.ad_id === id)
    const url = sku ? ad?.products?.find((p) => p.product_sku === sku)?.impression_url : ad?.impression_url
    expect(url, `the fixture has data-ad-id="${id}"${sku ? ` data-ad-sku="${sku}"` : ''}`).toBeTypeOf('string')
    const ev = await env.collector.waitFor((e) => e.kind === 'impression' && env.collector.origin + e.url === url, 10_000)
    expect(ev.valid, JSON.stringify(ev.errors)).toBe(true)
    expect(ev.signature).toBe('valid')
  }
  expectQuiet(session, 'html-ads')
  await session.ctx.close()
}

async function checkJsCommands(s: Snippet) {
  const code = filled(s)
  const calls = [...code.matchAll(/\badbeacon\(\s*'(\w+)'\s*,\s*([^\n]*)/g)].map((m) => ({ command: m[1]!, rest: m[2]! }))
  const definesStub = /^\s*window\.adbeacon\s*=\s*window\.adbeacon\s*\|\|/m.test(code)
  const tag = definesStub ? everyPageTag() : plainTag()
  const tags = pointTags(filled(tag), { debug: true })
  // The stub runs before the tag (commands queued, then replayed) and again after it has loaded
  // (it must keep the loaded function); plain commands run once the tag has loaded.
  const orders: Array<'before' | 'after'> = definesStub ? ['before', 'after'] : ['after']
  for (const when of orders) {
    const session = await open()
    await session.page.goto(serve(doc(when === 'before' ? `<script>${code}</script>\n${tags}` : tags)))
    await trackerLoaded(session.page, 10_000)
    if (when === 'after') await session.page.addScriptTag({ content: code })
    expect(await session.page.evaluate(() => (window as unknown as { adbeacon: { loaded?: boolean } }).adbeacon.loaded)).toBe(true)
    const state = await debugStateOf<{ userId?: string }>(session.page)
    for (const c of calls) {
      if (c.command === 'identify') {
        const id = /^'([^']*)'/.exec(c.rest)?.[1]
        expect(state.userId, `${when}: identify`).toBe(id)
      }
    }
    if (calls.some((c) => c.command === 'config' && /\btracks\s*:/.test(c.rest + code))) {
      // The tracks took effect: a conversion now lists the platforms they configure (the tag alone has none).
      const expected = [...new Set([...code.matchAll(/type:\s*'(\w+)'/g)].map((m) => ({ facebook_ad: 'meta', google_ad: 'google' })[m[1]!] ?? `unknown track ${m[1]}`))]
      const order = { ...readmeOrder(), order_id: `readme-tracks-${when}` }
      const result = (await session.page.evaluate((o) => (window as unknown as { adbeacon(c: string, o: unknown): Promise<unknown> }).adbeacon('conversion', o), order)) as {
        status: string
        destinations: Record<string, { status: string; reason?: string }>
      }
      for (const d of expected) expect(result.destinations[d], `${d} in ${JSON.stringify(result.destinations)}`).toMatchObject({ status: 'sent' })
      expect(result.status).toBe('sent')
      if (expected.includes('meta')) expect((await env.collector.waitFor((e) => e.destination === 'meta' && e.kind === 'purchase', 10_000)).valid).toBe(true)
      if (expected.includes('google')) expect((await env.collector.waitFor((e) => e.destination === 'google', 10_000)).valid).toBe(true)
    }
    expectQuiet(session, 'js-commands')
    await session.ctx.close()
    env.collector.clear()
  }
  // A command this test does not observe still runs (above) without error or warning.
  expect(calls.length).toBeGreaterThan(0)
}

async function checkJsEsm(s: Snippet) {
  const code = filled(s)
  // Its top-level names, handed to the test after it has run.
  const names = [...code.matchAll(/^\s*(?:const|let|var)\s+([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]!)
  const documented = /status:\s*((?:'\w+'\s*\|?\s*)+)/.exec(code)?.[1]?.match(/'(\w+)'/g)?.map((x) => x.slice(1, -1)) ?? ['sent', 'queued', 'duplicate', 'held', 'invalid', 'failed']
  const order = readmeOrder()
  const head = `<script type="importmap">${JSON.stringify({ imports: { adbeacon: '/adbeacon.mjs' } })}</script>`
  const body = `<script>var order = ${inlineJson(order)}</script>
<script type="module">
${code}
;window.__readme = { ${names.join(', ')} }
</script>`
  const session = await open()
  await session.page.goto(serve(doc(body, head)))
  await session.page
    .waitForFunction(() => (window as unknown as { __readme?: unknown }).__readme, null, { timeout: 10_000 })
    .catch((e: unknown) => {
      throw new Error(`the module never finished: ${session.errors.join('; ') || String(e)}`)
    })
  const values = (await session.page.evaluate(() => {
    const r = (window as unknown as { __readme: Record<string, unknown> }).__readme
    return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'object' && v && 'status' in v ? v : typeof v]))
  })) as Record<string, unknown>
  const results = Object.values(values).filter((v): v is { status: string; order_id?: string } => typeof v === 'object' && v !== null)
  expect(results.length, `a conversion result among ${JSON.stringify(values)}`).toBeGreaterThan(0)
  for (const r of results) {
    expect(documented).toContain(r.status)
    // A valid order with the default endpoint reachable: handed to the browser.
    expect(r.status).toBe('sent')
    expect(r.order_id).toBe(String(order.order_id))
  }
  // It reached VTEX Ads' default endpoint (answered by the collector), valid, once.
  const ev = await env.collector.waitFor((e) => e.destination === 'vtex' && e.kind === 'conversion', 10_000)
  expect(ev.valid, JSON.stringify(ev.errors)).toBe(true)
  expect(ev.path).toBe('/v1/beacon/conversion')
  await sleep(500)
  expect(conversionsOf(String(order.order_id))).toHaveLength(1)
  expectQuiet(session, 'js-esm')
  await session.ctx.close()
}

function checkSh(s: Snippet) {
  const commands = shellCommands(s.code)
  expect(commands.length).toBeGreaterThan(0)
  const tarball = `${PKG.name.replace(/^@/, '').replace('/', '-')}-${PKG.version}.tgz`
  for (const c of commands) {
    const [tool, sub, arg] = c.words
    const where = `${describeSnippet(s)}, "${c.text}"`
    if (tool === 'npm' && (sub === 'run' || sub === 'run-script')) expect(PKG.scripts[arg ?? ''], `${where}: no such script in package.json`).toBeTypeOf('string')
    else if (tool === 'npm' && (sub === 'test' || sub === 't')) expect(PKG.scripts.test, `${where}: package.json has no test script`).toBeTypeOf('string')
    else if (tool === 'npm' && (sub === 'install' || sub === 'i' || sub === 'ci' || sub === 'pack')) {
      // Installing or packing from a checkout needs dist/: the README says `prepare` builds it.
      if (sub === 'pack' || (arg && /^(git\+|\.{0,2}\/)/.test(arg))) expect(PKG.scripts.prepare, `${where}: needs a prepare script`).toMatch(/build/)
    } else if (tool === 'git' && sub === 'clone') {
      /* allowed */
    } else if (tool === 'cd') {
      /* allowed */
    } else throw new Error(`${where}: a command this test does not know; add a check for it`)
  }
  // Every tarball the block names is the one `npm pack` makes of this package.
  for (const m of s.code.matchAll(/[\w@.-]+\.tgz\b/g)) expect(m[0].split('/').pop(), `${describeSnippet(s)}: tarball name`).toBe(tarball)
}

function checkTree(s: Snippet) {
  let dir = ''
  const missing: string[] = []
  for (const line of s.code.split('\n')) {
    if (!line.trim()) continue
    const cols = line.split(/\s{2,}/)
    const first = /^\S/.test(line) ? cols[0]! : ''
    // The first column names a folder (or a file, whose folder the line then talks about).
    if (first) dir = first.endsWith('/') ? first : first.replace(/[^/]*$/, '')
    const text = first ? line.slice(first.length) : line
    const paths = [...line.matchAll(/(?:^|[\s(,;])((?:src|demo|test)\/[\w./-]*)/g)].map((m) => m[1]!.replace(/[.,;]$/, ''))
    const files = [...text.matchAll(/(?:^|[\s(,;+])([\w-]+\.ts)\b/g)].map((m) => dir + m[1]!)
    // bare sub-folders, named with what is in them: "destinations/ (vtex-ads, meta, google-ads)"
    const folders = [...text.matchAll(/(?:^|[\s,;])([\w-]+\/) \(/g)].map((m) => dir + m[1]!)
    for (const p of [...paths, ...files, ...folders]) if (!existsSync(join(ROOT, p))) missing.push(`${p} (line "${line.trim()}")`)
    for (const p of paths.filter((x) => x.endsWith('/'))) if (existsSync(join(ROOT, p)) && !statSync(join(ROOT, p)).isDirectory()) missing.push(`${p} is not a folder`)
  }
  expect(missing, `${describeSnippet(s)}: paths that do not exist`).toEqual([])
}

// ---- the tests ----

describe('README.md snippets', () => {
  it('the README has fenced blocks, and every one is of a kind this test runs', () => {
    expect(SNIPPETS.length).toBeGreaterThan(0)
    for (const s of SNIPPETS) expect(() => kindOf(s), describeSnippet(s)).not.toThrow()
    // The stub the other snippets rely on is there.
    expect(stubLine).not.toThrow()
  })

  it('every entry of the placeholder table is still used by a snippet', () => {
    for (const p of PLACEHOLDERS) {
      const used = SNIPPETS.some((s) => s.lang === p.lang && applyPlaceholders(s.code, s.lang, [p]) !== s.code)
      expect(used, `placeholder ${JSON.stringify(p.value)} (${p.why}) no longer appears in a ${p.lang} snippet`).toBe(true)
    }
  })

  for (const s of SNIPPETS) {
    let kind: Kind | 'unknown'
    try {
      kind = kindOf(s)
    } catch {
      kind = 'unknown'
    }
    it(`${describeSnippet(s)}: ${kind}`, async () => {
      switch (kindOf(s)) {
        case 'html-tag':
          return checkHtmlTag(s)
        case 'html-order':
          return checkHtmlOrder(s)
        case 'html-ads':
          return checkHtmlAds(s)
        case 'js-commands':
          return checkJsCommands(s)
        case 'js-esm':
          return checkJsEsm(s)
        case 'sh':
          return checkSh(s)
        case 'tree':
          return checkTree(s)
      }
    })
  }
})
