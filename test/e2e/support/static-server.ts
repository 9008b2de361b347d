import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, resolve } from 'node:path'
import type { AddressInfo } from 'node:net'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.css': 'text/css',
  '.png': 'image/png',
}

/** A route's answer: HTML, or a body with its own content type and headers (a CSP, a stylesheet). */
export type RouteAnswer = string | { body: string; type?: string; headers?: Record<string, string> }
/** path → answer, or a function of the request's URL giving it. */
export type Routes = Record<string, RouteAnswer | ((url: URL) => RouteAnswer)>

export interface StaticServer {
  origin: string
  close(): Promise<void>
}

/**
 * Serves files from `root` on 127.0.0.1 (a page origin for the e2e tests), plus `routes`:
 * path → html, so a test can define its pages inline. `/adbeacon.js` is the built dist file.
 * `cacheControl` for those pages: no-store by default; Chromium keeps no page in the back/forward
 * cache that is no-store and changed a cookie (CacheControlNoStoreCookieModified), so a bfcache test
 * serves them no-cache.
 */
export async function startStaticServer(root: string, routes: Routes = {}, { cacheControl = 'no-store' } = {}): Promise<StaticServer> {
  const base = resolve(root)
  const distDir = resolve('dist')
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const route = routes[url.pathname]
    if (route !== undefined) {
      const answer = typeof route === 'function' ? route(url) : route
      const { body, type = TYPES['.html']!, headers = {} } = typeof answer === 'string' ? { body: answer } : answer
      res.writeHead(200, { 'content-type': type, 'cache-control': cacheControl, ...headers })
      res.end(body)
      return
    }
    // /slow/adbeacon*.js: the built files served 150 ms late, like a slow CDN (issue: a conversion
    // file that is not preloaded must not lose the sale).
    const slow = /^\/slow\/adbeacon[.-]/.test(url.pathname)
    if (slow) await new Promise((ok) => setTimeout(ok, 150))
    const file = /^\/(slow\/)?adbeacon[.-]/.test(url.pathname)
      ? join(distDir, url.pathname.replace(/^\/slow/, ''))
      : normalize(join(base, url.pathname))
    if (!file.startsWith(base) && !file.startsWith(distDir)) {
      res.writeHead(403).end()
      return
    }
    try {
      const body = await readFile(file)
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' })
      res.end(body)
    } catch {
      res.writeHead(404).end('not found')
    }
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((ok) => { server.closeAllConnections(); server.close(() => ok()) }),
  }
}
