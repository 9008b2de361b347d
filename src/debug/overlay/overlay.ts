import { AD_SELECTOR } from '../../ad-events/ad-events'
import { addAdsResponse, adKey, type AdUrls } from '../../ad-events/registry'
import { SESSION_KEY } from '../../identity/identity'
import { readLanding } from '../../landing/touches'
import type { DebugPlugin } from '../../entries/tag'
import { OUTBOX_KEY, type OutboxEntry } from '../../transport/outbox'
import { attempt, isObject } from '../../util'
import { adName, adState, urlsOfElement } from './ad-states'
import { watchViolations } from './csp'
import { h, time } from './dom'
import { createPanel } from './panel'
import { collectingLogger, setupProblems } from './problems'
import { createRecorder, type Schemas } from './recorder'
import { endpointsOf } from './targets'
import { adsView, logView, requestsView, salesView, setupView, shopperView, type Model } from './views'

type Internals = Parameters<DebugPlugin>[0]

const short = (v: unknown) => (typeof v == 'string' ? v : attempt(() => JSON.stringify(v), String(v)) ?? String(v)).slice(0, 300)

/**
 * Where consent came from, kept up to date by watching the consent and config commands: the
 * command wins over what the tag said at start.
 */
function consentSource({ tracker, options, from }: Internals): () => string {
  let source = from.consent ? `the tag's ${from.consent} attribute` : options.consent !== undefined ? 'a consent command queued before adbeacon.js ran' : 'not given: granted unless the store says otherwise'
  const commands = tracker.commands as unknown as Record<string, (...a: unknown[]) => unknown>
  for (const name of ['consent', 'config']) {
    const run = commands[name]!
    commands[name] = (...args: unknown[]) => {
      if (name == 'consent' || (isObject(args[0]) && 'consent' in args[0])) source = `adbeacon('${name}', ${attempt(() => JSON.stringify(args[0]), '…')}) at ${time(Date.now())}`
      return run(...args)
    }
  }
  return () => source
}

/** The URLs of the ads given to ads() after the inspector arrived (the core keeps its own registry private). */
function watchAds({ tracker }: Internals): (adId: string, sku?: string) => AdUrls | undefined {
  const registry = new Map<string, AdUrls>()
  const commands = tracker.commands as unknown as Record<string, (...a: unknown[]) => unknown>
  const run = commands.ads!
  commands.ads = (response: unknown) => (attempt(() => addAdsResponse(registry, response, collectingLogger([]))), run(response))
  return (id, sku) => registry.get(adKey(id, sku)) ?? registry.get(adKey(id))
}

/** How long each ad element has been at least half in view, as the inspector sees it (ms). */
function watchInView(): { observe(el: Element): void; ms(el: Element): number | undefined } {
  const since = new Map<Element, number>()
  const io = attempt(() => new IntersectionObserver((entries) => entries.forEach((e) => (e.isIntersecting && e.intersectionRatio >= 0.5 ? since.has(e.target) || since.set(e.target, e.time) : since.delete(e.target))), { threshold: [0, 0.5] }))
  return { observe: (el) => io?.observe(el), ms: (el) => (since.has(el) ? performance.now() - since.get(el)! : undefined) }
}

/**
 * The QA inspector: a panel over the store's page showing what adbeacon understood, did and
 * decided on it (requests, sales, ads, setup, shopper, log). Loaded only with the debug build.
 */
export function showOverlay(p: Internals, schemas: Schemas): void {
  const { log, tracker, options, from } = p
  const i = tracker.internals
  const lines: string[] = []
  const warnings: string[] = []
  const note = (kind: string, args: unknown[]) => (lines.push(`${time(Date.now())} ${kind} ${args.map(short).join(' ')}`), lines.length > 400 && lines.shift(), changed())
  const debug = log.debug
  log.debug = (...args) => (note('·', args), debug(...args))
  const hook = log.hook
  log.hook = (code, text, details) => {
    hook?.(code, text, details)
    warnings.push([code + ':', text, ...details.map(short)].join(' '))
    note('warn', [code + ':', text, ...details])
  }

  const consentFrom = consentSource(p)
  const known = watchAds(p)
  const inView = watchInView()
  const csp = new Set<string>()
  const recorder = createRecorder(i.cfg, () => i.ads().sent, schemas, () => changed(), () => i.part()?.results ?? [])
  const ours = () => {
    const c = i.cfg()
    return Object.values(endpointsOf(c)).concat(c.eventHosts).map((u) => attempt(() => new URL(u.includes('//') ? u : 'https://' + u).host, ''))
  }
  watchViolations((url, directive) => {
    const host = attempt(() => new URL(url).host, '')
    if (!/connect-src|default-src/.test(directive) || !(ours().includes(host) || recorder.list().some((r) => r.url.startsWith(url)))) return
    recorder.blocked(url, directive)
    csp.add(`csp: the page's Content-Security-Policy (${directive}) blocked a request to ${host}`)
  })

  const model = (): Model => {
    const cfg = i.cfg()
    const sent = new Set(i.ads().sent)
    const ads = Array.from(document.querySelectorAll(AD_SELECTOR)).slice(0, 500).map((el) => {
      inView.observe(el)
      const urls = urlsOfElement(el, known)
      return { el, name: adName(el, urls), state: adState(el, urls, sent, cfg.eventHosts, inView.ms(el)) }
    })
    const refused = ads.filter((a) => a.state.why).map((a) => `refused host: ${a.name}: ${a.state.why}`)
    return {
      requests: recorder.list(),
      outbox: attempt(() => JSON.parse(i.storage.get(OUTBOX_KEY) ?? '[]') as OutboxEntry[], []),
      sales: i.part()?.results ?? [],
      ads,
      problems: [...new Set(setupProblems(options, from, cfg).concat([...csp], refused))],
      warnings,
      cfg,
      shopper: { sessionId: i.storage.get(SESSION_KEY) ?? 'not created yet: the first event creates it', userId: i.identity.userId(), consent: i.consent(), consentFrom: consentFrom(), landing: readLanding(i.storage, cfg) },
      log: lines,
    }
  }

  const unfolded = new Set<string>()
  const open = { has: (k: string) => unfolded.has(k), toggle: (k: string) => (unfolded.delete(k) || unfolded.add(k), changed()) }
  const tag = document.querySelector('script[src*="adbeacon.js"]')?.getAttribute('data-debug')
  // Opened by ?adbeacon_debug=1 or adbeacon('debug', true): open. With data-debug on the tag (a
  // staging site, the demo with its own inspector): folded into its pill until QA opens it.
  const panel = createPanel(/[?&]adbeacon_debug=1/.test(location.search) || tag == null || tag == 'false', () => changed())
  let m = model()

  const drawBoxes = () =>
    panel.boxes.replaceChildren(
      ...(panel.ui.outline ? m.ads : []).flatMap(({ el, state }) => {
        const r = el.getBoundingClientRect()
        if (!r.width || r.bottom < 0 || r.top > innerHeight) return []
        const box = h('div', 'box ' + state.tone, h('span', '', state.label))
        // CSSOM, not a style attribute: a strict CSP allows it (https://www.w3.org/TR/CSP3/#style-src).
        box.style.transform = `translate(${r.left}px,${r.top}px)`
        box.style.width = r.width + 'px'
        box.style.height = r.height + 'px'
        return [box]
      }),
    )

  const draw = () =>
    attempt(() => {
      m = model()
      const mine = m.requests.filter((r) => !r.earlier).length
      const views: Record<string, () => unknown[]> = { requests: () => requestsView(m, open), sales: () => salesView(m), ads: () => adsView(m), setup: () => setupView(m), shopper: () => shopperView(m), log: () => logView(m) }
      panel.draw(
        [
          ['requests', `Requests ${mine}`],
          ['sales', `Sales ${m.sales.length}`],
          ['ads', `Ads ${m.ads.length}`],
          ['setup', m.problems.length ? h('span', '', 'Setup ', h('i', '', m.problems.length)) : 'Setup'],
          ['shopper', 'Shopper'],
          ['log', 'Log'],
        ],
        () => (views[panel.ui.tab] ?? views.requests!)() as never,
        // Small when folded: it sits over the store's page.
        h('span', '', h('b', '', 'ab'), ` ${mine} `, m.problems.length > 0 && h('i', '', m.problems.length)),
        `adbeacon QA inspector: ${mine} request${mine == 1 ? '' : 's'} on this page, ${m.problems.length} problem${m.problems.length == 1 ? '' : 's'}. Open`,
      )
      drawBoxes()
      panel.save()
    })

  let queued = false
  function changed() {
    if (!queued) (queued = true), setTimeout(() => ((queued = false), draw()), 30)
  }
  addEventListener('scroll', () => panel.ui.outline && requestAnimationFrame(drawBoxes), { capture: true, passive: true })
  addEventListener('resize', () => changed())
  // The ads' states and the sales change without telling anyone: look twice a second while the
  // panel is open, every other second for the folded pill's counts.
  let ticks = 0
  setInterval(() => (panel.ui.open || ++ticks % 4 == 0) && draw(), 500)
  draw()
}
