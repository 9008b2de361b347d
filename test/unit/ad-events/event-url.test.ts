import { describe, expect, it, vi } from 'vitest'
import { createUrlCheck, eventUrlProblem, VTEX_EVENT_HOSTS } from '../../../src/ad-events/event-url'
import { applyOptions, DEFAULTS } from '../../../src/config'
import { createLogger } from '../../../src/log'

/** The verdict alone (the source's isAllowedEventUrl is gone: eventUrlProblem says why, or nothing). */
const isAllowedEventUrl = (url: unknown, allowed: readonly string[] = []): boolean => eventUrlProblem(url, allowed) === undefined

const SIGNED =
  'https://events.newtail-media.newtail.com.br/v1/beacon/impression/ad-1?publisher_id=p&ad_type=product&event_id=e1&sign=8e6a80ef902c1000975175ad383bd6e4ba91caa324a782a7c31d49a5359dff6e'

describe('event URL allow-list', () => {
  it('accepts VTEX Ads event hosts, current and historical (the API description servers)', () => {
    expect(VTEX_EVENT_HOSTS).toEqual(['events.newtail-media.newtail.com.br', 'events-api.ads.vtex.com', 'newtail-media.newtail.com.br'])
    expect(eventUrlProblem(SIGNED)).toBeUndefined()
    expect(isAllowedEventUrl('https://events-api.ads.vtex.com/v1/beacon/view/x?sign=1')).toBe(true)
    expect(isAllowedEventUrl('https://newtail-media.newtail.com.br/v1/beacon/click/x')).toBe(true)
    expect(isAllowedEventUrl('https://EVENTS.newtail-media.newtail.com.br/v1/beacon/click/x')).toBe(true)
  })

  it('refuses other hosts, look-alikes and tricks that put another host in the URL', () => {
    for (const url of [
      'https://evil.example/v1/beacon/click/x',
      'https://events.newtail-media.newtail.com.br.evil.example/v1/beacon/click/x',
      'https://evil-events.newtail-media.newtail.com.br.example/x',
      'https://sub.events.newtail-media.newtail.com.br/x', // subdomains are not the platform's
      'https://events.newtail-media.newtail.com.br@evil.example/x',
      'https://user:pw@events.newtail-media.newtail.com.br/x',
      'https://events.newtail-media.newtail.com.br:8443/x', // another port: not the documented service
    ]) {
      expect(eventUrlProblem(url), url).toBeDefined()
    }
    expect(eventUrlProblem('https://evil.example/x')).toContain('evil.example')
  })

  it('requires https, http only on the local machine, and an absolute URL', () => {
    expect(eventUrlProblem('http://events.newtail-media.newtail.com.br/x')).toMatch(/https/)
    expect(eventUrlProblem('//events.newtail-media.newtail.com.br/x')).toMatch(/absolute/)
    expect(eventUrlProblem('/v1/beacon/click/x')).toMatch(/absolute/)
    expect(eventUrlProblem('javascript:alert(1)')).toBeDefined()
    expect(eventUrlProblem('data:text/plain,hi')).toBeDefined()
    expect(eventUrlProblem(undefined)).toBeDefined()
    expect(eventUrlProblem(42)).toBeDefined()
    expect(eventUrlProblem('')).toBeDefined()
    expect(isAllowedEventUrl('http://127.0.0.1:8080/v1/beacon/click/x', ['127.0.0.1:8080'])).toBe(true)
    expect(isAllowedEventUrl('http://localhost:8080/x', ['localhost:8080'])).toBe(true)
    expect(isAllowedEventUrl('http://ads.shop.example/x', ['ads.shop.example'])).toBe(false)
  })

  it('refuses spellings that the parser reads as an allowed host but the browser resolves against the page', () => {
    // happy-dom's page: https://shop.example.com/ (vitest.config.ts). sendBeacon resolves its URL
    // against document.baseURI, where "https:host/.." and "https:/host" are paths of the store.
    const V = 'events.newtail-media.newtail.com.br'
    expect(new URL(`https:${V}/../../redirect?to=https://evil.tld`, document.baseURI).host).toBe('shop.example.com')
    for (const url of [
      `https:${V}/../../redirect?to=https://evil.tld`,
      `https:/${V}/v1/beacon/click/x`,
      `HTTPS:${V}/x`,
      `https:\\${V}/x`,
      `ht\ttps://${V}/x`,
      `https\n://${V}/x`,
      `https:\t//${V}/x`,
      `\u0001https://${V}/x`,
      `http:localhost:8080/x`,
      `http:/127.0.0.1:8080/x`,
      `http://localhost.evil.tld/x`,
      `http://localhost@evil.tld/x`,
    ]) {
      expect(isAllowedEventUrl(url, ['localhost:8080', '127.0.0.1:8080', 'evil.tld']), JSON.stringify(url)).toBe(false)
    }
    // the plain spellings, in any case, with the whitespace browsers strip around attributes
    expect(isAllowedEventUrl(`HTTPS://${V}/x`)).toBe(true)
    expect(isAllowedEventUrl(` https://${V}/x\n`)).toBe(true)
    expect(isAllowedEventUrl('HTTP://LOCALHOST:8080/x', ['localhost:8080'])).toBe(true)
  })

  it('normalises configured hosts: case, trailing dot, punycode, default port', () => {
    expect(isAllowedEventUrl('https://ads.shop.example/e', ['ADS.Shop.Example.'])).toBe(true)
    // Whitespace around an entry is the option reader's job now (applyOptions trims each host).
    const hosts = applyOptions(DEFAULTS, { eventHosts: [' ads.shop.example.:444 '] }, createLogger()).eventHosts
    expect(hosts).toEqual(['ads.shop.example.:444'])
    expect(isAllowedEventUrl('https://ads.shop.example:444/e', hosts)).toBe(true)
    expect(isAllowedEventUrl('https://ads.shop.example:444/e', applyOptions(DEFAULTS, { eventHosts: ' ads.shop.example.:444 , x.example' }, createLogger()).eventHosts)).toBe(true)
    expect(isAllowedEventUrl('https://xn--anncios-71a.loja.example/e', ['anúncios.loja.example'])).toBe(true)
    expect(isAllowedEventUrl('https://anúncios.loja.example/e', ['anúncios.loja.example'])).toBe(true)
    expect(isAllowedEventUrl('https://ads.shop.example:443/e', ['ads.shop.example'])).toBe(true)
    expect(isAllowedEventUrl('https://ads.shop.example/e', ['', 'bad host', 'https://'])).toBe(false)
  })

  it('matches configured hosts as host (default port) or host:port', () => {
    expect(isAllowedEventUrl('https://ads.shop.example/e?x=1', ['ads.shop.example'])).toBe(true)
    expect(isAllowedEventUrl('https://ads.shop.example:444/e', ['ads.shop.example'])).toBe(false)
    expect(isAllowedEventUrl('https://ads.shop.example:444/e', ['ads.shop.example:444'])).toBe(true)
    expect(isAllowedEventUrl('https://ads.shop.example/e', ['ads.shop.example:443'])).toBe(true)
    expect(isAllowedEventUrl('http://127.0.0.1:5000/e', ['127.0.0.1:5001'])).toBe(false)
    expect(isAllowedEventUrl('http://127.0.0.1:5000/e', ['127.0.0.1'])).toBe(false)
    expect(isAllowedEventUrl('https://ads.shop.example/e', ['https://ads.shop.example/'])).toBe(true)
    expect(isAllowedEventUrl('https://other.shop.example/e', ['ads.shop.example'])).toBe(false)
  })
})

describe('createUrlCheck (the verdict for one page)', () => {
  const setup = (hosts: string[] = []) => {
    const log = createLogger()
    const warn = vi.spyOn(log, 'warn').mockImplementation(() => {})
    let allowed: readonly string[] = hosts
    const check = createUrlCheck(() => allowed, log)
    return { check, warn, setHosts: (h: string[]) => { allowed = h } }
  }

  it('warns once per refused host, however many URLs go to it', () => {
    const { check, warn } = setup()
    for (let i = 0; i < 1000; i++) expect(check(`https://evil.example/v1/beacon/impression/ad-${i}?sign=${i}`)).toBe(false)
    for (let i = 0; i < 100; i++) expect(check(`https://other.example:8443/v/${i}`)).toBe(false)
    expect(warn).toHaveBeenCalledTimes(2)
    expect(warn.mock.calls[0]![0]).toBe('refused host')
    expect(warn.mock.calls[0]![1]).toBe('evil.example')
    expect(String(warn.mock.calls[0]![2])).toContain('evil.example')
    expect(warn.mock.calls[1]![1]).toBe('other.example:8443')
  })

  it('accepts VTEX Ads hosts and configured ones without a warning, and follows a changed allow-list', () => {
    const { check, warn, setHosts } = setup(['ads.shop.example'])
    expect(check(SIGNED)).toBe(true)
    expect(check('https://ads.shop.example/e')).toBe(true)
    expect(check('https://late.shop.example/e')).toBe(false)
    setHosts(['late.shop.example'])
    expect(check('https://late.shop.example/e')).toBe(true)
    expect(check('https://ads.shop.example/e')).toBe(false)
    expect(warn).toHaveBeenCalledTimes(2)
  })

  it('names a URL that is not absolute https by itself, once', () => {
    const { check, warn } = setup()
    expect(check('/v1/beacon/click/x')).toBe(false)
    expect(check('/v1/beacon/click/x')).toBe(false)
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0]!.map(String).join(' ')).toContain('not an absolute https:// URL')
  })
})
