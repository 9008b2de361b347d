// The local collector: a stand-in for the VTEX Ads events and ad servers, Meta's /tr and Google's
// /pagead/conversion, on its own port so that the page's beacons are cross-origin, exactly as in
// production. It validates what it receives against the project's own VTEX Ads request schemas
// (demo/collector/schema/, from the published API description), answers like the real servers
// (202 / 422, credentialed CORS) and records everything for the inspector panel and the e2e tests.
// Used by demo/vite.config.ts and by test/e2e.
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { buildGetAdsResponse, createSigner, type GetAdsRequest } from './getads.js'
import { bannerSvg, brandSvg, productSvg } from './images.js'
import { createFaults, resetConnection, type Fault } from './faults.js'
import { checkGoogle, checkMeta } from './platforms.js'
import { loadValidators, type AjvStyleError, type SchemaName } from './validate.js'

export type { AjvStyleError } from './validate.js'
export type { GetAdsRequest } from './getads.js'
export type { Fault } from './faults.js'

export type Destination = 'vtex' | 'meta' | 'google' | 'getads'
export type EventKind = 'conversion' | 'impression' | 'view' | 'click' | 'purchase' | 'getads' | 'preflight' | 'other'

export interface RecordedEvent {
  seq: number
  /** ISO-8601 time of arrival */
  time: string
  destination: Destination
  kind: EventKind
  method: string
  path: string
  /** path + query, as received */
  url: string
  query: Record<string, string>
  headers: { origin?: string; 'content-type'?: string; referer?: string; cookie?: string; 'access-control-request-method'?: string; 'access-control-request-headers'?: string }
  /** parsed JSON, or the form fields as an object, or the raw text when neither parses */
  body: unknown
  rawBody: string
  /** null when the request is not validated (preflights, unknown routes) */
  valid: boolean | null
  errors: AjvStyleError[] | null
  status: number
  adId?: string
  /** For ad event URLs: does `sign` match the URL the Get ads mock handed out? */
  signature?: 'valid' | 'mismatch' | 'absent'
  /** Advice that does not make the request invalid (e.g. Meta Purchase without eid). */
  notes?: string[]
  /** Get ads: the response the mock sent back. */
  response?: unknown
}

export interface Collector {
  /** e.g. http://127.0.0.1:5174 */
  origin: string
  /** Everything received except CORS preflights, oldest first. */
  events(): RecordedEvent[]
  preflights(): RecordedEvent[]
  clear(): void
  /**
   * Resolves with the first recorded (non-preflight) event that matches, whether it already
   * arrived or arrives later; rejects after timeoutMs with a list of what did arrive.
   */
  waitFor(pred: (e: RecordedEvent) => boolean, timeoutMs?: number): Promise<RecordedEvent>
  /**
   * Makes the conversion endpoint fail (faults.ts): 'refuse' (nothing listens), 'reset', 500 or
   * 503; null recovers. A conversion that meets reset / 500 / 503 is recorded with that status
   * (0 for a reset) and valid null.
   */
  fault(fault: Fault | null): Promise<void>
  close(): Promise<void>
}

export interface CollectorOptions {
  /** Default 0 (a free port). */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /** Replaces the Get ads mock's response; `req.eventUrl` builds signed event URLs. */
  getAdsFixture?: (req: GetAdsRequest) => unknown
  /** Log each request to the console (the demo turns this on). */
  log?: boolean
}

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64')
const MAX_BODY = 1024 * 1024

const MESSAGES: Record<string, string> = {
  impression: 'impression will be processed soon',
  view: 'view will be processed soon',
  click: 'click will be processed soon',
  conversion: 'conversion will be processed soon',
}

function destinationOf(path: string): Destination {
  if (path.startsWith('/v1/rma/')) return 'getads'
  if (path === '/tr' || path.startsWith('/tr/')) return 'meta'
  if (path.startsWith('/pagead/')) return 'google'
  return 'vtex'
}

/** Form fields, JSON or text, by content type, as the real servers would read them. */
export function parseBody(raw: string, contentType: string | undefined): { body: unknown; parseError?: string } {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
  if (type === 'application/x-www-form-urlencoded') return { body: Object.fromEntries(new URLSearchParams(raw)) }
  if (type === 'multipart/form-data') {
    const boundary = /boundary=("?)([^";]+)\1/i.exec(contentType ?? '')?.[2]
    const fields: Record<string, string> = {}
    if (boundary) {
      for (const part of raw.split(`--${boundary}`)) {
        const m = /name="([^"]+)"[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n([\s\S]*?)\r?\n?$/.exec(part)
        if (m) fields[m[1]!] = m[2]!
      }
    }
    return { body: fields }
  }
  if (raw === '') return { body: {} }
  // sendBeacon with a plain string sends text/plain;charset=UTF-8: the body is still JSON.
  try {
    return { body: JSON.parse(raw) as unknown }
  } catch {
    return type === 'application/json' || type === 'text/plain' || type === ''
      ? { body: raw, parseError: `body is not valid JSON (content-type ${contentType ?? 'none'})` }
      : { body: raw }
  }
}

function flatten(body: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    for (const [k, v] of Object.entries(body)) out[k] = typeof v === 'string' ? v : JSON.stringify(v)
  }
  return out
}

export async function startCollector(opts: CollectorOptions = {}): Promise<Collector> {
  const validators = loadValidators()
  const signer = createSigner(randomBytes(16).toString('hex'))
  const recorded: RecordedEvent[] = []
  const streams = new Set<ServerResponse>()
  const waiters = new Set<() => void>()
  let seq = 0
  let origin = ''

  const broadcast = (event: string | null, data: unknown) => {
    const frame = `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`
    for (const s of streams) s.write(frame)
  }

  const record = (e: Omit<RecordedEvent, 'seq' | 'time'>): RecordedEvent => {
    const full: RecordedEvent = { seq: ++seq, time: new Date().toISOString(), ...e }
    recorded.push(full)
    broadcast(null, full)
    if (opts.log) {
      const verdict = full.valid === null ? '' : full.valid ? ' ✓' : ` ✗ ${full.errors?.map((x) => `${x.instancePath || '/'} ${x.message}`).join('; ')}`
      console.log(`[collector] ${full.method} ${full.path} → ${full.status} ${full.destination}/${full.kind}${verdict}`)
    }
    for (const w of waiters) w()
    return full
  }

  const cors = (req: IncomingMessage): Record<string, string> => {
    const o = req.headers.origin
    // A credentialed request (sendBeacon always is) needs the origin echoed, never "*".
    return o
      ? { 'access-control-allow-origin': o, 'access-control-allow-credentials': 'true', vary: 'Origin' }
      : { 'access-control-allow-origin': '*', vary: 'Origin' }
  }

  const send = (req: IncomingMessage, res: ServerResponse, status: number, body: unknown, type = 'application/json') => {
    const payload = Buffer.isBuffer(body) ? body : typeof body === 'string' ? body : JSON.stringify(body)
    res.writeHead(status, { ...cors(req), 'content-type': type, 'cache-control': 'no-store' })
    res.end(payload)
  }

  const readBody = (req: IncomingMessage) =>
    new Promise<string>((ok, fail) => {
      const chunks: Buffer[] = []
      let size = 0
      req.on('data', (c: Buffer) => {
        size += c.length
        if (size > MAX_BODY) {
          fail(new Error('body too large'))
          req.destroy()
        } else chunks.push(c)
      })
      req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')))
      req.on('error', fail)
    })

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const method = (req.method ?? 'GET').toUpperCase()
    const rawUrl = req.url ?? '/'
    const url = new URL(rawUrl, 'http://collector.invalid')
    const path = url.pathname
    const query = Object.fromEntries(url.searchParams)
    const h = req.headers
    const headers: RecordedEvent['headers'] = {}
    for (const name of ['origin', 'content-type', 'referer', 'cookie', 'access-control-request-method', 'access-control-request-headers'] as const) {
      const v = h[name]
      if (typeof v === 'string') headers[name] = v
    }
    const base = { method, path, url: rawUrl, query, headers }

    // ---- the collector's own API (inspector, tests) ----
    if (path.startsWith('/__collector/')) {
      if (method === 'OPTIONS') {
        res.writeHead(204, { ...cors(req), 'access-control-allow-methods': 'GET, POST, OPTIONS', 'access-control-allow-headers': h['access-control-request-headers'] ?? '' }).end()
        return
      }
      if (path === '/__collector/events' && method === 'GET') return send(req, res, 200, recorded)
      if (path === '/__collector/clear' && method === 'POST') {
        recorded.length = 0
        broadcast('clear', {})
        return send(req, res, 200, { cleared: true })
      }
      if (path === '/__collector/health') return send(req, res, 200, { ok: true, schema: validators.source })
      if (path === '/__collector/stream' && method === 'GET') {
        res.writeHead(200, { ...cors(req), 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
        res.write(`retry: 1500\n\nevent: snapshot\ndata: ${JSON.stringify(recorded)}\n\n`)
        streams.add(res)
        const ping = setInterval(() => res.write(': ping\n\n'), 15_000)
        req.on('close', () => {
          clearInterval(ping)
          streams.delete(res)
        })
        return
      }
      const img = /^\/__collector\/img\/(product|banner|brand)\/([\w-]+)\.svg$/.exec(path)
      if (img && method === 'GET') {
        const svg = img[1] === 'product' ? productSvg(img[2]!) : img[1] === 'banner' ? bannerSvg(Number(img[2])) : brandSvg(Number(img[2]))
        if (!svg) return send(req, res, 404, { error: 'no such image' })
        res.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'max-age=3600', 'access-control-allow-origin': '*' })
        res.end(svg)
        return
      }
      return send(req, res, 404, { error: 'unknown collector route' })
    }

    const destination = destinationOf(path)

    // ---- CORS preflight, answered as a real credentialed server does ----
    if (method === 'OPTIONS') {
      res.writeHead(204, {
        ...cors(req),
        'access-control-allow-methods': 'POST, GET, OPTIONS',
        'access-control-allow-headers': h['access-control-request-headers'] ?? '',
        'access-control-max-age': '0',
      })
      res.end()
      const beacon = /^\/v1\/beacon\/(?:impression|view|click)\/([^/]+)$/.exec(path)
      record({ ...base, destination, kind: 'preflight', body: null, rawBody: '', valid: null, errors: null, status: 204, ...(beacon ? { adId: decodeURIComponent(beacon[1]!) } : {}) })
      return
    }

    let rawBody = ''
    try {
      rawBody = method === 'GET' || method === 'HEAD' ? '' : await readBody(req)
    } catch {
      return send(req, res, 413, { error: 'body too large' })
    }
    const { body, parseError } = parseBody(rawBody, headers['content-type'])
    const parseErrors: AjvStyleError[] | null = parseError ? [{ instancePath: '', keyword: 'parse', message: parseError, params: {}, schemaPath: '#' }] : null

    // ---- VTEX Ads events ----
    const beacon = /^\/v1\/beacon\/(impression|view|click)\/([^/]+)$/.exec(path)
    if (beacon || path === '/v1/beacon/conversion') {
      const kind = (beacon ? beacon[1] : 'conversion') as 'impression' | 'view' | 'click' | 'conversion'
      const extra = beacon ? { adId: decodeURIComponent(beacon[2]!), signature: signer.check(rawUrl) } : {}
      if (method !== 'POST') {
        send(req, res, 405, { messages: [`${method} is not allowed; use POST`] })
        record({ ...base, destination, kind, body, rawBody, valid: false, errors: [{ instancePath: '', keyword: 'method', message: `must be POST, got ${method}`, params: { method }, schemaPath: '#' }], status: 405, ...extra })
        return
      }
      const fault = kind === 'conversion' ? faults.current() : null
      if (fault) {
        if (fault === 'reset') resetConnection(req)
        else send(req, res, fault, { messages: ['unavailable (a fault the test asked for)'] })
        record({ ...base, destination, kind, body, rawBody, valid: null, errors: null, status: fault === 'reset' ? 0 : fault, notes: [`fault: ${fault}`] })
        return
      }
      if (parseErrors) {
        send(req, res, 400, parseErrors)
        record({ ...base, destination, kind, body, rawBody, valid: false, errors: parseErrors, status: 400, ...extra })
        return
      }
      const errors = validators.validate(kind as SchemaName, body)
      const status = errors ? 422 : 202
      send(req, res, status, errors ?? { messages: [MESSAGES[kind]] })
      const notes: string[] = []
      if (extra.signature === 'mismatch') notes.push('the URL is not the one Get ads returned (its sign does not match): never build or edit event URLs')
      record({ ...base, destination, kind, body, rawBody, valid: !errors, errors, status, ...extra, ...(notes.length ? { notes } : {}) })
      return
    }

    // ---- VTEX Ads Get ads mock ----
    const rma = /^\/v1\/rma\/([^/]+)$/.exec(path)
    if (rma) {
      const publisherId = decodeURIComponent(rma[1]!)
      if (method !== 'POST') return send(req, res, 405, { messages: ['use POST'] })
      const errors = parseErrors ?? validators.validate('getads', body)
      if (errors) {
        send(req, res, parseErrors ? 400 : 422, errors)
        record({ ...base, destination, kind: 'getads', body, rawBody, valid: false, errors, status: parseErrors ? 400 : 422 })
        return
      }
      const adsReq: GetAdsRequest = {
        publisherId,
        body: body as Record<string, unknown>,
        collectorOrigin: origin,
        pageOrigin: headers.origin && headers.origin !== 'null' ? headers.origin : '',
        eventUrl: (kind, adId, params) => signer.url(origin, `/v1/beacon/${kind}/${encodeURIComponent(adId)}`, params),
      }
      let response: unknown
      try {
        response = opts.getAdsFixture ? opts.getAdsFixture(adsReq) : buildGetAdsResponse(adsReq)
      } catch (e) {
        send(req, res, 500, { error: String(e) })
        return
      }
      send(req, res, 200, response)
      record({ ...base, destination, kind: 'getads', body, rawBody, valid: true, errors: null, status: 200, response })
      return
    }

    // ---- Meta pixel ----
    if (path === '/tr' || path === '/tr/') {
      const fields = { ...query, ...flatten(body) }
      const { errors, notes } = checkMeta(fields)
      res.writeHead(200, { ...cors(req), 'content-type': 'image/gif', 'cache-control': 'no-store' }).end(GIF)
      record({ ...base, destination, kind: fields.ev === 'Purchase' ? 'purchase' : 'other', body, rawBody, valid: errors.length === 0, errors: errors.length ? errors : null, status: 200, ...(notes.length ? { notes } : {}) })
      return
    }

    // ---- Google Ads conversion pixel ----
    const google = /^\/pagead\/conversion\/([^/]+)\/?$/.exec(path)
    if (google) {
      const fields = { ...query, ...flatten(body) }
      const { errors, notes } = checkGoogle(decodeURIComponent(google[1]!), fields)
      res.writeHead(200, { ...cors(req), 'content-type': 'image/gif', 'cache-control': 'no-store' }).end(GIF)
      record({ ...base, destination, kind: 'conversion', body, rawBody, valid: errors.length === 0, errors: errors.length ? errors : null, status: 200, ...(notes.length ? { notes } : {}) })
      return
    }

    // Anything else under the platforms' paths is recorded, so a wrong URL shows up in QA.
    if (path.startsWith('/v1/') || path.startsWith('/pagead/')) {
      send(req, res, 404, { messages: ['not found'] })
      record({ ...base, destination, kind: 'other', body, rawBody, valid: false, errors: [{ instancePath: '', keyword: 'route', message: `no such endpoint: ${method} ${path}`, params: {}, schemaPath: '#' }], status: 404 })
      return
    }
    send(req, res, 404, { error: 'not found' })
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      try {
        if (!res.headersSent) send(req, res, 500, { error: String(e) })
        else res.end()
      } catch {
        /* connection gone */
      }
    })
  })
  const host = opts.host ?? '127.0.0.1'
  await new Promise<void>((ok, fail) => {
    server.once('error', fail)
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', fail)
      ok()
    })
  })
  const { port } = server.address() as AddressInfo
  const faults = createFaults(server, () => port, host)
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host
  origin = `http://${shownHost}:${port}`

  const events = () => recorded.filter((e) => e.kind !== 'preflight')

  return {
    origin,
    events,
    preflights: () => recorded.filter((e) => e.kind === 'preflight'),
    clear() {
      recorded.length = 0
      broadcast('clear', {})
    },
    waitFor(pred, timeoutMs = 5000) {
      return new Promise<RecordedEvent>((ok, fail) => {
        let timer: ReturnType<typeof setTimeout> | undefined
        let poll: ReturnType<typeof setInterval> | undefined
        const check = () => {
          const hit = events().find((e) => {
            try {
              return pred(e)
            } catch {
              return false
            }
          })
          if (!hit) return
          done()
          ok(hit)
        }
        const done = () => {
          waiters.delete(check)
          if (timer) clearTimeout(timer)
          if (poll) clearInterval(poll)
        }
        waiters.add(check)
        poll = setInterval(check, 50)
        timer = setTimeout(() => {
          done()
          const seen = recorded.map((e) => `  #${e.seq} ${e.method} ${e.url} → ${e.status} ${e.destination}/${e.kind}${e.valid === false ? ' (invalid)' : ''}`)
          fail(new Error(`collector.waitFor: nothing matched within ${timeoutMs} ms. Received ${recorded.length} request(s):\n${seen.join('\n') || '  (none)'}`))
        }, timeoutMs)
        check()
      })
    },
    fault: (f) => faults.set(f),
    close() {
      for (const s of streams) s.end()
      streams.clear()
      if (!faults.listening()) return Promise.resolve()
      return new Promise<void>((ok) => {
        server.closeAllConnections()
        server.close(() => ok())
      })
    },
  }
}
