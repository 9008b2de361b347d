import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv'
import { SCHEMAS, SCHEMA_SOURCE, type JsonSchema, type SchemaName } from './schema/vtex-ads.js'

export type { SchemaName } from './schema/vtex-ads.js'

/** One validation error in the shape the VTEX Ads API answers with 422 (Ajv output). */
export interface AjvStyleError {
  instancePath: string
  keyword: string
  message: string
  params: Record<string, unknown>
  schemaPath: string
}

export interface Validators {
  /** Where the schemas' facts come from: the published VTEX Ads API description. */
  source: string
  validate(name: SchemaName, body: unknown): AjvStyleError[] | null
  schema(name: SchemaName): JsonSchema
}

let cached: Validators | undefined

/**
 * Ajv validators for the project's own schemas (./schema/vtex-ads.ts): nothing is read from disk,
 * so the collector works the same from a fresh clone, from source (vitest) and bundled into Vite's
 * config.
 */
export function loadValidators(): Validators {
  if (cached) return cached
  const Ajv = ((AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule) as typeof AjvModule
  // strict: the schemas are ours now, so an unknown keyword (a typo such as `require`) is an error
  // at start-up rather than a rule silently not checked. Union types: `nullable` fields; required
  // properties declared beside an anyOf rather than inside it: the ad events' two variants.
  const ajv = new Ajv({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: true, validateFormats: false })
  const compiled = new Map<JsonSchema, ValidateFunction>()
  const fnFor = (name: SchemaName): ValidateFunction => {
    const schema = SCHEMAS[name]
    let fn = compiled.get(schema)
    if (!fn) {
      fn = ajv.compile(schema)
      compiled.set(schema, fn)
    }
    return fn
  }
  for (const name of Object.keys(SCHEMAS) as SchemaName[]) fnFor(name)
  cached = {
    source: SCHEMA_SOURCE,
    schema: (name) => SCHEMAS[name],
    validate(name, body) {
      const fn = fnFor(name)
      if (fn(body)) return null
      return (fn.errors ?? []).map((e: ErrorObject) => ({
        instancePath: e.instancePath,
        keyword: e.keyword,
        message: e.message ?? e.keyword,
        params: e.params as Record<string, unknown>,
        schemaPath: e.schemaPath,
      }))
    },
  }
  return cached
}
