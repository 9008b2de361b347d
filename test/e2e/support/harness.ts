import { afterAll, beforeAll, beforeEach } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchChromium } from './chromium'
import { startStaticServer, type Routes, type StaticServer } from './static-server'
import { startCollector, type Collector, type CollectorOptions } from '../../../demo/collector/index'

/** What an e2e file tests against: the demo collector, a static site for its pages, one Chromium. */
export interface Harness {
  readonly collector: Collector
  readonly site: StaticServer
  readonly browser: Browser
}

export interface HarnessOptions {
  /** The site's pages, built once the collector (and `setup`) is done, so that they may name its origin. */
  routes?: () => Routes
  /** The collector's options (a Get ads fixture). */
  collector?: CollectorOptions
  /** After the collector starts, before the site: e.g. ask the Get ads mock for the ads a page renders. */
  setup?: (collector: Collector) => Promise<void>
  /** The Cache-Control of the site's routes (see startStaticServer): no-store unless said. */
  cacheControl?: string
  /** Keep Chromium's back/forward cache on (see launchChromium). */
  bfcache?: boolean
  /** Before each test; without it, the collector forgets what it recorded. */
  reset?: (collector: Collector) => void | Promise<void>
}

/**
 * Starts the collector, the site (test/e2e as its root, plus `routes`) and Chromium before the
 * file's tests, closes them after, and runs `reset` before each test. The returned object's
 * fields are there from the first hook on (reading one earlier throws, naming it).
 */
export function useHarness(opts: HarnessOptions = {}): Harness {
  let collector: Collector | undefined
  let site: StaticServer | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    collector = await startCollector(opts.collector)
    await opts.setup?.(collector)
    site = await startStaticServer('test/e2e', opts.routes?.() ?? {}, { cacheControl: opts.cacheControl })
    browser = await launchChromium({ bfcache: opts.bfcache })
  })
  afterAll(async () => {
    await browser?.close()
    await site?.close()
    await collector?.close()
  })
  beforeEach(() => (opts.reset ? opts.reset(collector!) : collector!.clear()))
  const started = <T>(name: string, value: T | undefined): T => {
    if (value === undefined) throw new Error(`the e2e harness's ${name} is not started (read it in a test or a hook)`)
    return value
  }
  return {
    get collector() { return started('collector', collector) },
    get site() { return started('site', site) },
    get browser() { return started('browser', browser) },
  }
}

/** A new page of `ctx` whose uncaught errors are pushed onto `errors` (a fresh list unless given). */
export async function pageWithErrors(ctx: BrowserContext, errors: string[] = []): Promise<{ page: Page; errors: string[] }> {
  const page = await ctx.newPage()
  page.on('pageerror', (e) => errors.push(String(e)))
  return { page, errors }
}
