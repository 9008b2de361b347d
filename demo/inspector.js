// The QA inspector: a drawer on every demo page, fed live by the collector's server-sent events.
// It shows what adbeacon sent (time, destination, kind, URL, body), whether the platform would
// take it (202 / 422 and the errors), and the tracker's own view of the shopper.
// Plain DOM, no framework; everything namespaced "adbi".

const collector = document.querySelector('meta[name="demo-collector"]')?.getAttribute('content') || ''
const OPEN_KEY = 'demo_inspector_open'
const MAX_EVENTS = 600

const DEST = { vtex: 'VTEX Ads', meta: 'Meta', google: 'Google', getads: 'Get ads' }
const FILTERS = [
  ['all', 'All'],
  ['vtex', 'VTEX'],
  ['meta', 'Meta'],
  ['google', 'Google'],
  ['getads', 'Get ads'],
]
// Request-side parameters of a Checkout Pro return or an ad click, dropped by "Start over".
const LANDING_PARAMS = /^(naid|ncid|gadv_id|gclid|gbraid|wbraid|fbclid|utm_.*|collection_id|collection_status|payment_id|status|external_reference|payment_type|merchant_order_id|preference_id|site_id|processing_mode|merchant_account_id)$/

const AD_TYPE = { product: 'product', banner: 'banner', sponsored_brand: 'brand', digital_signage: 'signage' }
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

let events = []
let filter = 'all'
let showPreflights = false
let problemsOnly = false
// Remembered per browser; the first visit opens it only where it fits beside the page.
const savedOpen = (() => {
  try {
    return localStorage.getItem(OPEN_KEY)
  } catch {
    return null
  }
})()
let open = savedOpen === null ? window.matchMedia('(min-width: 1100px)').matches : savedOpen !== 'false'
let lastState = ''
let lastDecisions = ''
// Requests received before this page started loading belong to earlier pages.
const PAGE_START = Math.floor(performance.timeOrigin || Date.now())
let connection = 'connecting'

// ---------- formatting ----------
function time(iso) {
  const d = new Date(iso)
  const p = (n, w = 2) => String(n).padStart(w, '0')
  return `<span title="${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}">${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}</span>`
}

function short(id, n = 8) {
  const s = String(id ?? '')
  return s.length > n + 2 ? `${s.slice(0, n)}…` : s
}

const money = (v, currency = 'BRL') => {
  const n = Number(v)
  if (!Number.isFinite(n)) return esc(v)
  try {
    return new Intl.NumberFormat('pt-BR', { style: 'currency', currency }).format(n)
  } catch {
    return `${n.toFixed(2)} ${esc(currency)}`
  }
}

/** JSON with syntax colours (keys, strings, numbers, literals); 64-hex digests are marked. */
function highlight(value) {
  const json = typeof value === 'string' ? value : JSON.stringify(value, null, 2)
  if (json === undefined) return ''
  return esc(json).replace(
    /(&#34;(?:[^&]|&(?!#34;))*?&#34;)(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g,
    (m, str, colon, lit, num) => {
      if (str) {
        if (colon) return `<span class="k">${str}</span>${colon}`
        const hash = /^&#34;[0-9a-f]{64}&#34;$/.test(str)
        return `<span class="s${hash ? ' h' : ''}"${hash ? ' title="SHA-256 hex"' : ''}>${str}</span>`
      }
      if (lit) return `<span class="l">${lit}</span>`
      if (num) return `<span class="n">${num}</span>`
      return m
    },
  )
}

function currentState() {
  try {
    return typeof window.adbeacon?.debugState === 'function' ? window.adbeacon.debugState() : undefined
  } catch {
    return undefined
  }
}

/** One line that says what the request was about. */
function gist(e) {
  const b = e.body && typeof e.body === 'object' ? e.body : {}
  const q = e.query || {}
  switch (e.destination) {
    case 'vtex':
      if (e.kind === 'conversion') {
        const items = Array.isArray(b.items) ? b.items : []
        const total = items.reduce((s, it) => s + Number(it.promotional_price || 0) * Number(it.quantity || 0), 0)
        const sid = currentState()?.sessionId
        const same = sid && b.session_id === sid
        return `order <b>${esc(b.order_id ?? '?')}</b> · ${items.length} item${items.length === 1 ? '' : 's'} · ${money(Math.round(total * 100) / 100)}${b.session_id ? ` · <span class="adbi-chip ${same ? 'ok' : 'warn'}" title="session_id in the body${same ? ' is this browser\'s' : ' differs from this browser\'s'}">session ${same ? '= this browser' : short(b.session_id)}</span>` : ''}`
      }
      if (e.kind === 'preflight') return `CORS preflight · ${esc(e.headers?.['access-control-request-headers'] || '')}`
      return `<span class="dim">${esc(AD_TYPE[q.ad_type] ?? q.ad_type ?? 'ad')}</span> <b>${esc(short(e.adId))}</b>${q.product_sku ? ` · sku ${esc(q.product_sku)}` : ''}${q.pname ? ` · <span class="dim">${esc(q.pname)}</span>` : ''}`
    case 'meta':
      if (e.kind === 'preflight') return 'CORS preflight'
      return `<b>${esc(q.ev ?? b.ev ?? '?')}</b>${q['cd[value]'] ? ` · ${money(q['cd[value]'], q['cd[currency]'] || 'BRL')}` : ''}${q.eid ? ` · eid ${esc(q.eid)}` : ''} · pixel ${esc(q.id ?? b.id ?? '?')}`
    case 'google': {
      if (e.kind === 'preflight') return 'CORS preflight'
      const id = (/\/pagead\/conversion\/([^/]+)/.exec(e.path) || [])[1]
      return `conversion <b>${esc(id ?? '?')}/${esc(q.label ?? '?')}</b>${q.value ? ` · ${money(q.value, q.currency_code || 'BRL')}` : ''}${q.oid ? ` · oid ${esc(q.oid)}` : ''}`
    }
    case 'getads': {
      if (e.kind === 'preflight') return 'CORS preflight'
      const r = e.response && typeof e.response === 'object' ? e.response : {}
      const n = Object.values(r).filter(Array.isArray).reduce((s, a) => s + a.length, 0)
      return `${esc(b.context ?? '')}${b.term ? ` “${esc(b.term)}”` : ''}${b.product_sku ? ` sku ${esc(b.product_sku)}` : ''} · ${n} ads in ${Object.values(r).filter(Array.isArray).length} placements`
    }
  }
  return esc(e.path)
}

function sessionNote(e) {
  const sid = currentState()?.sessionId
  const body = e.body && typeof e.body === 'object' ? e.body : {}
  if (!sid || !body.session_id) return ''
  return body.session_id === sid ? ' · session_id is this browser\'s' : ' · <span class="warn">session_id differs from this browser\'s</span>'
}

function statusPill(e) {
  if (e.kind === 'preflight') return `<span class="adbi-status pre">${e.status}</span>`
  if (e.valid === false) return `<span class="adbi-status bad">✕ ${e.status}</span>`
  if (e.valid === true) return `<span class="adbi-status ok">✓ ${e.status}</span>`
  return `<span class="adbi-status pre">${e.status}</span>`
}

const earlier = (e) => Date.parse(e.time) < PAGE_START - 250

function eventHtml(e) {
  const past = earlier(e)
  const important = !past && (e.valid === false || e.kind === 'conversion' || e.kind === 'purchase')
  const errors = e.errors?.length
    ? `<div class="adbi-errors"><div class="adbi-label">${e.errors.length} validation error${e.errors.length === 1 ? '' : 's'}${e.destination === 'vtex' || e.destination === 'getads' ? ' (the VTEX Ads API answers the same 422)' : ''}</div><ul>${e.errors
        .map((x) => `<li><code>${esc(x.instancePath || '/')}</code> ${esc(x.message)}${x.params && Object.keys(x.params).length ? ` <span class="dim">${esc(JSON.stringify(x.params))}</span>` : ''}</li>`)
        .join('')}</ul></div>`
    : ''
  const notes = (e.notes || []).map((n) => `<div class="adbi-note">⚠ ${esc(n)}</div>`).join('')
  const against = e.destination === 'vtex' || e.destination === 'getads' ? 'the VTEX Ads request schema (demo/collector/schema)' : `the collector's ${DEST[e.destination]} checks`
  const verdict = e.valid === true ? `<div class="adbi-verdict ok">✓ valid against ${against}${e.kind === 'conversion' && e.destination === 'vtex' ? sessionNote(e) : ''}</div>` : ''
  const sig = e.signature ? `<span class="adbi-chip ${e.signature === 'valid' ? 'ok' : e.signature === 'mismatch' ? 'bad' : ''}" title="Is this exactly the URL Get ads returned?">sign ${e.signature === 'valid' ? '✓ as returned' : e.signature}</span>` : ''
  const headers = Object.entries(e.headers || {})
    .filter(([k]) => k !== 'cookie')
    .map(([k, v]) => `<span class="adbi-h"><span class="dim">${esc(k)}:</span> ${esc(v)}</span>`)
    .join('')
  // Cookies sent along (sendBeacon always sends credentials): names only, values on hover.
  const cookie = e.headers?.cookie
    ? `<span class="adbi-h" title="${esc(e.headers.cookie)}"><span class="dim">cookie:</span> ${esc(e.headers.cookie.split(';').map((c) => c.split('=')[0].trim()).join(', '))}</span>`
    : ''
  const body = e.kind === 'preflight' ? '' : `<div class="adbi-label">${e.kind === 'getads' ? 'request body' : 'body'} <span class="dim">${esc(e.headers?.['content-type'] || (e.method === 'GET' ? 'query string' : ''))}</span><button class="adbi-copy" data-copy="${e.seq}" type="button">copy</button></div>
    <pre class="adbi-json">${highlight(e.method === 'GET' && (!e.rawBody || e.rawBody === '') ? e.query : e.body)}</pre>`
  const response = e.response ? `<details class="adbi-sub"><summary>response</summary><pre class="adbi-json">${highlight(e.response)}</pre></details>` : ''
  return `<details class="adbi-ev${past ? ' past' : ''}" data-seq="${e.seq}" data-dest="${e.destination}" data-kind="${e.kind}" data-valid="${e.valid}" data-page="${past ? 'earlier' : 'this'}" ${important ? 'open' : ''} title="${past ? 'sent from an earlier page' : 'sent from this page'}">
    <summary>
      <span class="adbi-time">${time(e.time)}</span>
      <span class="adbi-dest ${e.destination}">${esc(e.destination === 'getads' ? 'ads' : e.destination)}</span>
      <span class="adbi-kind">${esc(e.kind)}</span>
      ${statusPill(e)}
      <span class="adbi-gist">${past && (e.kind === 'conversion' || e.kind === 'purchase' || e.destination === 'google') ? '<span class="adbi-chip" title="Sent before this page loaded">earlier page</span> ' : ''}${gist(e)}</span>
    </summary>
    <div class="adbi-detail">
      ${verdict}${errors}${notes}
      <div class="adbi-url"><b>${esc(e.method)}</b> ${esc(e.url)} ${sig}</div>
      <div class="adbi-headers">${headers}${cookie}</div>
      ${body}${response}
    </div>
  </details>`
}

// ---------- the drawer ----------
const root = document.createElement('aside')
root.id = 'adb-inspector'
root.className = 'adbi'
root.setAttribute('aria-label', 'adbeacon inspector')
root.innerHTML = `
  <button class="adbi-tab" type="button" data-action="toggle" title="Show the adbeacon inspector" aria-label="Show the adbeacon inspector">
    <span class="adbi-dot"></span><span class="adbi-tab-label">adbeacon</span><span class="adbi-logo adbi-tab-logo" aria-hidden="true">ab</span><b data-count>0</b><i data-bad hidden>0</i>
  </button>
  <div class="adbi-panel">
    <header class="adbi-head">
      <div class="adbi-title"><span class="adbi-logo">ab</span><div><strong>adbeacon inspector</strong><span class="adbi-conn" data-conn>connecting…</span><span class="adbi-build" data-build data-testid="inspector-build" title="When dist/adbeacon.js was built: npm run build / npm test replace it while the demo runs"></span></div></div>
      <button class="adbi-icon" type="button" data-action="toggle" title="Hide the inspector">⟩</button>
    </header>
    <section class="adbi-decision" data-decision data-testid="inspector-decision"></section>
    <section class="adbi-shopper" data-shopper></section>
    <div class="adbi-actions">
      <button type="button" class="adbi-btn danger" data-action="start-over" title="Clears localStorage, sessionStorage, the adb_ cookies and the collector's log, then reloads">↺ Start over as a new shopper</button>
      <button type="button" class="adbi-btn" data-action="clear-log" title="Empties the collector's log only">Clear log</button>
    </div>
    <div class="adbi-summary" data-summary></div>
    <nav class="adbi-filters">
      <div class="adbi-seg" data-filters></div>
      <label class="adbi-toggle"><input type="checkbox" data-opt="problems"> problems only</label>
      <label class="adbi-toggle"><input type="checkbox" data-opt="preflights"> preflights</label>
    </nav>
    <div class="adbi-feed" data-feed><div class="adbi-empty">Waiting for the first request…</div></div>
  </div>`

const $ = (sel) => root.querySelector(sel)

function setOpen(v) {
  open = v
  root.classList.toggle('open', open)
  document.body.classList.toggle('adbi-open', open)
  try {
    localStorage.setItem(OPEN_KEY, String(open))
  } catch {
    /* storage blocked */
  }
}

function visible(e) {
  if (e.kind === 'preflight' && !showPreflights) return false
  if (filter !== 'all' && e.destination !== filter) return false
  if (problemsOnly && e.valid !== false && !(e.notes && e.notes.length) && e.signature !== 'mismatch') return false
  return true
}

function renderFilters() {
  const counts = { all: 0, vtex: 0, meta: 0, google: 0, getads: 0 }
  for (const e of events) {
    if (e.kind === 'preflight') continue
    counts.all++
    counts[e.destination] = (counts[e.destination] || 0) + 1
  }
  $('[data-filters]').innerHTML = FILTERS.map(([id, label]) => `<button type="button" class="${filter === id ? 'on' : ''}" data-filter="${id}">${label}<span>${counts[id] || 0}</span></button>`).join('')
}

function renderSummary() {
  const real = events.filter((e) => e.kind !== 'preflight')
  const by = (pred) => real.filter(pred).length
  const bad = by((e) => e.valid === false)
  const items = [
    ['impressions', by((e) => e.destination === 'vtex' && e.kind === 'impression')],
    ['views', by((e) => e.destination === 'vtex' && e.kind === 'view')],
    ['clicks', by((e) => e.destination === 'vtex' && e.kind === 'click')],
    ['conversions', by((e) => e.destination === 'vtex' && e.kind === 'conversion')],
    ['Meta/Google', by((e) => e.destination === 'meta' || e.destination === 'google')],
  ]
  $('[data-summary]').innerHTML =
    items.map(([label, n]) => `<span class="${n ? '' : 'zero'}"><b>${n}</b> ${n === 1 && label.endsWith('s') ? label.slice(0, -1) : label}</span>`).join('') +
    `<span class="${bad ? 'bad' : 'good'}"><b>${bad}</b> rejected</span>`
  $('[data-count]').textContent = String(real.length)
  const badge = $('[data-bad]')
  badge.hidden = !bad
  badge.textContent = String(bad)
}

function renderFeed() {
  const feed = $('[data-feed]')
  const shown = events.filter(visible)
  feed.innerHTML = shown.length
    ? shown.slice().reverse().map(eventHtml).join('')
    : `<div class="adbi-empty">${events.length ? 'Nothing matches the filter.' : 'No requests yet. Browse the store: ad impressions, clicks and the conversion show up here as the collector receives them.'}</div>`
}

function renderAll() {
  renderFilters()
  renderSummary()
  renderFeed()
}

function addEvent(e) {
  events.push(e)
  if (events.length > MAX_EVENTS) events = events.slice(-MAX_EVENTS)
  renderFilters()
  renderSummary()
  if (!visible(e)) return
  const feed = $('[data-feed]')
  feed.querySelector('.adbi-empty')?.remove()
  feed.insertAdjacentHTML('afterbegin', eventHtml(e))
  const row = feed.firstElementChild
  row?.classList.add('fresh')
  setTimeout(() => row?.classList.remove('fresh'), 1200)
}

function renderShopper() {
  const st = currentState()
  renderDecision(st)
  const json = JSON.stringify(st ?? null)
  if (json === lastState) return
  lastState = json
  const box = $('[data-shopper]')
  if (!st) {
    box.innerHTML = `<div class="adbi-kv"><span>tracker</span><span class="dim">${window.adbeacon && window.adbeacon.loaded ? 'loaded, but it exposes no debugState()' : 'adbeacon.js has not loaded (yet)'}</span></div>`
    return
  }
  const touches = st.landing?.touches || []
  const landing = touches.length
    ? touches
        .map((t) => `<div class="adbi-touch"><span class="dim">${esc(new Date(t.at).toLocaleString())}</span>${Object.entries(t.params || {})
          .map(([k, v]) => `<span class="adbi-param" title="${esc(v)}"><b>${esc(k)}</b>${esc(short(v, 14))}</span>`)
          .join('')}</div>`)
        .join('')
    : '<span class="dim">no ad click remembered: arrive through a landing link on the home page</span>'
  const consent = st.consent && Object.keys(st.consent).length ? Object.entries(st.consent).map(([k, v]) => `${esc(k)}=${esc(v)}`).join(' ') : 'default'
  box.innerHTML = `
    <div class="adbi-kv"><span>session_id</span><code data-testid="inspector-session">${esc(st.sessionId)}</code></div>
    <div class="adbi-kv"><span>user_id</span>${st.userId ? `<code>${esc(st.userId)}</code>` : '<span class="dim">not identified (the conversion uses the hashed e-mail)</span>'}</div>
    <div class="adbi-kv"><span>landing</span><div>${landing}${st.landing?.fbc ? `<div class="adbi-touch"><span class="adbi-param"><b>fbc</b>${esc(st.landing.fbc)}</span></div>` : ''}</div></div>
    ${st.ads && (st.ads.ads || st.ads.elements) ? `<div class="adbi-kv"><span>this page</span><span>${esc(st.ads.ads)} ads bound · ${esc(st.ads.elements)} ad elements watched · ${esc(st.ads.sent?.length ?? 0)} events sent</span></div>` : ''}
    <div class="adbi-kv"><span>outbox</span><span>${esc(st.outbox ?? 0)} waiting · consent ${consent}</span></div>`
}

// ---------- this page's decision ----------
const STATUS_TEXT = {
  sent: 'sent',
  queued: 'queued (outbox)',
  duplicate: 'duplicate · not sent again',
  held: 'held by rule',
  invalid: 'invalid · nothing sent',
  failed: 'failed · nothing sent',
  skipped: 'skipped',
}
const STATUS_CLASS = { sent: 'ok', queued: 'warn', duplicate: 'dup', held: 'warn', invalid: 'bad', failed: 'bad', skipped: 'dup' }
const DEST_ORDER = ['vtex', 'meta', 'google']
const hasOrderBlock = () => !!document.querySelector('script[type="application/json"][data-adbeacon-order]')

function decisionHtml(c) {
  const dests = DEST_ORDER.filter((d) => c.destinations?.[d]).map((d) => {
    const r = c.destinations[d]
    return `<div class="adbi-dec-dest" data-dest="${d}" data-status="${esc(r.status)}"><span class="adbi-dest ${d}">${d}</span><span class="adbi-pill ${STATUS_CLASS[r.status] || ''}">${esc(STATUS_TEXT[r.status] || r.status)}</span><span class="adbi-reason">${esc(r.reason || (r.status === 'sent' ? 'delivered: the platform answered 2xx, or took it by fbq / gtag (see the feed)' : ''))}</span></div>`
  }).join('')
  const errors = c.errors?.length
    ? `<ul class="adbi-dec-errors">${c.errors.map((x) => `<li>${x.path || x.instancePath ? `<code>${esc(x.path || x.instancePath)}</code> ` : ''}${esc(x.message || JSON.stringify(x))}</li>`).join('')}</ul>`
    : ''
  return `<div class="adbi-dec" data-status="${esc(c.status)}" data-order="${esc(c.order_id ?? '')}">
    <div class="adbi-dec-head"><span class="adbi-pill big ${STATUS_CLASS[c.status] || ''}">${esc(STATUS_TEXT[c.status] || c.status)}</span><span>order <b>${esc(c.order_id ?? '(no id)')}</b></span><span class="dim adbi-dec-time">${c.at ? time(c.at) : ''}</span></div>
    ${dests}${errors}</div>`
}

function renderDecision(st) {
  const list = st?.conversions || []
  const key = JSON.stringify([!!st, list, hasOrderBlock()])
  if (key === lastDecisions) return
  lastDecisions = key
  const box = $('[data-decision]')
  let body
  if (list.length) body = list.slice().reverse().map(decisionHtml).join('')
  else if (!st) body = `<div class="adbi-dec-none">${hasOrderBlock() ? 'an order is on this page, but adbeacon.js has not run (yet)' : 'adbeacon.js has not loaded (yet)'}</div>`
  else if (hasOrderBlock()) body = '<div class="adbi-dec-none">an order is on this page; the tracker has not decided yet…</div>'
  else body = '<div class="adbi-dec-none">no order on this page: nothing to decide</div>'
  box.dataset.state = list.length ? list[list.length - 1].status : 'none'
  box.innerHTML = `<div class="adbi-label">This page · conversion decision${list.length > 1 ? ` <span class="dim">${list.length}, newest first</span>` : ''}</div>${body}`
}

async function showBuild() {
  try {
    const r = await fetch('/adbeacon.js', { method: 'HEAD', cache: 'no-store' })
    const built = r.headers.get('x-adbeacon-built') || r.headers.get('last-modified')
    const hash = r.headers.get('x-adbeacon-hash')
    if (!built) return
    const d = new Date(built)
    const el = $('[data-build]')
    el.textContent = `adbeacon.js built ${d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })}${hash ? ` #${hash}` : ''}`
    el.title = `dist/adbeacon.js built ${d.toLocaleString()}${hash ? `, sha256 ${hash}…` : ''}. npm run build / npm test replace it while the demo runs: reload to use the new one.`
  } catch {
    /* not served by the demo */
  }
}

async function startOver() {
  try {
    window.adbeacon?.('reset')
  } catch {
    /* the tracker may not be loaded */
  }
  try {
    // The QA's own preferences survive; the shopper's state does not.
    const keep = Object.fromEntries([OPEN_KEY, 'demo_site_id'].map((k) => [k, localStorage.getItem(k)]))
    localStorage.clear()
    for (const [k, v] of Object.entries(keep)) if (v !== null) localStorage.setItem(k, v)
  } catch {
    /* blocked */
  }
  try {
    sessionStorage.clear()
  } catch {
    /* blocked */
  }
  // The tracker mirrors its ids in first-party cookies named adb_*, set with path=/.
  const host = location.hostname
  for (const part of document.cookie.split(';')) {
    const name = part.split('=')[0].trim()
    if (!name.startsWith('adb_')) continue
    for (const domain of ['', `; domain=${host}`, `; domain=.${host.split('.').slice(-2).join('.')}`]) {
      document.cookie = `${name}=; path=/; max-age=0${domain}`
    }
  }
  try {
    await fetch(`${collector}/__collector/clear`, { method: 'POST' })
  } catch {
    /* collector down: the reload still starts over */
  }
  const url = new URL(location.href)
  for (const k of [...url.searchParams.keys()]) if (LANDING_PARAMS.test(k)) url.searchParams.delete(k)
  // A confirmation page without its order would contradict itself: open it with no order at all.
  if (url.pathname.endsWith('/confirmation.html')) url.search = ''
  location.replace(url.toString())
}

root.addEventListener('click', (ev) => {
  const t = ev.target.closest('[data-action],[data-filter],[data-copy]')
  if (!t) return
  if (t.dataset.action === 'toggle') {
    document.body.classList.add('adbi-animate')
    setOpen(!open)
  }
  else if (t.dataset.action === 'start-over') void startOver()
  else if (t.dataset.action === 'clear-log') void fetch(`${collector}/__collector/clear`, { method: 'POST' })
  else if (t.dataset.filter) {
    filter = t.dataset.filter
    renderAll()
  } else if (t.dataset.copy) {
    ev.preventDefault()
    const e = events.find((x) => String(x.seq) === t.dataset.copy)
    if (e) void navigator.clipboard?.writeText(JSON.stringify(e.body, null, 2)).then(() => { t.textContent = 'copied' })
  }
})
root.addEventListener('change', (ev) => {
  const opt = ev.target.dataset?.opt
  if (opt === 'preflights') showPreflights = ev.target.checked
  if (opt === 'problems') problemsOnly = ev.target.checked
  renderAll()
})

function setConnection(state) {
  connection = state
  const el = $('[data-conn]')
  el.textContent = state === 'live' ? `live · ${collector.replace(/^https?:\/\//, '')}` : state === 'down' ? 'collector unreachable, retrying…' : 'connecting…'
  root.dataset.conn = connection
}

function connect() {
  if (!collector) {
    setConnection('down')
    return
  }
  const es = new EventSource(`${collector}/__collector/stream`)
  es.addEventListener('snapshot', (m) => {
    events = JSON.parse(m.data).slice(-MAX_EVENTS)
    setConnection('live')
    renderAll()
  })
  es.addEventListener('clear', () => {
    events = []
    renderAll()
  })
  es.onmessage = (m) => addEvent(JSON.parse(m.data))
  es.onopen = () => setConnection('live')
  es.onerror = () => setConnection(es.readyState === EventSource.CLOSED ? 'down' : 'connecting')
}

document.body.appendChild(root)
setOpen(open)
setConnection('connecting')
renderAll()
renderShopper()
setInterval(renderShopper, 500)
window.addEventListener('load', renderShopper)
void showBuild()
connect()
