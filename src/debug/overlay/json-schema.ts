/**
 * A compact JSON Schema checker for the inspector: just the keywords of the project's VTEX Ads
 * request schemas (type, enum, required, properties, items, anyOf; `default` is ignored), giving
 * the errors Ajv gives with allErrors (instancePath, keyword, message), so the inspector shows
 * what the API's 422 would say. Ajv itself would be tens of KB in the debug file; the unit test
 * compares the two on the same bodies.
 */
export type JsonSchema = { readonly [keyword: string]: unknown }

export interface SchemaError {
  instancePath: string
  keyword: string
  message: string
}

const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v)

/** JSON Schema types: "number" takes integers, "integer" only whole numbers. */
const isType = (v: unknown, t: string): boolean => t == typeOf(v) || (t == 'integer' && Number.isInteger(v))

export function check(schema: JsonSchema, value: unknown, path = '', out: SchemaError[] = []): SchemaError[] {
  const err = (keyword: string, message: string, at = path) => out.push({ instancePath: at, keyword, message })
  const types = schema.type === undefined ? [] : ([] as string[]).concat(schema.type as string)
  if (types.length && !types.some((t) => isType(value, t))) err('type', 'must be ' + types.join(','))
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => e === value)) err('enum', 'must be equal to one of the allowed values')
  if (Array.isArray(schema.anyOf)) {
    const branches = (schema.anyOf as JsonSchema[]).map((s) => check(s, value, path))
    if (branches.every((b) => b.length)) {
      for (const b of branches) out.push(...b)
      err('anyOf', 'must match a schema in anyOf')
    }
  }
  if (typeOf(value) == 'object') {
    const obj = value as Record<string, unknown>
    for (const p of (schema.required as string[] | undefined) ?? []) if (obj[p] === undefined) err('required', `must have required property '${p}'`)
    const props = (schema.properties ?? {}) as Record<string, JsonSchema>
    for (const k of Object.keys(obj)) if (Object.prototype.hasOwnProperty.call(props, k)) check(props[k]!, obj[k], `${path}/${k}`, out)
  }
  if (Array.isArray(value) && schema.items) value.forEach((v, i) => check(schema.items as JsonSchema, v, `${path}/${i}`, out))
  return out
}
