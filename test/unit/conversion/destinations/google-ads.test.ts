import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { DEFAULTS } from '../../../../src/config'
import type { ConversionContext, ValidOrder } from '../../../../src/conversion/destinations/destination'
import { googleAdsDestination } from '../../../../src/conversion/destinations/google-ads'
import type { Logger } from '../../../../src/log'
import type { OutgoingRequest } from '../../../../src/transport/request'

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex')

const ORDER: ValidOrder = {
  order_id: 'MP-1001',
  items: [{ sku: 'SKU-1', quantity: 2, price: 199.9, promotional_price: 149.9 }],
  created_at: '2026-11-24T12:00:00Z',
  value: 299.8,
  currency: 'BRL',
  email: ' First.Last@Gmail.com ',
  phone: '(11) 99999-9999',
  first_name: 'Maria',
}

function context(over: Partial<ConversionContext> = {}) {
  const sent: OutgoingRequest[] = []
  const warnings: string[] = []
  const debugs: string[] = []
  const log: Logger = { debug: (...a: unknown[]) => { debugs.push(a.map(String).join(' ')) }, warn: (...a: unknown[]) => { warnings.push(a.join(' ')) }, error: () => {}, on: false }
  const ctx: ConversionContext = {
    config: { ...DEFAULTS, defaultCountry: 'BR' },
    log,
    sessionId: 'sess',
    userId: 'customer-42',
    landing: { touches: [] },
    payment: null,
    send: async (req) => { sent.push(req); return 'sent' },
    ...over,
  }
  return { ctx, sent, warnings, debugs }
}

/**
 * Google's tag snippet: gtag pushes its `arguments` onto dataLayer; `configs` are the page's
 * gtag('config', …) calls. Returns a spy on what adbeacon calls after them.
 */
function googleTag(...configs: string[]) {
  const dataLayer: IArguments[] = []
  const after = vi.fn()
  let ready = false
  const gtag = function (this: unknown) {
    dataLayer.push(arguments)
    if (ready) after(...Array.from(arguments))
  } as (...args: unknown[]) => void
  vi.stubGlobal('dataLayer', dataLayer)
  vi.stubGlobal('gtag', gtag)
  gtag('js', new Date())
  for (const id of configs) gtag('config', id)
  ready = true
  return after
}

afterEach(() => vi.unstubAllGlobals())

describe('Google Ads destination: conversion request (no gtag on the page)', () => {
  it('GET <endpoint><id>/ with label, value, currency_code, oid, guid=ON, script=0 and no PII', async () => {
    const { ctx, sent } = context()
    expect(await googleAdsDestination('987654321', 'AbC-D_efG').deliver(ORDER, ctx)).toBe('sent')
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ destination: 'google', method: 'GET', key: 'google:MP-1001' })
    expect(sent[0]!.url).toBe('https://www.googleadservices.com/pagead/conversion/987654321/?label=AbC-D_efG&value=299.8&currency_code=BRL&oid=MP-1001&guid=ON&script=0')
  })

  it('an endpoint configured without the trailing slash still gets one', async () => {
    const { ctx, sent } = context({ config: { ...DEFAULTS, googleEndpoint: 'http://localhost:9999/pagead/conversion' } })
    await googleAdsDestination('1', 'x').deliver(ORDER, ctx)
    expect(sent[0]!.url.startsWith('http://localhost:9999/pagead/conversion/1/?label=x&')).toBe(true)
  })

  it('an order id longer than 64 characters is not sent as transaction id (warned)', async () => {
    const { ctx, sent, warnings } = context()
    await googleAdsDestination('1', 'x').deliver({ ...ORDER, order_id: 'x'.repeat(65) }, ctx)
    expect(new URL(sent[0]!.url).searchParams.has('oid')).toBe(false)
    expect(warnings[0]).toMatch(/longer than 64/)
    expect(sent[0]!.key).toBe(`google:${'x'.repeat(65)}`)
  })
})

describe('Google Ads destination: through gtag', () => {
  it("gtag('event','conversion') with send_to AW-<id>/<label>, transaction_id and pre-hashed user_data", async () => {
    const gtag = googleTag('G-ABC123', 'AW-987654321')
    const { ctx, sent } = context()
    expect(await googleAdsDestination('987654321', 'AbC-D_efG').deliver(ORDER, ctx)).toBe('sent')
    expect(sent).toHaveLength(0)
    expect(gtag.mock.calls).toEqual([[
      'event',
      'conversion',
      {
        send_to: 'AW-987654321/AbC-D_efG',
        value: 299.8,
        currency: 'BRL',
        transaction_id: 'MP-1001',
        // Google's rules: gmail dots dropped, phone in E.164 with "+"
        user_data: { sha256_email_address: sha('firstlast@gmail.com'), sha256_phone_number: sha('+5511999999999') },
      },
    ]])
    expect(JSON.stringify(gtag.mock.calls)).not.toMatch(/first\.last|99999-|Maria/i)
  })

  it('no user_data when nothing could be hashed', async () => {
    const gtag = googleTag('AW-1')
    vi.stubGlobal('crypto', {})
    const { ctx } = context()
    await googleAdsDestination('1', 'x').deliver(ORDER, ctx)
    expect(gtag.mock.calls[0]![2]).not.toHaveProperty('user_data')
  })

  it('a gtag loaded for AW-<id> (google_tag_manager) is used even without a config entry in dataLayer', async () => {
    const gtag = vi.fn()
    vi.stubGlobal('gtag', gtag)
    vi.stubGlobal('google_tag_manager', { 'AW-987654321': { _spx: false } })
    const { ctx, sent } = context()
    expect(await googleAdsDestination('987654321', 'L').deliver(ORDER, ctx)).toBe('sent')
    expect(sent).toHaveLength(0)
    expect(gtag.mock.calls.map((c) => c.slice(0, 2))).toEqual([['event', 'conversion']])
  })

  it('a gtag set up for GA4 only: the conversion request is sent instead (gtag would drop the event), and the debug log says why', async () => {
    const gtag = googleTag('G-ABC123')
    vi.stubGlobal('google_tag_manager', { 'G-ABC123': {} })
    const { ctx, sent, debugs } = context()
    expect(await googleAdsDestination('987654321', 'AbC-D_efG').deliver(ORDER, ctx)).toBe('sent')
    expect(gtag).not.toHaveBeenCalled()
    expect(sent).toHaveLength(1)
    expect(sent[0]!.url).toBe('https://www.googleadservices.com/pagead/conversion/987654321/?label=AbC-D_efG&value=299.8&currency_code=BRL&oid=MP-1001&guid=ON&script=0')
    expect(debugs.some((d) => d.includes('gtag has no config for AW-987654321; sending the conversion request'))).toBe(true)
  })

  it('a config for another Google Ads account, or a gtag with no dataLayer at all, does not count', async () => {
    const other = googleTag('AW-111')
    const { ctx, sent } = context()
    await googleAdsDestination('987654321', 'x').deliver(ORDER, ctx)
    expect(other).not.toHaveBeenCalled()
    expect(sent).toHaveLength(1)
    vi.unstubAllGlobals()
    const bare = vi.fn()
    vi.stubGlobal('gtag', bare)
    const c2 = context()
    await googleAdsDestination('987654321', 'x').deliver(ORDER, c2.ctx)
    expect(bare).not.toHaveBeenCalled()
    expect(c2.sent).toHaveLength(1)
  })

  it('a gtag that throws falls back to the conversion request', async () => {
    googleTag('AW-1')
    vi.stubGlobal('gtag', () => { throw new Error('broken') })
    const { ctx, sent } = context()
    expect(await googleAdsDestination('1', 'x').deliver(ORDER, ctx)).toBe('sent')
    expect(sent).toHaveLength(1)
  })
})

describe('Google Ads destination: decide', () => {
  const d = googleAdsDestination('1', 'x')
  it('held after a rejected or pending Mercado Pago return; reported after an approved debit card', () => {
    expect(d.decide(ORDER, context({ payment: { status: 'rejected', payment_type: 'credit_card' } }).ctx)).toEqual({ report: false, status: 'held', reason: 'payment rejected: not reported' })
    expect(d.decide(ORDER, context({ payment: { status: 'approved', payment_type: 'debit_card', site_id: 'MPE' } }).ctx)).toEqual({ report: true })
  })
  it('skipped, with a warning, without a currency', () => {
    const { ctx, warnings } = context()
    expect(d.decide({ ...ORDER, currency: undefined }, ctx)).toMatchObject({ report: false, status: 'skipped' })
    expect(warnings).toHaveLength(1)
  })
})
