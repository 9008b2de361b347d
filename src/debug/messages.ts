// The long explanations behind the short warnings of adbeacon.js and adbeacon-conversion.js, by
// code (log.warn's first argument). Only adbeacon-debug.js carries them: every page of every store
// would otherwise pay for them (Preact keeps its messages in preact/debug the same way).
export const EXPLANATIONS: Record<string, string> = {
  invalid: 'Options are the data-* attributes of the adbeacon.js tag or config({...}); see README "Options". A value that is not valid for its option is ignored and the default is used; the other options still apply. consent takes "granted", "denied", or {ad_storage, ad_user_data} with those values; ads() takes the Get ads response object. defaultCountry takes an ISO alpha-2 country adbeacon has a calling code for (the Americas, Spain, Portugal, GB, FR, DE), or the calling code itself (e.g. "39"): with neither, every phone written without its country code would be dropped.',
  'unknown option': 'Known options (data attributes): publisher-id, conversion-url, event-hosts, user-id-cookie, currency, default-country, debug, channel, brand, session-days, attribution-days, dedup-days, meta-endpoint, google-endpoint, cookie-domain, auto-bind, consent, facebook-pixel-id, google-conversion-id, google-conversion-label.',
  option: 'A valid value that is probably not what the store meant; see README "Options".',
  'not a customer id': "identify() takes the store's own customer id (a string or number, at most 200 characters). An e-mail is refused: user_id travels unhashed in every ad event. Put e-mails in the order, where they are hashed.",
  'refused landing parameter': 'Click ids (gclid, fbclid, naid, …) are kept exactly as in the URL and only with the characters such tokens have; utm values must not be personal data (an e-mail, a long number) nor markup.',
  'refused host': "Ad event URLs carry the shopper's session_id and user_id, so they go only to VTEX Ads' own event hosts or to hosts listed in data-event-hosts (\"host\" or \"host:port\"), as plain absolute https URLs (http only for localhost). Each refused host is named once, however many ads point there.",
  'invalid ad': 'ads() takes the Get ads response as VTEX Ads returned it: placement name → array of ads with ad_id and impression_url / view_url / click_url; sponsored-brand products need product_sku.',
  'no URL': 'impression()/view()/click() take an element with data-ad-*-url attributes, an ad object from Get ads, or the ad_id of an ad already given to ads().',
  unsupported: 'Without IntersectionObserver (very old browsers) nothing can tell when an ad is in view; impressions and views are sent only by impression()/view().',
  'loaded twice': 'Two copies of the tag (a theme and an app both adding it) would double every event: the second does nothing. Remove one.',
  'unknown command': 'Commands: config, identify, consent, ads, impression, view, click, conversion, reset, debugState.',
  'not loaded': 'adbeacon-conversion.js and adbeacon-debug.js are loaded from the same folder as adbeacon.js: deploy them beside it, and let the CSP script-src allow them. A sale whose file never arrived is not marked sent: a later visit can still report it.',
  'too long': 'A personal field (phone, social_id, first_name, last_name, user_id) longer than 200 characters is no real value: it is left out before it is normalised and hashed, and the sale is sent without it.',
  order: 'The order: order_id, email (hashed before it leaves), items[] with sku, quantity and price (per unit, a number). See README "The order". Nothing was sent and nothing was marked sent. email may also be its SHA-256 hex. order_id and user_id travel unhashed (Meta\'s event id, Google\'s transaction_id, every VTEX Ads event), so neither may be an e-mail; user_id is the store\'s customer id. created_at is ISO-8601 with a time zone, e.g. "2026-01-01T09:20:00Z": a local time would shift the sale by hours against the attribution window. currency is an ISO 4217 code such as "BRL".',
  track: 'One facebook_ad track and one google_ad track are used, the first valid of each. tracks take the Mercado Pago Checkout Pro preference shape: [{type:"facebook_ad", values:{pixel_id}}, {type:"google_ad", values:{conversion_id, conversion_label}}], or the data-facebook-pixel-id / data-google-conversion-id / data-google-conversion-label attributes.',
  currency: 'Meta and Google need a currency with the value: give order.currency or data-currency="BRL", an ISO 4217 code.',
  publisher: 'VTEX Ads conversions need the publisher id that VTEX Ads gave the store (data-publisher-id), a UUID. The README\'s placeholder pasted as is would have VTEX refuse every sale, so it is not sent.',
  refused: 'The platform answered 4xx: it will not accept this body if sent again, so it is not retried.',
  gaveup: 'After 10 attempts over several page views the request is dropped.',
  outbox: "The outbox keeps at most 20 requests / 1 MiB for 7 days, so it can never fill the store's storage.",
  oid: 'Google limits transaction_id to 64 characters.',
}
