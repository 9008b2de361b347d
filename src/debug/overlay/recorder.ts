import type { ResolvedConfig } from '../../config'
import type { ConversionRecord } from '../../conversion/part'
import { attempt, now } from '../../util'
import { check, type JsonSchema, type SchemaError } from './json-schema'
import { readTabLog, writeTabLog } from './tab-log'
import { classify, endpointsOf, type Destination } from './targets'

/** One request adbeacon made, and how it left the page. */
export interface RequestRecord {
  /** ms since epoch */
  at: number
  /** The path of the page that sent it. */
  page: string
  /** Sent by an earlier page of this tab. */
  earlier?: boolean
  dest: Destination
  kind: string
  url: string
  /** As sent; undefined for a GET, or for a request sent before the inspector loaded. */
  body?: string
  /** Each attempt, oldest first: "sendBeacon: accepted", "keepalive fetch: handed over", … */
  how: string[]
  /** The VTEX Ads schema check of the body: [] valid; undefined when there is nothing to check. */
  errors?: SchemaError[]
  /** The CSP directive that blocked it, from the page's violation report. */
  blocked?: string
}

/** The project's VTEX Ads request schemas (demo/collector/schema/vtex-ads.ts). */
export interface Schemas {
  conversion: JsonSchema
  adEvent: JsonSchema
}

export interface Recorder {
  /** This page's requests, then the earlier pages' (oldest first within each). */
  list(): RequestRecord[]
  /** A CSP violation: marks the requests to the blocked URL. */
  blocked(uri: string, directive: string): void
}

interface Call {
  seq: number
  url: string
  how: string
  get: boolean
  result?: string
  rec?: RequestRecord
}

const textOf = (data: unknown): Promise<string | undefined> | string | undefined =>
  data == null ? undefined : data instanceof Blob ? data.text() : typeof data == 'string' || data instanceof URLSearchParams ? String(data) : '(binary body)'

/** The VTEX Ads schema check of a body as it leaves: conversions are JSON, ad events form fields. */
function schemaCheck(kind: string, body: string | undefined, schemas: Schemas): SchemaError[] | undefined {
  if (body == null) return undefined
  const parsed = attempt(() => (kind == 'conversion' ? JSON.parse(body) : Object.fromEntries(new URLSearchParams(body))) as unknown, undefined)
  return parsed === undefined ? [{ instancePath: '', keyword: 'json', message: 'the body is not JSON' }] : check(kind == 'conversion' ? schemas.conversion : schemas.adEvent, parsed)
}

/**
 * Watches the page's own sendBeacon and fetch (in the debug build only: adbeacon.js is not
 * touched) and keeps the calls that are adbeacon's. A call is judged after it returns, when the
 * core has listed the ad event it sent; attempts of one request (a beacon refused, then fetch; a
 * fetch retried) are one record. Requests of the tab's earlier pages come from sessionStorage,
 * those made before this file arrived from the Resource Timing entries and the core's list of
 * sent ad events (without their bodies).
 */
export function createRecorder(cfg: () => ResolvedConfig, sent: () => string[], schemas: Schemas, changed: () => void, sales: () => readonly ConversionRecord[] = () => []): Recorder {
  const page = location.pathname
  const earlier = readTabLog()
  const mine: RequestRecord[] = []
  const calls: Call[] = []
  let seq = 0

  const save = () => (writeTabLog(earlier, mine), changed())

  /** A record's attempts in the order they were made (a Blob body is read later than a string one). */
  const refresh = (rec: RequestRecord) => {
    rec.how = calls.filter((c) => c.rec == rec).sort((a, b) => a.seq - b.seq).map((c) => c.how + (c.result ? ': ' + c.result : ''))
    save()
  }

  const settle = (call: Call, body: string | undefined) => {
    const target = classify(call.url, call.get, cfg(), sent())
    if (!target) return
    let rec = mine.find((r) => r.url == call.url && r.body == body && r.dest == target.dest)
    if (!rec) mine.push((rec = { at: now(), page, ...target, url: call.url, body, how: [], errors: target.dest == 'vtex' ? schemaCheck(target.kind, body, schemas) : undefined }))
    calls.push(call)
    refresh((call.rec = rec))
  }

  /** One call seen: judged once it has returned and its body is read; `outcome` may come before or after. */
  const seen = (url: string, how: string, data: unknown, get: boolean, result?: string) => {
    const call: Call = { seq: ++seq, url, how, get, result }
    void Promise.resolve(textOf(data)).then((body) => attempt(() => settle(call, body)))
    return (outcome: string) => {
      call.result = outcome
      if (call.rec) refresh(call.rec)
    }
  }

  attempt(() => {
    const original = navigator.sendBeacon
    if (typeof original == 'function')
      navigator.sendBeacon = function (this: Navigator, url: string | URL, data?: BodyInit | null) {
        let ok: boolean | undefined
        try {
          return (ok = original.call(this, url, data))
        } finally {
          attempt(() => seen(String(url), 'sendBeacon', data, false, ok === undefined ? 'threw' : ok ? 'accepted' : 'refused (over the keepalive quota)'))
        }
      }
  })
  attempt(() => {
    const original = window.fetch
    if (typeof original == 'function')
      window.fetch = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
        const pending = original.call(this, input, init)
        attempt(() => {
          const url = typeof input == 'string' ? input : input instanceof URL ? input.href : input.url
          const done = seen(url, init?.keepalive ? 'keepalive fetch' : 'fetch', init?.body, (init?.method ?? 'GET').toUpperCase() == 'GET')
          pending.then(
            (r) => done(r.type == 'opaque' ? 'handed over (no-cors: the answer cannot be read)' : 'answered ' + r.status),
            () => done('failed (network, or blocked)'),
          )
        })
        return pending
      } as typeof fetch
  })

  // Before this file arrived: what the browser lists (beacon, fetch, img), then the ad events the
  // core says it handed over without the browser listing them yet.
  attempt(() => {
    const how: Record<string, string> = { beacon: 'sendBeacon', fetch: 'fetch', img: 'image' }
    const before = (url: string, by: string, get: boolean) => {
      const target = classify(url, get, cfg(), sent())
      if (target && !mine.some((r) => r.url == url)) mine.push({ at: now(), page, ...target, url, how: [by + ', before the inspector loaded (body not seen)'] })
    }
    const since = performance.now()
    const listed = (entries: PerformanceEntryList) => {
      for (const e of entries as PerformanceResourceTiming[]) if (how[e.initiatorType] && e.startTime < since) before(e.name, how[e.initiatorType]!, e.initiatorType != 'beacon')
    }
    listed(performance.getEntriesByType('resource'))
    for (const s of sent()) before(s.slice(s.indexOf(' ') + 1), 'handed over', false)
    // A sale goes by fetch while the page lives, and Chromium lists no Resource Timing entry for a
    // cross-origin keepalive fetch (seen in test/e2e/overlay.test.ts): the conversion part's
    // result says what became of it.
    for (const r of sales()) {
      const vtex = r.destinations.vtex?.status
      if (vtex == 'sent' || vtex == 'queued') before(endpointsOf(cfg()).vtex, vtex == 'sent' ? 'delivered (2xx)' : 'queued in the outbox', false)
    }
    if (mine.length) save()
    // Resource Timing lists a request once its answer has arrived: a sale sent by fetch just
    // before this file came is listed later (https://www.w3.org/TR/resource-timing/#sec-marking-resource-timing).
    new PerformanceObserver((list) => attempt(() => (listed(list.getEntries()), save()))).observe({ type: 'resource', buffered: true })
  })

  return {
    list: () => mine.concat(earlier),
    blocked(uri, directive) {
      for (const r of mine) if (uri && r.url.startsWith(uri)) r.blocked = directive
      save()
    },
  }
}
