import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { DEFAULTS } from '../../../../src/config'
import type { ConversionContext, ValidOrder } from '../../../../src/conversion/destinations/destination'
import { metaDestination } from '../../../../src/conversion/destinations/meta'
import type { Logger } from '../../../../src/log'
import type { OutgoingRequest } from '../../../../src/transport/request'

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex')
const log: Logger = { debug: () => {}, warn: () => {}, error: () => {}, on: false }

const ORDER: ValidOrder = {
  order_id: 'MP-1001',
  items: [
    { sku: 'SKU-1', quantity: 2, price: 199.9, promotional_price: 149.9 },
    { sku: 'SKU-2', quantity: 1, price: 50, promotional_price: 50 },
  ],
  created_at: '2026-11-24T12:00:00Z',
  value: 349.8,
  currency: 'BRL',
  email: ' Maria.Souza@Gmail.com ',
  phone: '(11) 99999-9999',
  first_name: 'María José',
  last_name: "D'Ávila",
}
const RAW = ['maria', 'Maria', 'souza', '99999', 'José', 'vila', 'customer-42']

function context(over: Partial<ConversionContext> = {}) {
  const sent: OutgoingRequest[] = []
  const debugs: string[] = []
  const ctx: ConversionContext = {
    config: { ...DEFAULTS, defaultCountry: 'BR' },
    log: { ...log, debug: (...a: unknown[]) => { debugs.push(a.map(String).join(' ')) } },
    sessionId: 'sess',
    userId: 'customer-42',
    landing: { touches: [], fbc: 'fb.1.1554763741205.AbCdEf-GhI_jk' },
    payment: null,
    send: async (req) => { sent.push(req); return 'sent' },
    ...over,
  }
  return { ctx, sent, debugs }
}

/** Meta's base code stub (https://developers.facebook.com/docs/meta-pixel/get-started): before fbevents.js loads, calls queue as `arguments`. */
function baseCodeStub() {
  const n = Object.assign(function (this: unknown) {
    n.queue.push(arguments)
  }, { queue: [] as IArguments[], loaded: true, version: '2.0' }) as unknown as ((...args: unknown[]) => void) & { queue: IArguments[] }
  return n
}

afterEach(() => vi.unstubAllGlobals())

describe('Meta destination: image pixel (no fbq on the page)', () => {
  it('one GET to /tr with Purchase, cd[…], eid = order id, hashed ud[…] and fbc', async () => {
    const { ctx, sent } = context()
    expect(await metaDestination('1234567890123456').deliver(ORDER, ctx)).toBe('sent')
    expect(sent).toHaveLength(1)
    const req = sent[0]!
    expect(req).toMatchObject({ destination: 'meta', method: 'GET', key: 'meta:MP-1001' })
    const u = new URL(req.url)
    expect(u.origin + u.pathname).toBe('https://www.facebook.com/tr')
    const q = Object.fromEntries(u.searchParams)
    expect(q).toEqual({
      id: '1234567890123456',
      ev: 'Purchase',
      eid: 'MP-1001',
      'cd[value]': '349.8',
      'cd[currency]': 'BRL',
      'cd[content_ids]': '["SKU-1","SKU-2"]',
      'cd[content_type]': 'product',
      'cd[contents]': '[{"id":"SKU-1","quantity":2,"item_price":149.9},{"id":"SKU-2","quantity":1,"item_price":50}]',
      'cd[num_items]': '3',
      // Meta's rules: e-mail trimmed + lowercased (gmail dots kept), phone digits without "+",
      // names without whitespace or ASCII punctuation, accents kept
      'ud[em]': sha('maria.souza@gmail.com'),
      'ud[ph]': sha('5511999999999'),
      'ud[fn]': sha('maríajosé'),
      'ud[ln]': sha('dávila'),
      'ud[external_id]': sha('customer-42'),
      fbc: 'fb.1.1554763741205.AbCdEf-GhI_jk',
    })
    for (const raw of RAW) expect(decodeURIComponent(req.url)).not.toContain(raw)
  })

  it('leaves out what it cannot hash; the configured endpoint is used', async () => {
    const { ctx, sent } = context({ userId: undefined, landing: { touches: [] }, config: { ...DEFAULTS, metaEndpoint: 'http://localhost:9999/tr?x=1' } })
    await metaDestination('1').deliver({ ...ORDER, phone: undefined, first_name: undefined, last_name: undefined }, ctx)
    const u = new URL(sent[0]!.url)
    expect(u.origin + u.pathname).toBe('http://localhost:9999/tr')
    expect(u.searchParams.get('x')).toBe('1')
    expect([...u.searchParams.keys()].filter((k) => k.startsWith('ud['))).toEqual(['ud[em]'])
    expect(u.searchParams.has('fbc')).toBe(false)
  })

  it('without Web Crypto the Purchase still goes, with no user data and no raw PII', async () => {
    vi.stubGlobal('crypto', {})
    const { ctx, sent } = context()
    expect(await metaDestination('1').deliver(ORDER, ctx)).toBe('sent')
    expect(sent[0]!.url).not.toContain('ud%5B')
    for (const raw of RAW) expect(decodeURIComponent(sent[0]!.url)).not.toContain(raw)
  })

  it('drops the line items from a URL that would be too long', async () => {
    const { ctx, sent } = context()
    const items = Array.from({ length: 300 }, (_, i) => ({ sku: `SKU-${i}`, quantity: 1, price: 1, promotional_price: 1 }))
    await metaDestination('1').deliver({ ...ORDER, items }, ctx)
    const u = new URL(sent[0]!.url)
    expect(u.searchParams.has('cd[contents]')).toBe(false)
    expect(u.searchParams.get('cd[num_items]')).toBe('300')
  })

  it('resolves what the transport answers', async () => {
    const { ctx } = context({ send: async () => 'queued' })
    expect(await metaDestination('1').deliver(ORDER, ctx)).toBe('queued')
  })
})

describe('Meta destination: through fbq', () => {
  it('pixel not set up on the page: autoConfig off, init with hashed advanced matching, then trackSingle with eventID; no request', async () => {
    const fbq = vi.fn()
    vi.stubGlobal('fbq', fbq)
    const { ctx, sent } = context()
    expect(await metaDestination('777').deliver(ORDER, ctx)).toBe('sent')
    expect(sent).toHaveLength(0)
    expect(fbq.mock.calls).toEqual([
      // before init, so adbeacon's init does not switch on Meta's automatic events for the store
      ['set', 'autoConfig', false, '777'],
      ['init', '777', { em: sha('maria.souza@gmail.com'), ph: sha('5511999999999'), fn: sha('maríajosé'), ln: sha('dávila'), external_id: sha('customer-42') }],
      ['trackSingle', '777', 'Purchase', {
        value: 349.8,
        currency: 'BRL',
        content_ids: ['SKU-1', 'SKU-2'],
        content_type: 'product',
        contents: [{ id: 'SKU-1', quantity: 2, item_price: 149.9 }, { id: 'SKU-2', quantity: 1, item_price: 50 }],
        num_items: 3,
      }, { eventID: 'MP-1001' }],
    ])
    for (const raw of RAW) expect(JSON.stringify(fbq.mock.calls)).not.toContain(raw)
  })

  it("no user data and the page's base code already queued init: the existing init is left alone", async () => {
    const fbq = Object.assign(vi.fn(), { queue: [['init', '777'], ['track', 'PageView']] })
    vi.stubGlobal('fbq', fbq)
    vi.stubGlobal('crypto', {}) // nothing can be hashed
    const { ctx } = context({ userId: undefined })
    await metaDestination('777').deliver(ORDER, ctx)
    expect(fbq.mock.calls.map((c) => c[0])).toEqual(['trackSingle'])
  })

  it('no user data, pixel known to loaded fbevents.js (getState): no init either', async () => {
    const fbq = Object.assign(vi.fn(), { getState: () => ({ pixels: [{ id: '777' }] }) })
    vi.stubGlobal('fbq', fbq)
    const { ctx } = context({ userId: undefined })
    await metaDestination('777').deliver({ ...ORDER, email: '', phone: undefined, first_name: undefined, last_name: undefined }, ctx)
    expect(fbq.mock.calls.map((c) => c[0])).toEqual(['trackSingle'])
  })

  it('no user data and the pixel is not set up on the page: init it, or trackSingle would be dropped', async () => {
    const fbq = Object.assign(vi.fn(), { queue: [['init', '111']] })
    vi.stubGlobal('fbq', fbq)
    const { ctx } = context({ userId: undefined })
    await metaDestination('777').deliver({ ...ORDER, email: '', phone: undefined, first_name: undefined, last_name: undefined }, ctx)
    expect(fbq.mock.calls.map((c) => c.slice(0, 2))).toEqual([['set', 'autoConfig'], ['init', '777'], ['trackSingle', '777']])
  })

  it("the store's base code already ran init with its own advanced matching and PageView: no second init, its matching untouched", async () => {
    const fbq = baseCodeStub()
    const storeData = { ct: 'saopaulo', zp: '01310100', db: '19900115', external_id: 'store-7' }
    fbq('init', '777', storeData)
    fbq('track', 'PageView')
    vi.stubGlobal('fbq', fbq)
    const { ctx, debugs } = context()
    expect(await metaDestination('777').deliver(ORDER, ctx)).toBe('sent')
    const calls = fbq.queue.map((a) => Array.from(a))
    expect(calls.slice(0, 2)).toEqual([['init', '777', storeData], ['track', 'PageView']])
    expect(calls.slice(2).map((c) => c[0])).toEqual(['trackSingle'])
    expect(calls[2]!.slice(1, 3)).toEqual(['777', 'Purchase'])
    expect(calls[2]![4]).toEqual({ eventID: 'MP-1001' })
    expect(storeData).toEqual({ ct: 'saopaulo', zp: '01310100', db: '19900115', external_id: 'store-7' })
    expect(debugs.some((d) => /already initialised by the page.*not attached/.test(d))).toBe(true)
  })

  it('the pixel known to loaded fbevents.js with user data to give: no init either', async () => {
    const fbq = Object.assign(vi.fn(), { getState: () => ({ pixels: [{ id: 777 }] }) })
    vi.stubGlobal('fbq', fbq)
    const { ctx } = context()
    await metaDestination('777').deliver(ORDER, ctx)
    expect(fbq.mock.calls.map((c) => c[0])).toEqual(['trackSingle'])
  })

  it('another pixel initialised by the store does not count: this one is set up (autoConfig off, init)', async () => {
    const fbq = baseCodeStub()
    fbq('init', '111', { ct: 'rio' })
    vi.stubGlobal('fbq', fbq)
    const { ctx } = context()
    await metaDestination('777').deliver(ORDER, ctx)
    expect(fbq.queue.slice(1).map((a) => Array.from(a).slice(0, 2))).toEqual([['set', 'autoConfig'], ['init', '777'], ['trackSingle', '777']])
  })

  it('an fbq that throws falls back to the pixel request', async () => {
    vi.stubGlobal('fbq', () => { throw new Error('broken') })
    const { ctx, sent } = context()
    expect(await metaDestination('777').deliver(ORDER, ctx)).toBe('sent')
    expect(sent).toHaveLength(1)
  })
})

describe('Meta destination: decide', () => {
  const d = metaDestination('1')
  it('held after a Mercado Pago return that is not an instant approval', () => {
    const { ctx } = context({ payment: { status: 'pending', payment_type: 'ticket', site_id: 'MLB' } })
    expect(d.decide(ORDER, ctx)).toEqual({ report: false, status: 'held', reason: 'payment pending: not reported' })
    const { ctx: c2 } = context({ payment: { status: 'approved', payment_type: 'digital_currency', site_id: 'MLM' } })
    expect(d.decide(ORDER, c2)).toMatchObject({ report: false, status: 'held' })
  })
  it('reported after an approved card return, and without any return', () => {
    expect(d.decide(ORDER, context({ payment: { status: 'approved', payment_type: 'credit_card' } }).ctx)).toEqual({ report: true })
    expect(d.decide(ORDER, context().ctx)).toEqual({ report: true })
  })
  it('skipped without a currency', () => {
    expect(d.decide({ ...ORDER, currency: undefined }, context().ctx)).toMatchObject({ report: false, status: 'skipped' })
  })
})
