// adbeacon for Shopify. Paste this whole file in Shopify admin → Settings → Customer events →
// Add custom pixel, after filling in the settings below: the same values as the tag's data
// attributes (README, "Options"). Leave a platform's values empty to leave it out.
var ADBEACON_SETTINGS = {
  "data-publisher-id": "YOUR-VTEX-ADS-PUBLISHER-ID",
  "data-default-country": "",
  "data-facebook-pixel-id": "",
  "data-google-conversion-id": "",
  "data-google-conversion-label": "",
  "data-debug": "false"
};
