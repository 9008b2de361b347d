import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EXPLANATIONS } from '../../../src/debug/messages'

// src/log.ts: a warning's `code` "keys the long explanation in the debug build", and
// src/entries/debug.ts looks it up as EXPLANATIONS[code]. Found keyed by other words while moving the
// unit tests; fixed in src by 771de74. Every code used in src must have its text, and every text a code.

const SRC = resolve(__dirname, '../../../src')
const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.ts') ? [join(dir, f)] : []))

/**
 * Every code passed as the first argument of log.warn / log?.warn in src, and every `code` of a
 * destination's decision (src/conversion/decide.ts warns with it).
 */
const codes = [...new Set(files(SRC).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\.warn\??\.?\(\s*'([^']+)'|\bcode: '([^']+)'/g)].map((m) => (m[1] ?? m[2])!)))].sort()

describe('debug explanations (keyed by the warning codes)', () => {
  it('finds the warning codes', () => {
    expect(codes).toContain('refused host')
    expect(codes.length).toBeGreaterThan(10)
  })

  it('every warning code has its explanation in adbeacon-debug.js', () => {
    expect(codes.filter((c) => !(c in EXPLANATIONS))).toEqual([])
  })

  it('every explanation belongs to a warning code', () => {
    expect(Object.keys(EXPLANATIONS).filter((k) => !codes.includes(k)).sort()).toEqual([])
  })
})
