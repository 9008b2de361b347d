// For the every-page script: whether a dataLayer entry may hold a sale, so that the conversion
// part (with the mappers of this folder) is loaded only then. Cheap and loose: the mapper decides.

/** A GA4 or VTEX `event`, a UA `ecommerce.purchase`, or gtag('event', 'purchase', …); never throws. */
export function mayBeSale(push: unknown): boolean {
  try {
    const e = push as { event?: unknown; ecommerce?: { purchase?: unknown } | null; 0?: unknown; 1?: unknown } | null
    return !!e && typeof e == 'object' && (e.event === 'purchase' || e.event === 'orderPlaced' || !!e.ecommerce?.purchase || (e[0] === 'event' && e[1] === 'purchase'))
  } catch {
    return false
  }
}
