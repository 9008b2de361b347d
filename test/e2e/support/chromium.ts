import { chromium, type Browser } from 'playwright-core'

// Debian's Chromium, never a downloaded one (CI has no network but the package registries).
// The background-networking flags stop Chromium from calling Google's services, which this
// machine's closed network refuses many times a second otherwise.
export const CHROMIUM_PATH = process.env.CHROME_PATH || '/usr/bin/chromium'

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
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
