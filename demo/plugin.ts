// The demo storefront as a Vite plugin: serves the built tracker at /adbeacon.js, starts the
// local collector on its own port (so every beacon is cross-origin, as in production) and writes
// the collector's origin into the pages. Used by demo/vite.config.ts, the e2e journey test and
// scripts/screenshot.mjs.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createServer, type InlineConfig, type Plugin, type ViteDevServer } from 'vite'
import { startCollector, type Collector, type CollectorOptions } from './collector/index.js'

export interface DemoOptions {
  /** Use this collector (e2e tests); otherwise one is started on `collectorPort`. */
  collector?: Collector
  /** Default: env COLLECTOR_PORT, else 5174; 0 = any free port. Falls back to a free port when taken. */
  collectorPort?: number
  /** Options for the collector the plugin starts. */
  collectorOptions?: Omit<CollectorOptions, 'port'>
}

function repoRoot(): string {
  // import.meta.url is this file when run from source, and is rewritten to it by Vite when the
  // config is bundled; the cwd fallback covers anything else (npm scripts run at the root).
  try {
    const here = dirname(fileURLToPath(import.meta.url))
    const root = resolve(here, '..')
    if (existsSync(join(root, 'demo', 'plugin.ts'))) return root
  } catch {
    /* not a file URL */
  }
  return process.cwd()
}

export const ROOT = repoRoot()
const DIST = join(ROOT, 'dist')

const envPort = (name: string, fallback: number): number => {
  const v = process.env[name]
  const n = v === undefined || v === '' ? NaN : Number(v)
  return Number.isInteger(n) && n >= 0 ? n : fallback
}

async function startOwnCollector(port: number, options: DemoOptions['collectorOptions']): Promise<Collector> {
  const log = process.env.COLLECTOR_LOG !== '0'
  try {
    return await startCollector({ log, ...options, port })
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw e
    console.warn(`[demo] port ${port} is taken; the collector uses a free port instead.`)
    return startCollector({ log, ...options, port: 0 })
  }
}

// Vite restarts the dev server in-process when the config or a file it imports changes: the old
// server closes and configureServer runs again at once. The collector outlives such a restart (its
// log and the inspectors' streams with it) and closes shortly after the last server using it.
interface Shared { collector: Collector; users: number; timer?: ReturnType<typeof setTimeout>; closing?: Promise<void> }
const SHARED_KEY = Symbol.for('adbeacon.demo.collectors')
const shared: Map<number, Shared> = ((globalThis as Record<symbol, unknown>)[SHARED_KEY] as Map<number, Shared> | undefined) ??
  ((globalThis as Record<symbol, unknown>)[SHARED_KEY] = new Map<number, Shared>())

async function acquireCollector(port: number, options: DemoOptions['collectorOptions']): Promise<Shared> {
  const existing = port === 0 ? undefined : shared.get(port)
  if (existing && !existing.closing) {
    if (existing.timer) clearTimeout(existing.timer)
    existing.timer = undefined
    existing.users++
    return existing
  }
  if (existing?.closing) await existing.closing
  const entry: Shared = { collector: await startOwnCollector(port, options), users: 1 }
  if (port !== 0) shared.set(port, entry)
  return entry
}

function releaseCollector(port: number, entry: Shared): void {
  if (--entry.users > 0) return
  entry.timer = setTimeout(() => {
    entry.closing = entry.collector.close().finally(() => {
      if (shared.get(port) === entry) shared.delete(port)
    })
  }, port === 0 ? 0 : 1500)
}

export function adbeaconDemo(opts: DemoOptions = {}): Plugin {
  let collector: Collector | undefined = opts.collector

  const hosts = () => {
    const port = new URL(collector!.origin).port
    return `127.0.0.1:${port},localhost:${port}`
  }

  return {
    name: 'adbeacon-demo',
    async configureServer(server: ViteDevServer) {
      if (!opts.collector) {
        const port = opts.collectorPort ?? envPort('COLLECTOR_PORT', 5174)
        const entry = await acquireCollector(port, opts.collectorOptions)
        collector = entry.collector
        server.httpServer?.once('close', () => releaseCollector(port, entry))
      }
      const c = collector!
      server.httpServer?.once('listening', () => {
        setTimeout(() => server.config.logger.info(`  ➜  collector: ${c.origin}  (inspector feed, Get ads mock, beacon endpoints)`), 50)
      })

      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0]!
        // The built script-tag files, exactly what stores get (npm run build writes them): adbeacon.js
        // loads adbeacon-conversion.js and adbeacon-debug.js from beside itself.
        if (/^\/adbeacon(-conversion|-debug)?\.(js|mjs)(\.map)?$/.test(path)) {
          const file = join(DIST, path.slice(1))
          if (!existsSync(file)) {
            res.statusCode = 404
            res.setHeader('content-type', 'text/plain')
            res.end(`${path} is not built: run "npm run build" (npm run demo does it for you).`)
            server.config.logger.warn(`[demo] ${file} is missing: run npm run build`)
            return
          }
          res.setHeader('content-type', path.endsWith('.map') ? 'application/json' : 'text/javascript; charset=utf-8')
          res.setHeader('cache-control', 'no-store')
          // npm run build / npm test rewrite dist/ while the demo runs: the inspector shows which build this is.
          const bytes = readFileSync(file)
          const built = statSync(file).mtime
          res.setHeader('last-modified', built.toUTCString())
          res.setHeader('x-adbeacon-built', built.toISOString())
          res.setHeader('x-adbeacon-hash', createHash('sha256').update(bytes).digest('hex').slice(0, 8))
          res.end(req.method === 'HEAD' ? undefined : bytes)
          return
        }
        if (path === '/__demo/config.json') {
          res.setHeader('content-type', 'application/json')
          res.setHeader('cache-control', 'no-store')
          res.end(JSON.stringify({ collector: c.origin, eventHosts: hosts() }))
          return
        }
        next()
      })
    },
    transformIndexHtml: {
      order: 'pre',
      handler(html: string) {
        if (!collector) return html
        return html.replaceAll('__COLLECTOR_ORIGIN__', collector.origin).replaceAll('__COLLECTOR_HOSTS__', hosts())
      },
    },
  }
}

/** The demo's Vite configuration (demo/vite.config.ts is this with the defaults). */
export function demoConfig(opts: DemoOptions & { port?: number } = {}): InlineConfig {
  return {
    configFile: false,
    root: ROOT,
    appType: 'mpa',
    clearScreen: false,
    plugins: [adbeaconDemo(opts)],
    server: {
      host: '127.0.0.1',
      port: opts.port ?? envPort('DEMO_PORT', 5173),
      strictPort: false,
      // Nothing in the demo pages is a bare import; skip the dependency scan of every HTML file.
      watch: { ignored: ['**/dist/**', '**/test-results/**', '**/docs/**'] },
    },
    optimizeDeps: { noDiscovery: true, include: [] },
    logLevel: 'info',
  }
}

export interface RunningDemo {
  /** the page origin, e.g. http://127.0.0.1:5173 */
  origin: string
  collector: Collector
  server: ViteDevServer
  close(): Promise<void>
}

/** Starts the demo (for tests and scripts): free ports unless given, a fresh collector unless given. */
export async function startDemo(opts: DemoOptions & { port?: number; quiet?: boolean } = {}): Promise<RunningDemo> {
  const collector = opts.collector ?? (await startCollector({ ...opts.collectorOptions, port: opts.collectorPort ?? 0 }))
  const config = demoConfig({ ...opts, collector, port: opts.port ?? 0 })
  const server = await createServer({ ...config, logLevel: opts.quiet === false ? 'info' : 'warn', server: { ...config.server, hmr: false } })
  await server.listen()
  const address = server.httpServer?.address()
  if (!address || typeof address === 'string') throw new Error('demo server did not start')
  return {
    origin: `http://127.0.0.1:${address.port}`,
    collector,
    server,
    async close() {
      await server.close()
      if (!opts.collector) await collector.close()
    },
  }
}
