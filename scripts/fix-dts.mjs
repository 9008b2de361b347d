// Makes the emitted declarations resolvable under moduleResolution "NodeNext" as well as "Bundler".
//
// tsc copies import specifiers into .d.ts files as written in src ('./types', '../config'), and
// Node's ESM resolution needs the full file name: under NodeNext every such import fails (TS2834)
// and, with skipLibCheck, the consumer's types silently turn into `any`. This rewrites every
// relative specifier in dist/types/**/*.d.ts to the file that is there: './x' → './x.js' when
// x.d.ts exists, './x/index.js' when x/index.d.ts does. It knows nothing about the src layout, so
// moving files into folders needs no change here. A specifier that matches neither fails the
// build, as does a "types" target in package.json that the build did not emit.
//
// Usage: node scripts/fix-dts.mjs [dir]   (default dist/types; run after tsc, idempotent)
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const dir = resolve(root, process.argv[2] ?? 'dist/types')

/** Every .d.ts / .d.mts / .d.cts below `d`. */
function declarations(d) {
  const out = []
  for (const name of readdirSync(d)) {
    const p = join(d, name)
    if (statSync(p).isDirectory()) out.push(...declarations(p))
    else if (/\.d\.[mc]?ts$/.test(name)) out.push(p)
  }
  return out
}

const isFile = (p) => existsSync(p) && statSync(p).isFile()

/** The NodeNext-ready specifier for `spec` as written in `file`, or undefined when nothing is there. */
function fix(file, spec) {
  // Already explicit: keep it if it points at a declaration that exists.
  const explicit = spec.match(/^(.*)\.([mc]?)js$/)
  if (explicit) return isFile(resolve(dirname(file), `${explicit[1]}.d.${explicit[2]}ts`)) ? spec : undefined
  if (spec.endsWith('.json')) return isFile(resolve(dirname(file), spec)) ? spec : undefined
  const base = resolve(dirname(file), spec)
  const bare = spec.replace(/\/$/, '')
  if (!spec.endsWith('/') && spec !== '.' && spec !== '..') {
    for (const ext of ['ts', 'mts', 'cts']) {
      if (isFile(`${base}.d.${ext}`)) return `${bare}.${ext.replace('ts', 'js')}`
    }
  }
  for (const ext of ['ts', 'mts', 'cts']) {
    if (isFile(join(base, `index.d.${ext}`))) return `${bare}/index.${ext.replace('ts', 'js')}`
  }
  return undefined
}

// from '…' (import/export … from), import('…'), import '…' (side effect), declare module '…'.
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\bdeclare\s+module\s+)(['"])(\.{1,2}(?:\/[^'"\n]*)?)\2/g

if (!existsSync(dir)) {
  console.error(`fix-dts: ${relative(root, dir)} does not exist; run tsc first.`)
  process.exit(1)
}

const unresolved = []
let files = 0
let rewritten = 0
for (const file of declarations(dir)) {
  const text = readFileSync(file, 'utf8')
  const next = text.replace(SPECIFIER, (whole, head, quote, spec) => {
    const fixed = fix(file, spec)
    if (fixed === undefined) {
      unresolved.push(`${relative(root, file)}: '${spec}'`)
      return whole
    }
    if (fixed !== spec) rewritten++
    return `${head}${quote}${fixed}${quote}`
  })
  if (next !== text) {
    writeFileSync(file, next)
    files++
  }
}

// The package's entry points for types must be files this build wrote (src/index.ts moving to
// another folder would otherwise ship a package whose types are silently missing).
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const typeTargets = new Set()
if (pkg.types) typeTargets.add(pkg.types)
;(function collect(node) {
  if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'types' && typeof value === 'string') typeTargets.add(value)
      else collect(value)
    }
  }
})(pkg.exports)
const missing = [...typeTargets].filter((t) => !isFile(resolve(root, t)))

if (unresolved.length || missing.length) {
  for (const u of unresolved) console.error(`fix-dts: no declaration file for ${u}`)
  for (const m of missing) console.error(`fix-dts: package.json names ${m} for types, and the build did not write it`)
  process.exit(1)
}
console.log(`fix-dts: ${rewritten} relative specifiers made explicit in ${files} files under ${relative(root, dir)}`)
