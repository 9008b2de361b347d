import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { adEventSchema, conversionSchema, getAdsRequestSchema } from '../../demo/collector/schema/vtex-ads'
import { loadValidators, type SchemaName } from '../../demo/collector/validate'

// The demo collector's own VTEX Ads request schemas. The example bodies below are copied from the
// published API description (https://developers.vtex.com/docs/api-reference/vtex-ads-api; file
// "VTEX - Ads API.json" of https://github.com/vtex/openapi-schemas): the API's own examples must
// pass, and leaving out any required field must give the API's 422 error for it.

const conversionExample = () => ({
  publisher_id: 'xxx',
  user_id: '6f92d1e9-00b6-4f8b-9645-faeab321e1cc',
  session_id: '5898b8d1-c250-4bb5-931b-8b9d0ee7b499',
  order_id: '123',
  email_hashed: 'xyz',
  items: [
    { sku: '12221', quantity: 1, price: 2000, promotional_price: 1899, seller_id: '1234', product_id: '4567' },
    { sku: '12222', quantity: 2, price: 1500, promotional_price: 1200, seller_id: '1234', product_id: '4568' },
  ] as Array<Record<string, unknown>>,
  created_at: '2026-01-01T09:20:00Z',
  channel: 'ecommerce',
  is_company: false,
  gender: 'M' as string | null,
  uf: 'SP',
  city: 'São Paulo',
  phone_hashed: 'abc123',
  social_id_hashed: 'def456',
  first_name_hashed: 'ghi789',
  last_name_hashed: 'jkl012',
})

/** The impression, view and click examples ("Identified user", "Anonymous session"). */
const adEventExamples = {
  with_user_id: { user_id: '6f92d1e9-00b6-4f8b-9645-faeab321e1cc' },
  with_session_id: { session_id: '5898b8d1-c250-4bb5-931b-8b9d0ee7b499' },
}

/** The Get ads request example, plus a segmentation rule built from the property examples. */
const getAdsExample = () => ({
  session_id: 'f361661f5986477990092a34562f18347',
  user_id: '6a746448cf5942bcaa3da426844ad115',
  context: 'search',
  channel: 'site',
  term: 'desodorante',
  placements: {
    searchTopBanner: { quantity: 1, size: 'desktop', types: ['banner'], assets_type: ['image'] },
    searchShelf: { quantity: 3, types: ['product'] } as Record<string, unknown>,
  },
  tags: ['Mega Maio'],
})
const segmentation = () => [{ key: 'STATE', values: ['RJ'] } as Record<string, unknown>]

const without = <T extends Record<string, unknown>>(body: T, field: string): Record<string, unknown> => {
  const copy: Record<string, unknown> = { ...body }
  delete copy[field]
  return copy
}

const requiredError = (instancePath: string, field: string, schemaPath: string) => ({
  instancePath,
  keyword: 'required',
  message: `must have required property '${field}'`,
  params: { missingProperty: field },
  schemaPath,
})

const v = loadValidators()

describe('the required lists (as published)', () => {
  it('conversion: the order and each item', () => {
    expect(conversionSchema.required).toEqual(['channel', 'publisher_id', 'user_id', 'session_id', 'order_id', 'email_hashed', 'items', 'created_at'])
    expect(conversionSchema.properties.items.items.required).toEqual(['sku', 'quantity', 'price', 'promotional_price'])
  })

  it('Get ads: the request, each placement, each segmentation rule', () => {
    expect(getAdsRequestSchema.required).toEqual(['session_id', 'context', 'placements', 'channel'])
    expect(getAdsRequestSchema.properties.placements.additionalProperties.required).toEqual(['quantity', 'types'])
    expect(getAdsRequestSchema.properties.segmentation.items.required).toEqual(['key', 'values'])
  })

  it('impression / view / click: user_id or session_id', () => {
    expect(adEventSchema.anyOf.map((variant) => variant.required)).toEqual([['user_id'], ['session_id']])
    for (const name of ['impression', 'view', 'click'] as const) expect(v.schema(name)).toBe(adEventSchema)
  })
})

describe('the published examples pass', () => {
  it('conversion', () => {
    expect(v.validate('conversion', conversionExample())).toBeNull()
  })

  it.each(['impression', 'view', 'click'] as const)('%s, both variants and both ids together', (name) => {
    expect(v.validate(name, adEventExamples.with_user_id)).toBeNull()
    expect(v.validate(name, adEventExamples.with_session_id)).toBeNull()
    expect(v.validate(name, { ...adEventExamples.with_user_id, ...adEventExamples.with_session_id })).toBeNull()
  })

  it('Get ads request (with a segmentation rule too)', () => {
    expect(v.validate('getads', getAdsExample())).toBeNull()
    expect(v.validate('getads', { ...getAdsExample(), segmentation: segmentation() })).toBeNull()
  })
})

describe('each required field missing is refused with the API 422 error for it', () => {
  it.each([...conversionSchema.required])('conversion without %s', (field) => {
    expect(v.validate('conversion', without(conversionExample(), field))).toEqual([requiredError('', field, '#/required')])
  })

  it.each([...conversionSchema.properties.items.items.required])('conversion item without %s', (field) => {
    const body = conversionExample()
    body.items[1] = without(body.items[1]!, field)
    expect(v.validate('conversion', body)).toEqual([requiredError('/items/1', field, '#/properties/items/items/required')])
  })

  it.each([...getAdsRequestSchema.required])('Get ads without %s', (field) => {
    expect(v.validate('getads', without(getAdsExample(), field))).toEqual([requiredError('', field, '#/required')])
  })

  it.each([...getAdsRequestSchema.properties.placements.additionalProperties.required])('Get ads placement without %s', (field) => {
    const body = getAdsExample()
    body.placements.searchShelf = without(body.placements.searchShelf, field)
    expect(v.validate('getads', body)).toEqual([requiredError('/placements/searchShelf', field, '#/properties/placements/additionalProperties/required')])
  })

  it.each([...getAdsRequestSchema.properties.segmentation.items.required])('Get ads segmentation rule without %s', (field) => {
    const rules = segmentation()
    rules[0] = without(rules[0]!, field)
    expect(v.validate('getads', { ...getAdsExample(), segmentation: rules })).toEqual([
      requiredError('/segmentation/0', field, '#/properties/segmentation/items/required'),
    ])
  })

  it.each(['impression', 'view', 'click'] as const)('%s without either id: both variants fail, then the anyOf', (name: SchemaName) => {
    expect(v.validate(name, {})).toEqual([
      requiredError('', 'user_id', '#/anyOf/0/required'),
      requiredError('', 'session_id', '#/anyOf/1/required'),
      { instancePath: '', keyword: 'anyOf', message: 'must match a schema in anyOf', params: {}, schemaPath: '#/anyOf' },
    ])
  })
})

describe('types, enums and nullable as published', () => {
  it('conversion gender: F, M, O or null; seller_id may be null; prices are numbers', () => {
    for (const gender of ['F', 'M', 'O', null]) expect(v.validate('conversion', { ...conversionExample(), gender })).toBeNull()
    expect(v.validate('conversion', { ...conversionExample(), gender: 'X' })).toEqual([
      expect.objectContaining({ instancePath: '/gender', keyword: 'enum', schemaPath: '#/properties/gender/enum' }),
    ])
    const body = conversionExample()
    body.items[0] = { ...body.items[0], seller_id: null, price: 19.9 }
    expect(v.validate('conversion', body)).toBeNull()
    body.items[0] = { ...body.items[0], price: '19.90', seller_id: 1234 }
    expect(v.validate('conversion', body)?.map((e) => `${e.instancePath} ${e.keyword}`)).toEqual(['/items/0/price type', '/items/0/seller_id type'])
  })

  it('ad event ids are strings', () => {
    expect(v.validate('click', { user_id: 42 })).toContainEqual(expect.objectContaining({ instancePath: '/user_id', keyword: 'type' }))
  })

  it('Get ads context, channel, placement types and tags follow their enums and limits', () => {
    expect(v.validate('getads', { ...getAdsExample(), context: 'checkout', channel: 'web' })?.map((e) => `${e.instancePath} ${e.keyword}`)).toEqual(['/context enum', '/channel enum'])
    const body = getAdsExample()
    body.placements.searchShelf = { quantity: 1.5, types: ['video'] }
    expect(v.validate('getads', body)?.map((e) => `${e.instancePath} ${e.keyword}`)).toEqual(['/placements/searchShelf/quantity type', '/placements/searchShelf/types/0 enum'])
    expect(v.validate('getads', { ...getAdsExample(), tags: Array.from({ length: 11 }, (_, i) => `t${i}`) })).toEqual([expect.objectContaining({ instancePath: '/tags', keyword: 'maxItems' })])
  })
})

describe('self-contained', () => {
  // A fresh clone has nothing beside it: no file the project runs or tests may reach into the
  // team's ../shared folder (README commands must work from `git clone` alone; .ci/run proves it).
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
  const files = (dir: string): string[] =>
    readdirSync(join(root, dir)).flatMap((name) => {
      const path = join(dir, name)
      return statSync(join(root, path)).isDirectory() ? files(path) : [path]
    })

  it('nothing under src, test, demo, scripts or .ci mentions the shared reference folder', () => {
    const needle = new RegExp(['shared', 'reference'].join('/') + '|ADBEACON_' + 'OPENAPI')
    const scanned = ['src', 'test', 'demo', 'scripts', '.ci'].flatMap(files).filter((f) => !/\.(png|jpe?g|gif|ico)$/.test(f))
    expect(scanned.length).toBeGreaterThan(50)
    expect(scanned.filter((f) => needle.test(readFileSync(join(root, f), 'utf8')))).toEqual([])
  })
})
