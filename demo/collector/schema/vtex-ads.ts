// The collector's own JSON Schemas (draft-07, as Ajv reads them) for the VTEX Ads request bodies it
// checks. They are written from the published VTEX Ads API description (OpenAPI 3.0.0 "VTEX Ads
// API" v1.0.0):
//   https://developers.vtex.com/docs/api-reference/vtex-ads-api
//   https://github.com/vtex/openapi-schemas, file "VTEX - Ads API.json"
// keeping its facts exactly: field names, types, `required` lists, enums, and OpenAPI's
// `nullable: true` written as a `null` type (JSON Schema has no `nullable`). Documentation-only
// keywords (descriptions, examples, `format: double`) are left out, as before, so an error's
// `schemaPath` is the same as the API's 422 would give. If VTEX changes the API, change these by
// hand and the tests in test/unit/collector-schema.test.ts with them.

/** A JSON Schema node, as plain data. */
export type JsonSchema = { readonly [keyword: string]: unknown }

const string = { type: 'string' } as const
const number = { type: 'number' } as const
const boolean = { type: 'boolean' } as const

/**
 * Body of the impression, view and click beacons: `POST /v1/beacon/{impression|view|click}/{ad_id}`.
 * Either id may be left out, not both (the description's two variants, "Identified user" and
 * "Anonymous session").
 */
export const adEventSchema = {
  type: 'object',
  anyOf: [
    { type: 'object', required: ['user_id'] },
    { type: 'object', required: ['session_id'] },
  ],
  properties: {
    user_id: string,
    session_id: string,
  },
} as const satisfies JsonSchema

/** Body of the conversion beacon: `POST /v1/beacon/conversion`. */
export const conversionSchema = {
  type: 'object',
  required: ['channel', 'publisher_id', 'user_id', 'session_id', 'order_id', 'email_hashed', 'items', 'created_at'],
  properties: {
    channel: string,
    brand: string,
    publisher_id: string,
    user_id: string,
    session_id: string,
    order_id: string,
    email_hashed: string,
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['sku', 'quantity', 'price', 'promotional_price'],
        properties: {
          sku: string,
          quantity: number,
          price: number,
          promotional_price: number,
          seller_id: { type: ['string', 'null'] }, // nullable: true
          product_id: string,
        },
      },
    },
    created_at: string,
    is_company: { type: 'boolean', default: false },
    gender: { type: ['string', 'null'], enum: ['F', 'M', 'O', null], default: null }, // nullable: true
    uf: string,
    city: string,
    phone_hashed: string,
    social_id_hashed: string,
    first_name_hashed: string,
    last_name_hashed: string,
  },
} as const satisfies JsonSchema

/** Body of the ad query ("Get ads"): `POST /v1/rma/{publisher_id}`. */
export const getAdsRequestSchema = {
  type: 'object',
  required: ['session_id', 'context', 'placements', 'channel'],
  properties: {
    session_id: string,
    user_id: string,
    store_id: string,
    context: { type: 'string', enum: ['home', 'category', 'search', 'product_page', 'brand_page', 'digital_signage'] },
    term: string,
    category_name: string,
    product_sku: string,
    brand_name: string,
    placements: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['quantity', 'types'],
        properties: {
          quantity: { type: 'integer' },
          size: string,
          types: { type: 'array', items: { type: 'string', enum: ['product', 'banner', 'sponsored_brand', 'digital_signage'] } },
          assets_type: { type: 'array', items: { type: 'string', enum: ['image', 'video'] } },
          allow_sku_duplications: boolean,
        },
      },
    },
    product_attributes: {
      type: 'object',
      properties: {
        category_name: string,
        brand_name: string,
      },
    },
    channel: { type: 'string', enum: ['site', 'msite', 'app'] },
    device_id: string,
    store_name: string,
    brand: string,
    userAgent: string,
    tags: { type: 'array', items: { type: 'string', maxLength: 64 }, maxItems: 10 },
    skus: { type: 'array', items: string },
    dedup_campaign_ads: boolean,
    dedup_ads: boolean,
    segmentation: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key', 'values'],
        properties: {
          key: { type: 'string', enum: ['AGE', 'GENDER', 'STATE', 'CITY', 'AUDIENCES', 'NBO_CATEGORIES'] },
          values: { type: 'array', items: string, minItems: 1 },
        },
      },
    },
  },
} as const satisfies JsonSchema

export type SchemaName = 'impression' | 'view' | 'click' | 'conversion' | 'getads'

/** Which schema each endpoint's request body is checked against. */
export const SCHEMAS: Readonly<Record<SchemaName, JsonSchema>> = {
  impression: adEventSchema,
  view: adEventSchema,
  click: adEventSchema,
  conversion: conversionSchema,
  getads: getAdsRequestSchema,
}

/** Where the facts come from (shown by the collector's /__collector/health). */
export const SCHEMA_SOURCE = 'https://developers.vtex.com/docs/api-reference/vtex-ads-api'
