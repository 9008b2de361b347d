// Console messages a store developer can act on, in real Chromium with the built files and no
// data-debug: each warning names what the developer wrote (the attribute, or tracks[i] when the
// configuration came as tracks) and the value received; a conversion's result lists every
// configured platform, with `skipped` and the reason; a sale reported prints one short line.
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { trackerLoaded } from './support/chromium'
import { useHarness } from './support/harness'

const ORDER = { order_id: 'MSG-1', email: 'ana@example.com', items: [{ sku: 'SKU-1', quantity: 1, price: 10 }] }
type Result = { status: string; destinations: Record<string, { status: string; reason?: string }> }

const tag = (attrs: string) => `<script src="/adbeacon.js" data-conversion-url="${env.collector.origin}/v1/beacon/conversion" data-currency="BRL" ${attrs}></script><script src="/adbeacon-conversion.js"></script>`

const env = useHarness({
  routes: () => ({
    '/attrs.html': () => tag('data-publisher-id="pub-msg" data-facebook-pixel-id="12345abc67" data-session-days="abc" data-publisher="x"'),
    '/tracks.html': () =>
      tag('data-publisher-id="YOUR-VTEX-ADS-PUBLISHER-ID"') + `<script>adbeacon('config', { tracks: [{ type: 'facebook_ad', values: { pixel_id: 'abc' } }] })</script>`,
    '/plain.html': () => tag('data-publisher-id="pub-msg"'),
  }),
})

async function open(path: string): Promise<{ page: Page; warnings: string[]; infos: string[]; errors: string[] }> {
  const page = await (await env.browser.newContext()).newPage()
  const warnings: string[] = []
  const infos: string[] = []
  const errors: string[] = []
  page.on('console', (m) => (m.type() === 'warning' ? warnings : m.type() === 'info' ? infos : []).push(m.text()))
  page.on('pageerror', (e) => errors.push(String(e)))
  await page.goto(env.site.origin + path)
  await trackerLoaded(page)
  return { page, warnings, infos, errors }
}

const convert = (page: Page, order: unknown) => page.evaluate((o) => (window as unknown as { adbeacon(c: string, o: unknown): Promise<unknown> }).adbeacon('conversion', o), order) as Promise<Result>

describe('console messages in real Chromium', () => {
  it('an attribute mistake is named as written, with the value got; the result lists the platform as skipped with that reason', async () => {
    const { page, warnings, infos, errors } = await open('/attrs.html')
    expect(warnings).toContain('[adbeacon] invalid: data-session-days abc')
    expect(warnings).toContain('[adbeacon] unknown option: data-publisher')
    const result = await convert(page, ORDER)
    expect(result.destinations.meta).toEqual({ status: 'skipped', reason: 'data-facebook-pixel-id="12345abc67" must be the pixel\'s digits' })
    expect(result.destinations.vtex?.status).toBe('sent')
    expect(warnings.some((w) => w.includes('data-facebook-pixel-id="12345abc67" must be the pixel\'s digits'))).toBe(true)
    // one short line for the sale, without data-debug
    expect(infos).toContain('[adbeacon] sale MSG-1 meta skipped, vtex sent')
    expect(errors).toEqual([])
  })

  it('tracks given as tracks are named tracks[i]; the README placeholder as publisher id skips VTEX with a reason', async () => {
    const { page, warnings } = await open('/tracks.html')
    const result = await convert(page, { ...ORDER, order_id: 'MSG-2' })
    expect(result.destinations.meta).toEqual({ status: 'skipped', reason: 'tracks[0].values.pixel_id="abc" must be the pixel\'s digits' })
    expect(result.destinations.vtex).toMatchObject({ status: 'skipped' })
    expect(result.destinations.vtex!.reason).toContain('data-publisher-id="YOUR-VTEX-ADS-PUBLISHER-ID" is the README\'s placeholder')
    expect(warnings.some((w) => w.includes('YOUR-VTEX-ADS-PUBLISHER-ID'))).toBe(true)
    await page.waitForTimeout(300)
    expect(env.collector.events().filter((e) => e.kind === 'conversion' && (e.body as { order_id?: string }).order_id === 'MSG-2')).toEqual([])
  })

  it('an invalid order shows the value got, says an empty e-mail is empty, and never repeats personal data', async () => {
    const { page, warnings } = await open('/plain.html')
    const result = await convert(page, { order_id: 'MSG-3', email: '', phone: { n: 1 }, items: [{ sku: 'SKU-1', quantity: 1, price: '19,90' }] })
    expect(result.status).toBe('invalid')
    expect(warnings).toContain('[adbeacon] order: conversion not sent: order.items[0].price must be number, got "19,90"')
    expect(warnings).toContain('[adbeacon] order: conversion not sent: order.email must NOT be empty, got a string')
    expect(warnings).toContain('[adbeacon] order: conversion not sent: order.phone must be string, got a object')
    const missing = await convert(page, { order_id: 'MSG-4', items: [{ sku: 'SKU-1', quantity: 1, price: 1 }] })
    expect(missing.status).toBe('invalid')
    expect(warnings).toContain('[adbeacon] order: conversion not sent: order.email is missing')
    expect(env.collector.events().filter((e) => e.kind === 'conversion' && /MSG-[34]/.test((e.body as { order_id?: string }).order_id ?? ''))).toEqual([])
  })
})
