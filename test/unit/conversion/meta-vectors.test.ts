// Meta's own normaliser as the reference (issue 11, part 3): every vector of the Conversions API
// parameter builder's tests (capi-param-builder-nodejs, a dev dependency) is run through
// adbeacon's Meta normalisation (hash.ts, as the Meta destination calls it). A vector either
// agrees, or differs for one of the reasons listed in DIFFERENCES, each of which must still
// explain at least one vector. Inputs of our own (where issue 11 found the two apart) are checked
// against Meta's SDK functions themselves.
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { isSha256Hex, normalizeField, type PiiField } from '../../../src/conversion/hash'
import { metaVectors, type MetaField } from '../support/meta-vectors'

const FIELD: Record<MetaField, PiiField> = { email: 'email', phone: 'phone', name: 'first_name', external_id: 'external_id' }

/** What adbeacon hashes for Meta (hashField's path before the digest); undefined: nothing is sent. */
function ours(field: MetaField, input: unknown, country: string): string | undefined {
  const v = typeof input == 'number' && Number.isFinite(input) ? String(input) : input
  if (typeof v != 'string') return undefined
  const t = v.trim()
  return isSha256Hex(t) ? t.toLowerCase() : normalizeField('meta', FIELD[field], t, country)
}

/** What Meta's SDK hashes for its expected value: a hash lowercased, and nothing for null or ''. */
const theirs = (expected: unknown): string | undefined =>
  typeof expected == 'string' && expected ? (isSha256Hex(expected) ? expected.toLowerCase() : expected) : undefined

interface Case { field: MetaField; input: unknown; meta: string | undefined; ours: string | undefined }

// Meta's vectors are mostly US numbers written nationally.
const COUNTRY = 'US'

const DIFFERENCES: Array<{ why: string; is(c: Case): boolean }> = [
  {
    why: "Meta's SDK hashes any value as String(value) ('[object Object]', 'true', 'NaN', a Date's text); adbeacon takes only strings and finite numbers: anything else is no personal data, and its hash would match nobody.",
    is: (c) => typeof c.input != 'string' && !(typeof c.input == 'number' && Number.isFinite(c.input)),
  },
  {
    why: "Meta's SDK sends nothing for an address its RFC 2822 approximation refuses (a double dot, no top-level domain, a space inside); adbeacon hashes it as given. Validation has already refused an order whose e-mail has whitespace or is not something@something, and such a hash matches no account: nothing is mismatched.",
    is: (c) => c.field == 'email' && c.meta === undefined,
  },
  {
    why: "A number written without its country code: Meta's documentation requires the country code (https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/customer-information-parameters), which its SDK cannot know and leaves out; adbeacon adds defaultCountry's (here US, 1).",
    is: (c) => c.field == 'phone' && c.ours === '1' + c.meta,
  },
  {
    why: 'An extension (ext. 123, #123): an E.164 number has none (RFC 3966 keeps it apart as ;ext=), and folding its digits into the number, as Meta does, makes another number; adbeacon drops it.',
    is: (c) => {
      const m = /^(.*?)\s*(?:ext\.?|#)\s*(\d+)$/.exec(String(c.input))
      return c.field == 'phone' && !!m && c.ours === ours('phone', m[1], COUNTRY) && !!c.meta?.endsWith(m[2]!)
    },
  },
  {
    why: 'Fewer than 7 or more than 15 digits: no telephone number with its country code (E.164 allows at most 15, ITU-T E.164 §6.1); Meta hashes the digits anyway (1800 from 1-800-FLOWERS, 911), adbeacon sends no phone.',
    is: (c) => c.field == 'phone' && c.ours === undefined && !!c.meta && (c.meta.length < 7 || c.meta.length > 15),
  },
]

const FIELDS: MetaField[] = ['email', 'phone', 'name', 'external_id']
const cases: Case[] = FIELDS.flatMap((field) => metaVectors(field).map(({ input, expected }) => ({ field, input, meta: theirs(expected), ours: ours(field, input, COUNTRY) })))

// Inputs of our own, where issue 11 found adbeacon and Meta apart (a "+" after other characters,
// "+00", a capital sigma before a space or hyphen), with Meta's SDK itself as the oracle (its
// functions, from the dev dependency). Phones are written internationally (Meta's SDK adds no
// country code) and read with defaultCountry BR, so a number read as national would show.
const require = createRequire(import.meta.url)
const meta = {
  phone: (require('capi-param-builder-nodejs/src/piiUtil/phoneUtil') as { getNormalizedPhone(v: string): string }).getNormalizedPhone,
  name: (require('capi-param-builder-nodejs/src/piiUtil/stringUtil') as { getNormalizedName(v: string): string }).getNormalizedName,
  external_id: (require('capi-param-builder-nodejs/src/piiUtil/stringUtil') as { getNormalizedExternalID(v: string): string }).getNormalizedExternalID,
}
const OWN: Array<[keyof typeof meta, string]> = [
  ['phone', '+55 (11) 99999-0000'],
  ['phone', '(+1) 650 555 1212'],
  ['phone', 'Tel: +1 650 555 1212'],
  ['phone', '\u200E+1 650 555 1212'], // a left-to-right mark, as copied from a right-to-left page
  ['phone', '\u202A+44 20 7946 0958\u202C'],
  ['phone', '+00 1 650 555 1212'],
  ['phone', '+0055 11 99999-0000'],
  ['name', 'María José'],
  ['name', 'ΟΔΥΣΣΕΑΣ ΠΑΠΑΣ'], // a capital sigma before a space lowercases to the final ς unless the space goes first
  ['name', 'ΚΩΣΤΑΣ-ΝΙΚΟΣ'],
  ['external_id', 'ΑΣ ΒΣ'],
]
const own: Case[] = OWN.map(([field, input]) => ({ field, input, meta: theirs(meta[field](input)), ours: ours(field, input, 'BR') }))

describe("Meta's parameter-builder vectors", () => {
  it('are read from the package (each of its four normaliser test files)', () => {
    for (const field of FIELDS) expect(cases.filter((c) => c.field == field).length, field).toBeGreaterThan(100)
  })

  it('agree with adbeacon, or differ for a listed reason', () => {
    const unexplained = cases.filter((c) => c.meta !== c.ours && !DIFFERENCES.some((d) => d.is(c)))
    expect(unexplained).toEqual([])
  })

  it('each listed reason still explains a vector', () => {
    for (const d of DIFFERENCES) expect(cases.filter((c) => c.meta !== c.ours && d.is(c)).length, d.why).toBeGreaterThan(0)
  })

  it('names and external ids: every string vector agrees (accents, punctuation, Unicode whitespace, hashes)', () => {
    const strings = cases.filter((c) => (c.field == 'name' || c.field == 'external_id') && typeof c.input == 'string')
    expect(strings.length).toBeGreaterThan(300)
    expect(strings.filter((c) => c.meta !== c.ours)).toEqual([])
  })

  it("inputs of our own agree with Meta's SDK; the phones are the same E.164 number for VTEX and Google", () => {
    expect(own.filter((c) => c.meta !== c.ours)).toEqual([])
    for (const c of own.filter((x) => x.field == 'phone')) expect(normalizeField('google', 'phone', c.input as string, 'BR'), c.input as string).toBe('+' + c.meta)
  })
})
