// README truth (issue 8): the fenced code blocks of README.md, in order, with their language and
// heading, and the few helpers readme.test.ts needs to run them as written: script tags re-pointed
// by attribute (src, data-conversion-url, data-event-hosts, data-debug), placeholders replaced by
// an explicit table, shell lines split into commands. Nothing here rewrites a snippet's logic.

export interface Snippet {
  /** 0-based position among the README's fenced blocks */
  index: number
  /** the info string's first word, lowercased; '' for a block without one */
  lang: string
  /** the nearest heading above the block ('' before the first heading) */
  heading: string
  /** 1-based line of the opening fence */
  line: number
  code: string
}

/** Every fenced block (``` or ~~~, CommonMark style: closed by the same character, at least as long). */
export function extractSnippets(markdown: string): Snippet[] {
  const lines = markdown.split(/\r?\n/)
  const out: Snippet[] = []
  let heading = ''
  let open: { fence: string; lang: string; line: number; indent: number; body: string[] } | undefined
  lines.forEach((text, i) => {
    if (open) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(text)
      if (close && close[1]![0] === open.fence[0] && close[1]!.length >= open.fence.length) {
        out.push({ index: out.length, lang: open.lang, heading, line: open.line, code: open.body.join('\n') })
        open = undefined
      } else open.body.push(open.indent ? text.replace(new RegExp(`^ {0,${open.indent}}`), '') : text)
      return
    }
    const fence = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)/.exec(text)
    if (fence) {
      open = { fence: fence[2]!, lang: fence[3]!.toLowerCase(), line: i + 1, indent: fence[1]!.length, body: [] }
      return
    }
    const h = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(text)
    if (h) heading = h[1]!
  })
  if (open) throw new Error(`README.md line ${open.line}: a code fence is never closed`)
  return out
}

export const describeSnippet = (s: Snippet) => `#${s.index} \`\`\`${s.lang || '(none)'} under "${s.heading}" (README.md:${s.line})`

// ---- HTML: start tags and their attributes ----

export interface Attr { name: string; value: string | null }

const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g

export function parseAttrs(source: string): Attr[] {
  const attrs: Attr[] = []
  for (const m of source.matchAll(ATTR)) attrs.push({ name: m[1]!.toLowerCase(), value: m[2] ?? m[3] ?? m[4] ?? null })
  return attrs
}

const escAttr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')
const decode = (v: string) => v.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')

export function serializeAttrs(attrs: Attr[]): string {
  return attrs.map((a) => (a.value === null ? ` ${a.name}` : ` ${a.name}="${escAttr(a.value)}"`)).join('')
}

/** The `<script …>` start tags of an html snippet, with their attributes (values decoded). */
export function scriptTags(html: string): Attr[][] {
  return [...html.matchAll(/<script\b([^>]*)>/gi)].map((m) => parseAttrs(m[1]!).map((a) => ({ ...a, value: a.value === null ? null : decode(a.value) })))
}

export const attr = (attrs: Attr[], name: string) => attrs.find((a) => a.name === name)

/** The file a script tag loads, by the last path segment of its src ('adbeacon.js', …), or undefined. */
export function scriptFile(attrs: Attr[]): string | undefined {
  const src = attr(attrs, 'src')?.value
  return src ? src.split(/[?#]/)[0]!.split('/').pop() : undefined
}

/**
 * Rewrites the snippet's `<script>` start tags whose src names one of `files`: `edit` gets the
 * file name and the attribute list (in order) and returns the new list. Everything else in the
 * snippet, including the other attributes, their order and the tag's contents, is kept.
 */
export function rewriteScriptTags(html: string, edit: (file: string, attrs: Attr[]) => Attr[]): string {
  return html.replace(/<script\b([^>]*)>/gi, (whole, source: string) => {
    const attrs = parseAttrs(source).map((a) => ({ ...a, value: a.value === null ? null : decode(a.value) }))
    const file = scriptFile(attrs)
    return file ? `<script${serializeAttrs(edit(file, attrs))}>` : whole
  })
}

/** Sets (or adds, at the end) one attribute. */
export function setAttr(attrs: Attr[], name: string, value: string | null): Attr[] {
  const i = attrs.findIndex((a) => a.name === name)
  if (i < 0) return [...attrs, { name, value }]
  return attrs.map((a, j) => (j === i ? { name, value } : a))
}

// ---- placeholders ----

export interface Placeholder {
  /** the snippet language it applies to */
  lang: string
  /** the exact string value written in the README (inside quotes) */
  value: string
  /** what the test puts instead */
  to: () => string
  why: string
  /** replaced only in the pages that report a sale (elsewhere the snippet runs as written) */
  saleOnly?: boolean
}

/**
 * Replaces quoted string values (a JS string literal or an HTML attribute value) that are exactly
 * `value` by `to()`. Only whole quoted values: never code, never a part of a value.
 */
export function applyPlaceholders(code: string, lang: string, table: Placeholder[], sale = true): string {
  let out = code
  for (const p of table.filter((x) => x.lang === lang && (sale || !x.saleOnly))) {
    const v = p.value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    out = out.replace(new RegExp(`(['"])${v}\\1`, 'g'), (_, q: string) => q + p.to() + q)
  }
  return out
}

/** Quoted string values still containing an ellipsis (a placeholder the table does not know). Comments are not values. */
export function leftoverPlaceholders(code: string, lang: string): string[] {
  const text = lang === 'js' ? code.replace(/(^|\s)\/\/.*$/gm, '$1').replace(/\/\*[\s\S]*?\*\//g, '') : code
  return [...text.matchAll(/(['"])([^'"\n]*(?:…|\.\.\.)[^'"\n]*)\1/g)].map((m) => m[0]!)
}

// ---- shell ----

export interface ShellCommand { line: number; text: string; words: string[]; comment: string }

/**
 * The commands of a ```sh block: one per `&&` / `||` / `;` segment of each line, comments cut off.
 * A whole-line comment of the form `# or: <command>` is an alternative command and is included.
 */
export function shellCommands(code: string): ShellCommand[] {
  const out: ShellCommand[] = []
  code.split('\n').forEach((raw, i) => {
    let text = raw.trim()
    if (!text) return
    let comment = ''
    const alt = /^#\s*or:\s*(.*)$/.exec(text)
    if (alt) text = alt[1]!
    else if (text.startsWith('#')) return
    const c = /(^|\s)#(.*)$/.exec(text)
    if (c) {
      comment = c[2]!.trim()
      text = text.slice(0, c.index).trim()
    }
    for (const part of text.split(/\s*(?:&&|\|\||;)\s*/)) {
      if (part) out.push({ line: i, text: part, words: part.split(/\s+/), comment })
    }
  })
  return out
}
