import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { hashField, isSha256Hex, knownCountry, normalizeEmail, normalizeName, normalizePhone, normalizeSocialId, sha256Hex } from '../../../src/conversion/hash'

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex')

afterEach(() => vi.unstubAllGlobals())

describe('sha256Hex', () => {
  it('is lowercase hex SHA-256 of the UTF-8 bytes', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(await sha256Hex('정')).toBe(sha('정'))
  })
  it('isSha256Hex', () => {
    expect(isSha256Hex('a'.repeat(64))).toBe(true)
    expect(isSha256Hex('A'.repeat(64))).toBe(true)
    expect(isSha256Hex('a'.repeat(63))).toBe(false)
    expect(isSha256Hex('g'.repeat(64))).toBe(false)
  })
})

// Meta's official vectors:
// https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/customer-information-parameters
describe('Meta: official advanced-matching vectors', () => {
  it('em: John_Smith@gmail.com', async () => {
    expect(normalizeEmail('John_Smith@gmail.com', 'meta')).toBe('john_smith@gmail.com')
    expect(await hashField('meta', 'email', 'John_Smith@gmail.com')).toBe('62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f')
    expect(await hashField('meta', 'email', '  John_Smith@gmail.com ')).toBe('62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f')
  })
  it('ph: US (650)555-1212 → 16505551212, no "+"', async () => {
    expect(normalizePhone('(650)555-1212', 'meta', 'US')).toBe('16505551212')
    expect(await hashField('meta', 'phone', '(650)555-1212', 'US')).toBe('e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176')
    expect(await hashField('meta', 'phone', '+1 (650) 555-1212')).toBe('e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176')
  })
  it('fn/ln: Mary, 정, Valéry (accents kept, NFC)', async () => {
    expect(await hashField('meta', 'first_name', 'Mary')).toBe('6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec')
    expect(await hashField('meta', 'last_name', '정')).toBe('8fa8cd9c440be61d0151429310034083132b35975c4bea67fdd74158eb51db14')
    expect(normalizeName('Valéry', 'meta')).toBe('valéry')
    expect(await hashField('meta', 'first_name', 'Valéry')).toBe('08e1996b5dd49e62a4b4c010d44e4345592a863bb9f8e3976219bac29417149c')
    // decomposed input (e + combining acute) must still match: NFC first
    expect(await hashField('meta', 'first_name', 'Vale\u0301ry')).toBe('08e1996b5dd49e62a4b4c010d44e4345592a863bb9f8e3976219bac29417149c')
  })
  it("the advanced-matching page's ud[fn] sample is sha256('kelly')", async () => {
    expect(await hashField('meta', 'first_name', ' Kelly ')).toBe('4ca6f6d5a544bf57c323657ad33aae1a019c775518cf4414beedb86962aea7c1')
  })
  it('names: Meta removes every whitespace and ASCII punctuation, accents kept', async () => {
    expect(normalizeName("  O'Brien-Smith ", 'meta')).toBe('obriensmith')
    expect(normalizeName('Mary   Ann', 'meta')).toBe('maryann')
    expect(normalizeName('J. R. R.', 'meta')).toBe('jrr')
    expect(normalizeName('María José', 'meta')).toBe('maríajosé')
    expect(normalizeName('Ana\tMaria\nJo\u00e3o', 'meta')).toBe('anamariajoão')
    expect(await hashField('meta', 'first_name', 'María José')).toBe(sha('maríajosé'))
    // decomposed input still becomes NFC before the strip
    expect(await hashField('meta', 'last_name', 'Conceic\u0327a\u0303o da Silva')).toBe(sha('conceiçãodasilva'))
  })
  it('names: exactly the ASCII punctuation set goes; Unicode punctuation such as ’ stays', () => {
    expect(normalizeName('a!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~b', 'meta')).toBe('ab')
    expect(normalizeName('O’Brien', 'meta')).toBe('o’brien')
    expect(normalizeName('«Zoë»', 'meta')).toBe('«zoë»')
    expect(normalizeName(' ... ', 'meta')).toBeUndefined()
  })
  it('external_id: trimmed, lowercased, every whitespace removed, then hashed', async () => {
    expect(await hashField('meta', 'external_id', ' Customer-42 ')).toBe(sha('customer-42'))
    expect(await hashField('meta', 'external_id', ' Customer 42\t7 ')).toBe(sha('customer427'))
  })
})

// facebook/capi-param-builder's own normaliser tests (php/capi-param-builder/tests/PIIUtilsTest.php):
// getNormalizedName strips "whitespace_and_punctuation", getNormalizedExternalID "whitespace_only".
describe("Meta: capi-param-builder's examples", () => {
  it.each([
    ['first_name', '  John Smith  ', 'johnsmith'],
    ['last_name', '  Mary Johnson  ', 'maryjohnson'],
    ['external_id', '  User123  ', 'user123'],
    ['external_id', '  Customer123  ', 'customer123'],
    ['email', '  John.Doe@Example.COM  ', 'john.doe@example.com'],
    ['email', '  Test.User+Tag@EXAMPLE.COM  ', 'test.user+tag@example.com'],
    ['phone', '+1 (555) 123-4567', '15551234567'],
  ] as const)('%s %j → %j', async (field, input, normalised) => {
    expect(await hashField('meta', field, input)).toBe(sha(normalised))
  })
})

// Google: https://developers.google.com/google-ads/api/docs/conversions/enhance-conversions
// (enhanced-conversions normalisation; google-ads-python tests).
describe('Google: enhanced-conversions normalisation', () => {
  it.each([
    ['  User@Example.COM  ', 'user@example.com'],
    ['first.last.name@gmail.com', 'firstlastname@gmail.com'],
    ['another.user.name@googlemail.com', 'anotherusername@googlemail.com'],
    ['name.with.dots@otherdomain.com', 'name.with.dots@otherdomain.com'],
    ['user.name+alias@gmail.com', 'username+alias@gmail.com'],
    ['Us er@Example.com', 'user@example.com'],
  ])('e-mail %j → %j', (input, out) => {
    expect(normalizeEmail(input, 'google')).toBe(out)
  })
  it('gmail dots are Google-only', () => {
    expect(normalizeEmail('first.last@gmail.com', 'meta')).toBe('first.last@gmail.com')
    expect(normalizeEmail('first.last@gmail.com', 'vtex')).toBe('first.last@gmail.com')
  })
  it('computed hashes from the documented rules', async () => {
    expect(await hashField('google', 'email', 'first.last.name@gmail.com')).toBe('dade6ca73d941eb9a4b33b0e1039d63ead599cb786df84691466b53491b24d2c')
    // Data Manager's example: (800)555-0100 → +18005550100
    expect(normalizePhone('(800)555-0100', 'google', 'US')).toBe('+18005550100')
    expect(await hashField('google', 'phone', '(800)555-0100', 'US')).toBe('fb4f73a6ec5fdb7077d564cdd22c3554b43ce49168550c3b12c547b78c517b30')
  })
  it('the same phone hashes differently for Google (+) and Meta (no +)', async () => {
    const g = await hashField('google', 'phone', '(650)555-1212', 'US')
    const m = await hashField('meta', 'phone', '(650)555-1212', 'US')
    expect(g).toBe(sha('+16505551212'))
    expect(g!.startsWith('1e231c66')).toBe(true)
    expect(m).toBe('e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176')
  })
})

// https://developers.vtex.com/docs/guides/integrating-audiences
describe('VTEX', () => {
  it('phone: E.164 with "+" from a Brazilian national number', async () => {
    expect(normalizePhone('(11) 99999-9999', 'vtex', 'BR')).toBe('+5511999999999')
    expect(normalizePhone('(11) 99999-9999', 'vtex', '55')).toBe('+5511999999999')
    expect(normalizePhone('(11) 99999-9999', 'vtex', '+55')).toBe('+5511999999999')
    expect(await hashField('vtex', 'phone', '(11) 99999-9999', 'br')).toBe(sha('+5511999999999'))
  })
  it('e-mail: trim + lowercase, no gmail rule', async () => {
    expect(await hashField('vtex', 'email', ' Maria.Souza@Gmail.com ')).toBe(sha('maria.souza@gmail.com'))
  })
  it('social_id: digits only (CPF, CNPJ)', async () => {
    expect(normalizeSocialId('123.456.789-09')).toBe('12345678909')
    expect(normalizeSocialId('12.345.678/0001-95')).toBe('12345678000195')
    expect(await hashField('vtex', 'social_id', '123.456.789-09')).toBe(sha('12345678909'))
    expect(await hashField('vtex', 'social_id', 12345678909)).toBe(sha('12345678909'))
    // the alphanumeric CNPJ keeps its letters instead of collapsing into a wrong number
    expect(normalizeSocialId('12.ABC.345/01DE-35')).toBe('12ABC34501DE35')
  })
  it('names: trim, collapse spaces, lowercase, accents kept', () => {
    expect(normalizeName('  Maria   da  Conceição ', 'vtex')).toBe('maria da conceição')
    expect(normalizeName("D'Ávila", 'vtex')).toBe("d'ávila")
  })
})

describe('phone normalisation', () => {
  it.each([
    // [input, defaultCountry, E.164]
    ['+55 (11) 99999-9999', undefined, '+5511999999999'],
    ['0055 11 99999 9999', undefined, '+5511999999999'],
    ['5511999999999', 'BR', '+5511999999999'], // already carries 55: 13 digits > 11
    ['55 99999-9999', 'BR', '+5555999999999'], // area code 55 (RS): national
    ['011 99999-9999', 'BR', '+5511999999999'], // trunk zero dropped
    ['+44 (0)20 7946 0958', undefined, '+442079460958'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['612 34 56 78', 'ES', '+34612345678'],
    ['912 345 678', 'PT', '+351912345678'],
    ['099 123 456', 'UY', '+59899123456'],
    ['59899123456', 'UY', '+59899123456'],
    ['55 1234 5678', 'MX', '+525512345678'],
    ['090-1234-5678', '81', '+819012345678'], // a calling code outside the table
  ])('%j (%s) → %s', (input, country, e164) => {
    expect(normalizePhone(input, 'google', country)).toBe(e164)
    expect(normalizePhone(input, 'meta', country)).toBe(e164.slice(1))
  })
  it.each([
    // [input, defaultCountry, E.164]: the extension is dropped, never folded into the number
    ['+1-650-555-1212 ext. 3', undefined, '+16505551212'],
    ['(650) 555-1212 ext 45', 'US', '+16505551212'],
    ['(650) 555-1212 Ext: 45', 'US', '+16505551212'],
    ['(650) 555-1212 extension 7', 'US', '+16505551212'],
    ['650.555.1212x12', 'US', '+16505551212'],
    ['+1 650 555 1212 X 12', undefined, '+16505551212'],
    ['(650) 555-1212 #3', 'US', '+16505551212'],
    ['(11) 3333-4444 ramal 21', 'BR', '+551133334444'],
    ['(11) 3333-4444 Ramal:210', 'BR', '+551133334444'],
  ])('extension: %j (%s) → %s', (input, country, e164) => {
    expect(normalizePhone(input, 'google', country)).toBe(e164)
    expect(normalizePhone(input, 'meta', country)).toBe(e164.slice(1))
  })
  it('knownCountry: an ISO alpha-2 of the table or a 1–3 digit calling code', () => {
    for (const c of ['BR', 'br', ' us ', 'GB', '55', '+55', '1', '81', '598']) expect(knownCountry(c), c).toBe(true)
    // IT is left out of the table on purpose (its leading zero stays in E.164); names are not codes
    for (const c of ['', 'ZZ', 'IT', 'Brazil', 'BRA', '1234', '+', 'constructor', '__proto__']) expect(knownCountry(c), c).toBe(false)
    // it answers exactly what normalizePhone can do with a national number
    expect(normalizePhone('(11) 99999-9999', 'vtex', 'IT')).toBeUndefined()
  })
  it('undefined when it cannot become E.164', () => {
    expect(normalizePhone('(11) 99999-9999', 'vtex')).toBeUndefined() // no country known
    expect(normalizePhone('(11) 99999-9999', 'vtex', 'ZZ')).toBeUndefined()
    expect(normalizePhone('12', 'vtex', 'BR')).toBeUndefined()
    expect(normalizePhone('+1234567890123456', 'vtex')).toBeUndefined() // > 15 digits
    expect(normalizePhone('n/a', 'vtex', 'BR')).toBeUndefined()
  })
})

describe('hashField', () => {
  it('passes SHA-256 hex through, lowercased', async () => {
    const h = sha('someone@example.com')
    expect(await hashField('meta', 'email', h.toUpperCase())).toBe(h)
    expect(await hashField('google', 'phone', ` ${h} `)).toBe(h)
  })
  it('undefined for empty, missing or unusable values', async () => {
    for (const v of [undefined, null, '', '   ', {}, NaN]) expect(await hashField('vtex', 'email', v)).toBeUndefined()
    expect(await hashField('vtex', 'email', 'not-an-email')).toBeUndefined()
    expect(await hashField('meta', 'first_name', ' ... ')).toBeUndefined()
    expect(await hashField('vtex', 'social_id', '--')).toBeUndefined()
  })
  it('resolves undefined, never throws, without Web Crypto (insecure context)', async () => {
    vi.stubGlobal('crypto', {})
    await expect(hashField('vtex', 'email', 'a@b.com')).resolves.toBeUndefined()
    vi.stubGlobal('crypto', undefined)
    await expect(hashField('meta', 'email', 'a@b.com')).resolves.toBeUndefined()
    vi.stubGlobal('crypto', { subtle: { digest: () => Promise.reject(new Error('NotSupported')) } })
    await expect(hashField('google', 'email', 'a@b.com')).resolves.toBeUndefined()
  })
})
