import { describe, expect, it } from 'vitest'
import { adEventSchema, conversionSchema } from '../../../demo/collector/schema/vtex-ads'
import { loadValidators } from '../../../demo/collector/validate'
import { check } from '../../../src/debug/overlay/json-schema'

// The inspector's compact checker against Ajv (what the demo collector and the VTEX Ads API
// answer with): the same errors, by path, keyword and message, for the same bodies.

const valid = () => ({
  channel: 'ecommerce',
  publisher_id: 'pub-1',
  user_id: 'u-1',
  session_id: 's-1',
  order_id: '1001',
  email_hashed: 'a'.repeat(64),
  items: [{ sku: 'S-1', quantity: 1, price: 10, promotional_price: 9, seller_id: null, product_id: 'P-1' }],
  created_at: '2026-01-01T00:00:00Z',
  is_company: false,
  gender: null as string | null,
})

const conversions: Array<[string, unknown]> = [
  ['valid', valid()],
  ['every required field missing', {}],
  ['not an object', []],
  ['null', null],
  ['a string', 'order'],
  ['order_id a number', { ...valid(), order_id: 1001 }],
  ['items not an array', { ...valid(), items: {} }],
  ['an item missing its prices, sku a number', { ...valid(), items: [{ sku: 1, quantity: 1 }] }],
  ['price as text, quantity as text', { ...valid(), items: [{ sku: 'S', quantity: '2', price: '19,90', promotional_price: 9 }] }],
  ['seller_id a number', { ...valid(), items: [{ sku: 'S', quantity: 1, price: 1, promotional_price: 1, seller_id: 7 }] }],
  ['gender outside the enum', { ...valid(), gender: 'X' }],
  ['gender a number', { ...valid(), gender: 5 }],
  ['is_company as text', { ...valid(), is_company: 'no' }],
  ['an item null', { ...valid(), items: [null] }],
  ['extra fields, which the schema allows', { ...valid(), extra: 1, items: [{ ...valid().items[0], color: 'red' }] }],
  ['hashes of the wrong type', { ...valid(), phone_hashed: 5, first_name_hashed: null }],
]

const adEvents: Array<[string, unknown]> = [
  ['session only', { session_id: 's' }],
  ['user only', { user_id: 'u' }],
  ['both', { session_id: 's', user_id: 'u' }],
  ['neither', {}],
  ['neither, something else', { other: 'x' }],
  ['session_id a number', { session_id: 5 }],
  ['not an object', 'session_id=s'],
]

const sorted = (errors: Array<{ instancePath: string; keyword: string; message: string }> | null) =>
  (errors ?? []).map((e) => `${e.instancePath} ${e.keyword} ${e.message}`).sort()

describe('the inspector\'s VTEX Ads schema check', () => {
  const ajv = loadValidators()

  it.each(conversions)('conversion body, %s: the errors Ajv gives', (_, body) => {
    expect(sorted(check(conversionSchema, body))).toEqual(sorted(ajv.validate('conversion', body)))
  })

  it.each(adEvents)('ad event body, %s: the errors Ajv gives', (_, body) => {
    expect(sorted(check(adEventSchema, body))).toEqual(sorted(ajv.validate('impression', body)))
  })

  it('finds something wrong where Ajv does (the cases above are not all valid)', () => {
    expect(conversions.filter(([, b]) => ajv.validate('conversion', b)).length).toBeGreaterThan(10)
    expect(check(conversionSchema, valid())).toEqual([])
  })
})
