import { describe, expect, it, vi } from 'vitest'
import { addAdsResponse, adKey, urlsOf, type AdUrls } from '../../../src/ad-events/registry'
import { createLogger } from '../../../src/log'

const ev = (kind: string, id: string, extra = '') =>
  `https://events.newtail-media.newtail.com.br/v1/beacon/${kind}/${id}?publisher_id=p1&ad_type=x${extra}&sign=abc123`

/** Shaped like vtexads-api-docs examples/SEARCH_SPONSORED_*.md (top-level scalars included). */
const RESPONSE = {
  query_at: '2025-07-01T23:15:11.329513811+00:00',
  query_id: 'f90f882c-449c-41ea-a81f-e473768d2cfe',
  request_id: 'bf0550d7-4ac0-4324-80af-5735e513a932',
  search_top: [
    { ad_id: 'prod-1', type: 'product', product_sku: '111', impression_url: ev('impression', 'prod-1'), view_url: ev('view', 'prod-1'), click_url: ev('click', 'prod-1') },
    { ad_id: 'banner-1', type: 'banner', media_url: 'https://cdn.example/b.png', impression_url: ev('impression', 'banner-1'), view_url: ev('view', 'banner-1'), click_url: ev('click', 'banner-1') },
  ],
  brand_shelf: [
    {
      ad_id: 'brand-1',
      type: 'sponsored_brand',
      brand_name: 'Midea',
      impression_url: ev('impression', 'brand-1'),
      view_url: ev('view', 'brand-1'),
      click_url: ev('click', 'brand-1'),
      products: [
        { product_sku: '55069360', impression_url: ev('impression', 'brand-1', '&product_sku=55069360'), view_url: ev('view', 'brand-1', '&product_sku=55069360'), click_url: ev('click', 'brand-1', '&product_sku=55069360') },
        { product_sku: '55049769', impression_url: ev('impression', 'brand-1', '&product_sku=55049769'), view_url: ev('view', 'brand-1', '&product_sku=55049769'), click_url: ev('click', 'brand-1', '&product_sku=55049769') },
      ],
    },
  ],
}

const quietLog = () => {
  const log = createLogger(false)
  const warn = vi.spyOn(log, 'warn').mockImplementation(() => {})
  return { log, warn }
}

/** A registry filled from one response, as ads() does. */
function parse(response: unknown, log: ReturnType<typeof quietLog>['log']) {
  const registry = new Map<string, AdUrls>()
  const added = addAdsResponse(registry, response, log)
  return { registry, added, keys: [...registry.keys()] }
}

describe('Get ads response (registry)', () => {
  it('walks only the array-valued keys, keeps product, banner, brand and each brand product with its own URLs', () => {
    const { log, warn } = quietLog()
    const { registry, added, keys } = parse(RESPONSE, log)
    expect(keys).toEqual(['prod-1', 'banner-1', 'brand-1', adKey('brand-1', '55069360'), adKey('brand-1', '55049769')])
    expect(added).toBe(5)
    expect(registry.get(adKey('brand-1', '55069360'))!.click).toBe(RESPONSE.brand_shelf[0]!.products[0]!.click_url)
    // URLs are kept byte for byte: they are signed.
    expect(registry.get('prod-1')).toEqual({
      impression: RESPONSE.search_top[0]!.impression_url,
      view: RESPONSE.search_top[0]!.view_url,
      click: RESPONSE.search_top[0]!.click_url,
    })
    expect(warn).not.toHaveBeenCalled()
  })

  it('skips malformed ads with a warning naming them, keeps the rest', () => {
    const { log, warn } = quietLog()
    const { keys } = parse(
      {
        p: [null, 'x', { type: 'product', click_url: ev('click', 'z') }, { ad_id: 7, click_url: ev('click', '7') }, { ad_id: 'ok' }],
        q: [{ ad_id: 'b', type: 'sponsored_brand', products: [{ impression_url: ev('impression', 'b') }, { product_sku: 's' }] }],
      },
      log,
    )
    expect(keys).toEqual(['7', 'ok', 'b'])
    // code, then where in the response
    expect(warn.mock.calls).toEqual([
      ['invalid ad', 'p[0].ad_id'],
      ['invalid ad', 'p[1].ad_id'],
      ['invalid ad', 'p[2].ad_id'],
      ['invalid ad', 'q[0].products[0].product_sku'],
    ])
  })

  it('a later response replaces the URLs of the same ad', () => {
    const { log } = quietLog()
    const registry = new Map<string, AdUrls>()
    addAdsResponse(registry, { a: [{ ad_id: 'x', click_url: ev('click', 'x') }] }, log)
    expect(addAdsResponse(registry, { a: [{ ad_id: 'x', click_url: ev('click', 'x', '&request_id=2') }] }, log)).toBe(0)
    expect(registry.get('x')).toEqual({ click: ev('click', 'x', '&request_id=2') })
  })

  it('also binds a sponsored-brand product by its own ad_id when it has one', () => {
    const { log } = quietLog()
    const { registry, keys } = parse({ s: [{ ad_id: 'b', type: 'sponsored_brand', products: [{ ad_id: 'bp', product_sku: '9', click_url: ev('click', 'bp') }] }] }, log)
    expect(keys).toEqual(['b', adKey('b', '9'), 'bp'])
    expect(registry.get('bp')!.click).toBe(ev('click', 'bp'))
  })

  it('refuses non-objects, and accepts a bare array of ads', () => {
    const { log, warn } = quietLog()
    expect(parse('nope', log).keys).toEqual([])
    expect(parse(null, log).keys).toEqual([])
    expect(warn).toHaveBeenCalledTimes(2)
    expect(warn.mock.calls[0]).toEqual(['invalid', 'ads()', 'nope'])
    expect(parse([{ ad_id: 'a', click_url: ev('click', 'a') }], log).keys).toEqual(['a'])
  })

  it('reads URL fields of an ad-like object', () => {
    expect(urlsOf({ click_url: 'u', view_url: 3 })).toEqual({ click: 'u' })
    expect(urlsOf({})).toBeUndefined()
    expect(urlsOf('x')).toBeUndefined()
  })
})
