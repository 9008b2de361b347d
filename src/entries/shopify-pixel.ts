// dist/adbeacon-shopify-pixel.js: the code a Shopify merchant pastes into Customer events → Add
// custom pixel, below the settings block that the build puts at its top (src/shopify/settings.js).
// Shopify gives a custom pixel `analytics`, `browser`, `init` and `customerPrivacy` in its scope
// (https://shopify.dev/docs/api/web-pixels-api). Nothing here may throw into Shopify's sandbox.
import { startPixel } from '../shopify/pixel'
import type { PixelApi } from '../shopify/web-pixels-api'

declare const ADBEACON_SETTINGS: unknown
declare const analytics: PixelApi['analytics']
declare const browser: PixelApi['browser']
declare const init: PixelApi['init']
declare const customerPrivacy: PixelApi['customerPrivacy']

try {
  startPixel(
    {
      analytics,
      browser,
      init: typeof init == 'undefined' ? undefined : init,
      customerPrivacy: typeof customerPrivacy == 'undefined' ? undefined : customerPrivacy,
    },
    typeof ADBEACON_SETTINGS == 'undefined' ? {} : ADBEACON_SETTINGS,
  )
} catch (e) {
  console.error('[adbeacon] the Shopify pixel could not start', e)
}
