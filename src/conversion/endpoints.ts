// The platforms' documented endpoints, the defaults of conversionUrl / metaEndpoint /
// googleEndpoint. Here rather than in the every-page script: only the conversion part sends to them.

/** VTEX Ads conversion beacon (https://github.com/vtex/vtexads-api-docs, POST /v1/beacon/conversion). */
export const VTEX_CONVERSION_URL = 'https://events.newtail-media.newtail.com.br/v1/beacon/conversion'
/** Meta Pixel image endpoint (https://developers.facebook.com/docs/meta-pixel/advanced/#image-pixel). */
export const META_ENDPOINT = 'https://www.facebook.com/tr'
/** Google Ads conversion pixel prefix, as gtag.js itself requests it. */
export const GOOGLE_ENDPOINT = 'https://www.googleadservices.com/pagead/conversion/'
