import { attributeOf, type ResolvedConfig } from '../../config'
import type { ConversionRecord } from '../../conversion/part'
import type { LandingContext } from '../../landing/landing'
import type { OutboxEntry } from '../../transport/outbox'
import type { ConsentState } from '../../types'
import { EXPLANATIONS } from '../messages'
import type { AdState } from './ad-states'
import { bodyText, button, h, markHashes, rows, time, type Kid } from './dom'
import type { RequestRecord } from './recorder'
import { endpointsOf } from './targets'

/** Everything the inspector shows, read afresh at each redraw. */
export interface Model {
  requests: RequestRecord[]
  outbox: OutboxEntry[]
  sales: ConversionRecord[]
  ads: Array<{ el: Element; name: string; state: AdState }>
  problems: string[]
  warnings: string[]
  cfg: ResolvedConfig
  shopper: { sessionId: string; userId?: string; consent: ConsentState; consentFrom: string; landing: LandingContext }
  log: string[]
}

/** Which request rows are unfolded, by key; `toggle` redraws. */
export interface Open {
  has(key: string): boolean
  toggle(key: string): void
}

const NAMES: Record<string, string> = { vtex: 'VTEX Ads', meta: 'Meta', google: 'Google' }
const TONE: Record<string, string> = { sent: 'good', queued: 'warn', duplicate: 'warn', held: 'warn', skipped: 'warn', invalid: 'bad', failed: 'bad' }
const chip = (text: string, tone = '') => h('span', 'c ' + tone, text)
const dest = (d: string) => h('span', 'd ' + d, NAMES[d] ?? d)
const errorList = (errors: Array<{ instancePath: string; message: string }>) => h('ul', '', ...errors.map((e) => h('li', '', `${e.instancePath || '(body)'} ${e.message}`)))

function schemaChip(r: RequestRecord): Kid {
  if (r.dest != 'vtex') return false
  if (!r.errors) return chip('body not seen')
  return r.errors.length ? chip(`schema ✕ ${r.errors.length}`, 'bad') : chip('schema ✓', 'good')
}

function requestRow(r: RequestRecord, open: Open): Kid[] {
  const key = r.at + r.url + (r.body ?? '')
  const last = r.blocked ? `blocked by CSP ${r.blocked}` : (r.how[r.how.length - 1] ?? '')
  const row = button('row' + (r.earlier ? ' earlier' : ''), () => open.toggle(key), 'Show the URL, body and attempts', h('span', 't', time(r.at)), dest(r.dest), h('b', '', r.kind), schemaChip(r), h('span', 'g', last))
  if (!open.has(key)) return [row]
  return [
    row,
    h(
      'div',
      'detail',
      r.earlier && h('div', 'note', 'sent by an earlier page of this tab: ' + r.page),
      h('div', 'url', r.url),
      h('ul', '', ...r.how.map((x) => h('li', '', x)), r.blocked && h('li', '', `blocked by the page's Content-Security-Policy (${r.blocked})`)),
      r.errors?.length ? h('div', '', h('b', '', 'Not valid against the VTEX Ads request schema:'), errorList(r.errors)) : false,
      markHashes(bodyText(r.body, r.url) || '(no body)'),
    ),
  ]
}

export function requestsView(m: Model, open: Open): Kid[] {
  const mine = m.requests.filter((r) => !r.earlier).reverse()
  const earlier = m.requests.filter((r) => r.earlier).reverse()
  return [
    h('h3', '', `This page · ${mine.length}`),
    ...(mine.length ? mine.flatMap((r) => requestRow(r, open)) : [h('div', 'note', 'No request yet.')]),
    earlier.length > 0 && h('h3', '', `Earlier pages of this tab · ${earlier.length}`),
    ...earlier.flatMap((r) => requestRow(r, open)),
    h('h3', '', `Outbox · ${m.outbox.length}`),
    m.outbox.length
      ? h('ul', '', ...m.outbox.map((e) => h('li', '', dest(e.req.destination), ` ${e.req.key ?? e.req.url} · ${e.tries} attempt(s) · until ${new Date(e.expires).toLocaleDateString()}${(e.busy ?? 0) > Date.now() ? ' · being sent' : ''}`)))
      : h('div', 'note', 'Empty: nothing waits for a later page view.'),
    h('p', 'note', "The platforms' answers cannot be seen here: sendBeacon and no-cors requests return none. VTEX Ads' 202 / 422 show in the demo's collector inspector. Hashes are violet."),
  ]
}

export function salesView(m: Model): Kid[] {
  if (!m.sales.length) return [h('div', 'note', 'No conversion on this page.')]
  return m.sales
    .slice()
    .reverse()
    .map((s) =>
      h(
        'div',
        'sale',
        h('div', '', h('b', '', `order ${s.order_id ?? '(none)'} `), chip(s.status, TONE[s.status]), h('span', 't', ' ' + time(Date.parse(s.at)))),
        h('ul', '', ...Object.entries(s.destinations).map(([d, r]) => h('li', '', dest(d), ' ', chip(r!.status, TONE[r!.status]), r!.reason ? ' ' + r!.reason : ''))),
        s.errors?.length ? errorList(s.errors) : false,
      ),
    )
}

export function adsView(m: Model): Kid[] {
  return [
    h('div', 'note', `${m.ads.length} bound ad element(s). "Outline ads" draws each on the page with its state; scroll to watch the rules. Click one to scroll to it.`),
    ...m.ads.map(({ el, name, state }) =>
      button('row', () => el.scrollIntoView({ block: 'center' }), '', h('span', 'g', name), chip(state.label, state.tone == 'bad' ? 'bad' : state.tone == 'wait' ? '' : 'good'), state.why && h('div', 'note', state.why)),
    ),
  ]
}

/** Each option as the store wrote it (its attribute, or the option's name), with its value; the defaults marked. */
function configRows(c: ResolvedConfig): Array<[string, string]> {
  const shown: Array<keyof ResolvedConfig> = ['publisherId', 'conversionUrl', 'eventHosts', 'currency', 'defaultCountry', 'channel', 'brand', 'metaEndpoint', 'googleEndpoint', 'userIdCookie', 'cookieDomain', 'sessionDays', 'attributionDays', 'dedupDays', 'autoBind', 'orderSource', 'consent', 'debug']
  const value = (v: unknown) => (typeof v == 'object' ? JSON.stringify(v) : String(v))
  const out = shown
    .filter((k) => c[k] !== undefined || k == 'conversionUrl')
    .map((k): [string, string] => [c.from[k] ?? attributeOf(k), k == 'conversionUrl' && !c.conversionUrl ? endpointsOf(c).vtex + ' (default)' : value(c[k]) + (c.from[k] ? '' : ' (default)')])
  // tracks as written: the tag's pixel and Google attributes, else the Checkout Pro shape.
  if (c.from.tracks == 'data-*')
    for (const t of c.tracks) for (const [k, v] of Object.entries(t.values)) out.push([k == 'pixel_id' ? 'data-facebook-pixel-id' : 'data-google-' + k.replace('_', '-'), String(v)])
  else if (c.tracks.length) out.push(['tracks', value(c.tracks)])
  return out
}

export function setupView(m: Model): Kid[] {
  return [
    h('h3', '', `Problems · ${m.problems.length}`),
    m.problems.length ? h('ul', '', ...m.problems.map((p) => h('li', 'bad', p))) : h('div', 'note', 'None found.'),
    h('h3', '', 'Configuration as adbeacon understood it'),
    rows(configRows(m.cfg)),
    h('h3', '', `Warnings on this page · ${m.warnings.length}`),
    h('ul', '', ...m.warnings.map((w) => h('li', '', w, h('div', 'note', EXPLANATIONS[w.slice(0, w.indexOf(':'))] ?? '')))),
  ]
}

export function shopperView(m: Model): Kid[] {
  const s = m.shopper
  return [
    rows([
      ['session_id', s.sessionId],
      ['user_id', s.userId],
      ['consent', `ad_storage ${s.consent.ad_storage ?? 'granted (default)'}, ad_user_data ${s.consent.ad_user_data ?? 'granted (default)'}`],
      ['consent from', s.consentFrom],
    ]),
    h('h3', '', `Landing: ad clicks kept · ${s.landing.touches.length}`),
    s.landing.touches.length
      ? h('ul', '', ...s.landing.touches.map((t) => h('li', '', new Date(t.at).toLocaleString() + ' ', h('code', '', Object.entries(t.params).map(([k, v]) => `${k}=${v}`).join(' ')))))
      : h('div', 'note', 'None: no ad click parameters (naid, gclid, fbclid, utm_*) seen in the attribution window.'),
    s.landing.fbc && rows([['fbc', s.landing.fbc]]),
  ]
}

export const logView = (m: Model): Kid[] => [h('div', 'note', 'Newest first: every step adbeacon logs, its warnings too.'), h('pre', 'body', m.log.slice(-200).reverse().join('\n') || 'Nothing logged yet.')]
