import { CATALOG, productCard } from './store.js'

// Plain products: no data-ad-* attributes, so the tracker sends nothing for them.
const best = ['100101', '100110', '100106', '100115', '100122', '100111', '100108', '100126']
document.getElementById('best-sellers').innerHTML = best
  .map((sku) => CATALOG.find((p) => p.sku === sku))
  .filter(Boolean)
  .map((p) => productCard(p))
  .join('')
