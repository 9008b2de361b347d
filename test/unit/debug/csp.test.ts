import { afterEach, describe, expect, it } from 'vitest'
import { allows, metaBlocks } from '../../../src/debug/overlay/csp'

// Source matching as https://www.w3.org/TR/CSP3/#match-url-to-source-expression describes it,
// for what connect-src lists.
const self = new URL('https://shop.example.com/checkout')
const ok = (sources: string, url: string) => allows(sources.split(' '), new URL(url), self)

describe('CSP source lists (connect-src)', () => {
  it.each([
    ["'self'", 'https://shop.example.com/x', true],
    ["'self'", 'https://cdn.shop.example.com/x', false],
    ["'none'", 'https://shop.example.com/x', false],
    ['*', 'https://events.newtail-media.newtail.com.br/v1/beacon/view/1', true],
    ['*', 'data:text/plain,x', false],
    ['https:', 'https://www.facebook.com/tr?id=1', true],
    ['https:', 'http://127.0.0.1:5174/tr', false],
    ['events.newtail-media.newtail.com.br', 'https://events.newtail-media.newtail.com.br/v1/beacon/conversion', true],
    ['https://events.newtail-media.newtail.com.br', 'https://events.newtail-media.newtail.com.br/v1/beacon/conversion', true],
    ['*.newtail.com.br', 'https://events.newtail-media.newtail.com.br/v1', true],
    ['*.newtail.com.br', 'https://newtail.com.br/v1', false],
    ['https://www.facebook.com', 'https://www.googleadservices.com/pagead/conversion/1/', false],
    ['https://www.facebook.com/tr', 'https://www.facebook.com/tr?id=1', true],
    ['https://www.facebook.com/tr/', 'https://www.facebook.com/tr', false],
    ['https://www.googleadservices.com/pagead/', 'https://www.googleadservices.com/pagead/conversion/1/', true],
    ['http://127.0.0.1:5174', 'http://127.0.0.1:5174/v1/beacon/view/1', true],
    ['http://127.0.0.1:5174', 'http://127.0.0.1:5175/v1/beacon/view/1', false],
    ['http://127.0.0.1:*', 'http://127.0.0.1:5175/v1', true],
    ['http://api.example.com', 'https://api.example.com/v1', true], // upgraded
    ['api.example.com:443', 'https://api.example.com/v1', true],
  ])('%s allows %s: %s', (sources, url, expected) => {
    expect(ok(sources, url)).toBe(expected)
  })
})

describe('a <meta> policy of the page', () => {
  afterEach(() => document.head.replaceChildren())

  const meta = (content: string) => {
    const m = document.createElement('meta')
    m.setAttribute('http-equiv', 'Content-Security-Policy')
    m.setAttribute('content', content)
    document.head.append(m)
  }

  it('names the destinations its connect-src (else default-src) would block; every policy must allow', () => {
    const urls = ['https://events.newtail-media.newtail.com.br/v1/beacon/conversion', 'https://www.facebook.com/tr', 'https://www.googleadservices.com/pagead/conversion/']
    expect(metaBlocks(urls)).toEqual([])
    meta("default-src 'self' https://www.facebook.com")
    expect(metaBlocks(urls)).toEqual([urls[0], urls[2]])
    meta("img-src *; connect-src https:")
    expect(metaBlocks(urls)).toEqual([urls[0], urls[2]])
    document.head.replaceChildren()
    meta("script-src 'self'") // no connect-src nor default-src: nothing blocked
    expect(metaBlocks(urls)).toEqual([])
  })
})
