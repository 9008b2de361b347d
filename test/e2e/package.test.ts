// Issue 8: the package a store developer installs. `npm pack` (which builds dist through
// `prepare`) gives a tarball; it is installed offline into a throwaway consumer project, and a
// TypeScript file using the ESM API, the data types and window.adbeacon is type-checked against
// it with the repository's own tsc, skipLibCheck off, under both moduleResolution "Bundler" and
// "NodeNext". No browser: this runs in node only.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc')
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm'

// What a store writes. Every `@ts-expect-error` must be used: if the package's types degraded
// to `any` (unresolved imports under skipLibCheck), the directive would be unused, and fail.
const USAGE = `import { createTracker, type ConversionResult, type Order, type OrderItem } from 'adbeacon'

// The tag's stub, then commands: queued until adbeacon.js has run.
window.adbeacon = window.adbeacon || function () { (adbeacon!.q = adbeacon!.q || []).push(arguments) }
window.adbeacon('identify', 'customer-42')
adbeacon?.('consent', { ad_storage: 'granted' })

const item: OrderItem = { sku: 'SKU-1', product_id: 'P-1', seller_id: null, quantity: 2, price: 199.9 }
const order: Order = {
  order_id: 1001,
  email: 'maria@example.com',
  items: [item, { sku: 2, quantity: 1, price: 50, promotional_price: 39.9 }],
  created_at: new Date(),
}
window.adbeacon('conversion', order)

export async function confirm(): Promise<string> {
  const api = window.adbeacon
  if (api?.loaded) {
    const result: ConversionResult = await api('conversion', order)
    return result.status + api.debugState().sessionId
  }
  const tracker = createTracker({ publisherId: 'pub-1', currency: 'BRL' })
  const result: ConversionResult = await tracker.conversion(order)
  return result.status
}

// @ts-expect-error not a command
window.adbeacon('conversation', order)
// @ts-expect-error identify takes the customer id, a string
window.adbeacon('identify', 42)
// @ts-expect-error an order needs items
const noItems: Order = { order_id: 'o-1', email: 'maria@example.com' }
// @ts-expect-error the result has no such status
const status: ConversionResult['status'] = 'ok'
export { noItems, status }
`

// A price as a Brazilian back end might format it: must not compile.
const WRONG = `import type {} from 'adbeacon'
window.adbeacon?.('conversion', {
  order_id: '1002',
  email: 'maria@example.com',
  items: [{ sku: 'SKU-1', quantity: 1, price: '19,90' }],
})
`

const MODES = [
  { name: 'Bundler', module: 'ESNext', moduleResolution: 'Bundler' },
  { name: 'NodeNext', module: 'NodeNext', moduleResolution: 'NodeNext' },
] as const

let work: string
let consumer: string
let tarball: string
let contents: string[]

function tsc(mode: (typeof MODES)[number], file: string): { status: number | null; output: string } {
  const config = `tsconfig.${mode.name}.${file}.json`
  writeFileSync(
    join(consumer, config),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2022', 'DOM'],
        module: mode.module,
        moduleResolution: mode.moduleResolution,
        strict: true,
        skipLibCheck: false,
        noEmit: true,
        types: [],
      },
      files: [file],
    }),
  )
  const r = spawnSync(process.execPath, [TSC, '-p', config, '--pretty', 'false'], { cwd: consumer, encoding: 'utf8' })
  return { status: r.status, output: `${r.stdout}${r.stderr}`.trim() }
}

// tsc on a busy two-core machine took up to 26 s per check: generous timeouts.
describe('the npm package', { timeout: 180_000 }, () => {
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'adbeacon-pack-'))
    // prepare → npm run build: dist comes from the sources as they are now.
    execFileSync(NPM, ['pack', '--pack-destination', work, '--silent'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    const tgz = readdirSync(work).filter((f) => f.endsWith('.tgz'))
    expect(tgz).toHaveLength(1)
    tarball = join(work, tgz[0]!)
    contents = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean).map((p) => p.replace(/^package\//, ''))

    consumer = join(work, 'consumer')
    mkdirSync(consumer)
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'store', version: '1.0.0', private: true, type: 'module' }))
    // The package has no runtime dependencies: nothing to fetch.
    execFileSync(NPM, ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: consumer, stdio: ['ignore', 'pipe', 'pipe'] })
    writeFileSync(join(consumer, 'usage.ts'), USAGE)
    writeFileSync(join(consumer, 'wrong.ts'), WRONG)
  }, 240_000)

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true })
  })

  it('holds the license, both builds and the declarations, and no sources or tests', () => {
    for (const f of ['LICENSE', 'README.md', 'package.json', 'dist/adbeacon.js', 'dist/adbeacon-conversion.js', 'dist/adbeacon-debug.js', 'dist/adbeacon.mjs', 'dist/adbeacon-conversion.mjs', 'dist/types/entries/esm.d.ts', 'dist/types/types.d.ts']) {
      expect(contents).toContain(f)
    }
    expect(contents.filter((f) => f.endsWith('.d.ts')).length).toBeGreaterThan(2)
    expect(contents.filter((f) => /^(src|test|demo|scripts|docs)\//.test(f))).toEqual([])
  })

  it('imports in node through its exports', () => {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', "const m = await import('adbeacon'); console.log(typeof m.createTracker)"], { cwd: consumer, encoding: 'utf8' })
    expect(out.trim()).toBe('function')
  })

  for (const mode of MODES) {
    it(`type-checks a store's use of it with moduleResolution ${mode.name} (skipLibCheck off)`, () => {
      const r = tsc(mode, 'usage.ts')
      expect(r.output).toBe('')
      expect(r.status).toBe(0)
    })

    it(`refuses a price given as a string with moduleResolution ${mode.name}`, () => {
      const r = tsc(mode, 'wrong.ts')
      expect(r.status).not.toBe(0)
      const errors = r.output.split('\n').filter((l) => / error TS\d+/.test(l))
      expect(errors).toHaveLength(1)
      // The error points at `price` in the order, not at the call.
      const lines = WRONG.split('\n')
      const line = lines.findIndex((l) => l.includes("price: '19,90'")) + 1
      const column = lines[line - 1]!.indexOf('price') + 1
      expect(errors[0]).toMatch(new RegExp(`^wrong\\.ts\\(${line},${column}\\): error TS2322: Type 'string' is not assignable to type 'number'`))
    })
  }
})
