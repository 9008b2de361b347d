import { chromium, type Browser } from 'playwright-core'

// Debian's Chromium, never a downloaded one (CI has no network but the package registries).
// The background-networking flags stop Chromium from calling Google's services, which this
// machine's closed network refuses many times a second otherwise.
export const CHROMIUM_PATH = process.env.CHROME_PATH || '/usr/bin/chromium'

/**
 * `bfcache`: keep Chromium's back/forward cache on. Playwright turns it off by default
 * (--disable-back-forward-cache among its default switches), so without this a "back" is a new load.
 */
export function launchChromium({ bfcache = false } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    ignoreDefaultArgs: bfcache ? ['--disable-back-forward-cache'] : undefined,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-gpu',
      '--disable-quic',
    ],
  })
}

/**
 * The page's debugState(), once adbeacon-debug.js (loaded by the tag's data-debug) has added it:
 * adbeacon.js alone answers undefined, since the state's detail is the debug build's.
 */
export async function debugStateOf<T>(page: import('playwright-core').Page): Promise<T> {
  const handle = await page.waitForFunction(() => (window as unknown as { adbeacon?: { debugState?(): unknown } }).adbeacon?.debugState?.(), null, { timeout: 10_000 })
  return (await handle.jsonValue()) as T
}

/**
 * Waits for adbeacon.js to have run on this page (its `loaded` flag). `timeout` in ms: Playwright's
 * default unless given.
 */
export async function trackerLoaded(page: import('playwright-core').Page, timeout?: number): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { adbeacon?: { loaded?: boolean } }).adbeacon?.loaded === true, null, { timeout })
}
