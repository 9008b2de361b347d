// The test vectors of Meta's Conversions API parameter builder (the npm package
// capi-param-builder-nodejs, a dev dependency: https://github.com/facebook/capi-param-builder),
// read from its own Jest tests at test time rather than copied: each
// `expect(getNormalizedX(input)).toEqual(expected)` of those files is recorded as a vector by
// running the file with a stand-in for Jest and for Meta's function.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

export type MetaField = 'email' | 'phone' | 'name' | 'external_id'
export interface Vector { input: unknown; expected: unknown }

// Each Meta test file and the function it tests.
const FILES: Record<MetaField, [file: string, fn: string]> = {
  email: ['emailUtil.test.js', 'getNormalizedEmail'],
  phone: ['phoneUtil.test.js', 'getNormalizedPhone'],
  name: ['nameUtil.test.js', 'getNormalizedName'],
  external_id: ['externalIDUtil.test.js', 'getNormalizedExternalID'],
}

const packageDir = dirname(createRequire(import.meta.url).resolve('capi-param-builder-nodejs/package.json'))

/** The (input, expected) pairs of one field, in the order of Meta's file. */
export function metaVectors(field: MetaField): Vector[] {
  const [file, fn] = FILES[field]
  const vectors: Vector[] = []
  // Meta's function is replaced by one that returns a marker of its input; expect() records the
  // marker with the expected value. Matchers that state no expected value (toThrow, .not…) and
  // assertions on anything else (typeof result) record nothing.
  const marker = Symbol('input')
  const fake = { [fn]: (input: unknown) => ({ [marker]: input }) }
  const expect = (actual: unknown) => {
    const record = (expected: unknown) => {
      if (typeof actual == 'object' && actual !== null && marker in actual) vectors.push({ input: (actual as Record<symbol, unknown>)[marker], expected })
    }
    const matchers: Record<string, unknown> = { toEqual: record, toBe: record, toBeNull: () => record(null) }
    return new Proxy(matchers, { get: (t, k) => t[k as string] ?? (k === 'not' ? new Proxy({}, { get: () => () => undefined }) : () => undefined) })
  }
  const block = (_name: string, body?: () => void) => body?.()
  const source = readFileSync(join(packageDir, 'tests', file), 'utf8')
  new Function('require', 'describe', 'test', 'it', 'expect', source)(() => fake, block, block, block, expect)
  return vectors
}
