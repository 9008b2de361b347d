// The long explanations behind the short warnings of adbeacon.js and adbeacon-conversion.js, by
// code (log.warn's first argument). Only adbeacon-debug.js carries them: every page of every store
// would otherwise pay for them (Preact keeps its messages in preact/debug the same way).
export const EXPLANATIONS: Record<string, string> = {
  option: 'Options are the data-* attributes of the adbeacon.js tag or config({...}); see README "Options". A bad value is ignored and the default is used; the other options still apply.',
  config: 'config() takes one object, e.g. adbeacon("config", {currency: "BRL"}).',
  consent: 'consent takes "granted", "denied", or {ad_storage, ad_user_data} with those values (Google Consent Mode names).',
  identify: "identify() takes the store's own customer id. An e-mail is refused: user_id travels unhashed in every ad event. Put e-mails in the order, where they are hashed.",
  landing: 'Click ids (gclid, fbclid, naid, …) are kept exactly as in the URL and only with the characters such tokens have; utm values must not be personal data (an e-mail, a long number).',
  host: 'Ad event URLs carry the shopper\'s session_id and user_id, so they go only to VTEX Ads\' own event hosts or hosts listed in data-event-hosts ("host" or "host:port"), over https (http only for localhost). Each refused host is named once.',
  ads: 'ads() takes the Get ads response as VTEX Ads returned it: placement name → array of ads with ad_id and impression_url / view_url / click_url.',
  manual: 'impression()/view()/click() take an element with data-ad-*-url attributes, an ad object from Get ads, or the ad_id of an ad given to ads().',
  io: 'Without IntersectionObserver (very old browsers) nothing can tell when an ad is in view.',
  twice: 'Two copies of the tag (a theme and an app both adding it) would double every event: the second does nothing. Remove one.',
  command: 'Commands: config, identify, consent, ads, impression, view, click, conversion, reset, debugState.',
  load: 'adbeacon-conversion.js / adbeacon-debug.js are loaded from the same folder as adbeacon.js. Check that they are deployed beside it and that the CSP script-src allows them. A sale whose file never arrived is not marked sent: a later visit can still report it.',
  order: 'The order: order_id, e-mail (hashed before it leaves), items[] with sku, quantity, price (per unit, a number). See README "The order". Nothing was sent and nothing was marked sent.',
  track: 'tracks take the Mercado Pago Checkout Pro preference shape: [{type:"facebook_ad", values:{pixel_id}}, {type:"google_ad", values:{conversion_id, conversion_label}}]; or the data-facebook-pixel-id / data-google-conversion-id / data-google-conversion-label attributes.',
  currency: 'Meta and Google need a currency with the value: give order.currency or data-currency="BRL".',
  publisher: 'VTEX Ads conversions need the publisher id that VTEX Ads gave the store (data-publisher-id).',
  refused: 'The platform answered 4xx: this body will not be accepted if sent again, so it is not retried.',
  gaveup: 'After 10 attempts over several page views the request is dropped.',
  outbox: 'The outbox keeps at most 20 requests / 256 KiB for 7 days, so it can never fill the store\'s storage.',
  oid: 'Google limits transaction_id to 64 characters.',
}
