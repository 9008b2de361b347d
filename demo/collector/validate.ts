import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv'

/** One validation error in the shape the VTEX Ads API answers with 422 (Ajv output). */
export interface AjvStyleError {
  instancePath: string
  keyword: string
  message: string
  params: Record<string, unknown>
  schemaPath: string
}

export type SchemaName = 'impression' | 'view' | 'click' | 'conversion' | 'getads'

const PATHS: Record<SchemaName, string> = {
  impression: '/v1/beacon/impression/{ad_id}',
  view: '/v1/beacon/view/{ad_id}',
  click: '/v1/beacon/click/{ad_id}',
  conversion: '/v1/beacon/conversion',
  getads: '/v1/rma/{publisher_id}',
}

const SPEC_RELATIVE = 'shared/reference/vtex-ads-api.openapi.json'

/**
 * The spec lives beside the repository (../shared/reference/), in CI too. Several starting points
 * because this module is run from source (vitest), bundled into Vite's config (where
 * import.meta.url may point at a temporary file) and from any working directory.
 */
export function findSpec(): string {
  const candidates: string[] = []
  if (process.env.ADBEACON_OPENAPI) candidates.push(resolve(process.env.ADBEACON_OPENAPI))
  try {
    candidates.push(fileURLToPath(new URL('../../../' + SPEC_RELATIVE, import.meta.url)))
  } catch {
    /* import.meta.url not a file URL */
  }
  candidates.push(resolve(process.cwd(), '..', SPEC_RELATIVE), resolve(process.cwd(), '../..', SPEC_RELATIVE))
  for (const c of candidates) if (existsSync(c)) return c
  throw new Error(`adbeacon collector: cannot find the VTEX Ads OpenAPI file; looked at\n  ${candidates.join('\n  ')}\nSet ADBEACON_OPENAPI to its path.`)
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

/**
 * OpenAPI 3.0 schema → JSON Schema that Ajv understands: `nullable: true` becomes a `null` type
 * (the conversion `gender` enum already lists null), and the documentation-only keywords go.
 */
export function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema)
  if (node === null || typeof node !== 'object') return node
  const out: { [k: string]: Json } = {}
  for (const [k, v] of Object.entries(node)) {
    if (k === 'example' || k === 'examples' || k === 'nullable' || k === 'format' || k === 'description' || k === 'title') continue
    if (k === 'enum' || k === 'required' || k === 'default' || k === 'const') out[k] = v
    else if ((k === 'properties' || k === 'patternProperties') && v && typeof v === 'object' && !Array.isArray(v)) {
      // Property names are data, not keywords: a property called "description" must stay.
      out[k] = Object.fromEntries(Object.entries(v).map(([name, sub]) => [name, toJsonSchema(sub)]))
    } else out[k] = toJsonSchema(v)
  }
  if ((node as { nullable?: Json }).nullable === true && typeof out.type === 'string') out.type = [out.type, 'null']
  return out
}

export interface Validators {
  specPath: string
  validate(name: SchemaName, body: unknown): AjvStyleError[] | null
  schema(name: SchemaName): unknown
}

let cached: Validators | undefined

export function loadValidators(): Validators {
  if (cached) return cached
  const specPath = findSpec()
  const spec = JSON.parse(readFileSync(specPath, 'utf8')) as { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Json }> } }>> }
  const Ajv = ((AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule) as typeof AjvModule
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false })
  const compiled = new Map<SchemaName, { fn: ValidateFunction; schema: Json }>()
  for (const [name, path] of Object.entries(PATHS) as Array<[SchemaName, string]>) {
    const raw = spec.paths[path]?.post?.requestBody?.content?.['application/json']?.schema
    if (!raw) throw new Error(`adbeacon collector: ${specPath} has no request body schema for POST ${path}`)
    const schema = toJsonSchema(raw)
    compiled.set(name, { fn: ajv.compile(schema as object), schema })
  }
  cached = {
    specPath,
    schema: (name) => compiled.get(name)!.schema,
    validate(name, body) {
      const { fn } = compiled.get(name)!
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
