// Building the inspector's nodes. Text only ever goes in as text (never as HTML): bodies, URLs and
// ad attributes come from the page and the ad server.
export type Kid = Node | string | number | false | null | undefined

export function h(tag: string, cls = '', ...kids: Kid[]): HTMLElement {
  const el = document.createElement(tag)
  if (cls) el.className = cls
  for (const k of kids) if (k != null && k !== false) el.append(typeof k == 'object' ? k : String(k))
  return el
}

/** A button (type=button: never a form's submit, should the host page wrap us in one). */
export function button(cls: string, onClick: () => void, title: string, ...kids: Kid[]): HTMLElement {
  const b = h('button', cls, ...kids)
  b.setAttribute('type', 'button')
  if (title) b.title = title
  b.addEventListener('click', onClick)
  return b
}

/** "name value" rows. */
export const rows = (pairs: Array<[string, Kid]>): HTMLElement => h('dl', 'kv', ...pairs.flatMap(([k, v]) => [h('dt', '', k), h('dd', '', v ?? '—')]))

const HASH = /\b([0-9a-f]{64})\b/

/** Text with every SHA-256 hex value marked: QA sees at a glance that no raw value left. */
export function markHashes(text: string): HTMLElement {
  const out = h('pre', 'body')
  text.split(HASH).forEach((part, i) => out.append(i % 2 ? h('mark', '', part) : part))
  return out
}

/** A request body, readable: JSON indented, form fields and query parameters one per line. */
export function bodyText(body: string | undefined, url: string): string {
  if (body == null) {
    const q = url.indexOf('?')
    return q < 0 ? '' : Array.from(new URLSearchParams(url.slice(q + 1)), ([k, v]) => `${k} = ${v}`).join('\n')
  }
  try {
    return JSON.stringify(JSON.parse(body), null, 2)
  } catch {
    return body.includes('=') ? Array.from(new URLSearchParams(body), ([k, v]) => `${k} = ${v}`).join('\n') : body
  }
}

export const time = (ms: number): string => new Date(ms).toTimeString().slice(0, 8)
