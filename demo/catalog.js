// The demo store's catalogue, shared by the pages (as an ES module in the browser) and by the
// collector's Get ads mock (imported from TypeScript through catalog.d.ts). Prices are per unit,
// in BRL, as a VTEX store would have them: `price` is the list ("from") price and
// `promotional_price` the sale ("for") price.

/** @type {import('./catalog').Product[]} */
export const CATALOG = [
  p('100101', 'Dove Men+Care Clean Comfort deodorant 150 ml', 'Dove', 'Daily care > Deodorant > Spray', 24.9, 19.9, 'can', '#4f7cff'),
  p('100102', 'Nivea Black & White Invisible deodorant 150 ml', 'Nivea', 'Daily care > Deodorant > Spray', 22.9, 17.49, 'can', '#1f3a8a'),
  p('100103', 'Rexona Clinical Extra Dry roll-on 48 g', 'Rexona', 'Daily care > Deodorant > Roll-on', 31.9, 27.9, 'bottle', '#0ea5a4'),
  p('100104', 'Granado Glycerine bar soap, pack of 6', 'Granado', 'Daily care > Soap', 42.0, 36.9, 'box', '#16a34a'),
  p('100105', 'Natura Ekos Castanha body lotion 400 ml', 'Natura', 'Daily care > Body', 79.9, 64.9, 'bottle', '#b45309'),
  p('100106', 'Pantene Restauração shampoo 400 ml', 'Pantene', 'Hair > Shampoo', 29.9, 22.9, 'bottle', '#ca8a04'),
  p('100107', 'Elseve Óleo Extraordinário conditioner 400 ml', "L'Oréal", 'Hair > Conditioner', 32.9, 25.9, 'bottle', '#9333ea'),
  p('100108', 'Colgate Total 12 toothpaste 90 g, 3 units', 'Colgate', 'Daily care > Oral care', 27.9, 21.99, 'tube', '#dc2626'),
  p('100109', 'Oral-B Pro-Saúde toothbrush, 2 units', 'Oral-B', 'Daily care > Oral care', 19.9, 15.9, 'box', '#2563eb'),
  p('100110', 'Sundown FPS 50 sunscreen 200 ml', 'Sundown', 'Daily care > Sun', 69.9, 54.9, 'tube', '#f59e0b'),
  p('100111', 'Neutrogena Hydro Boost water gel 50 g', 'Neutrogena', 'Skin > Moisturiser', 89.9, 74.9, 'jar', '#0284c7'),
  p('100112', 'La Roche-Posay Effaclar gel 150 g', 'La Roche-Posay', 'Skin > Cleanser', 99.9, 84.9, 'tube', '#0891b2'),
  p('100113', 'Cetaphil gentle cleansing lotion 300 ml', 'Cetaphil', 'Skin > Cleanser', 84.9, 69.9, 'bottle', '#64748b'),
  p('100114', 'Johnson’s baby shampoo 400 ml', "Johnson's", 'Baby > Bath', 24.9, 19.9, 'bottle', '#f472b6'),
  p('100115', 'Pampers Confort Sec diapers M, 80 units', 'Pampers', 'Baby > Diapers', 119.9, 94.9, 'box', '#22c55e'),
  p('100116', 'Huggies Natural Care wipes, 48 units', 'Huggies', 'Baby > Wipes', 18.9, 14.9, 'box', '#38bdf8'),
  p('100117', 'Gillette Mach3 razor + 2 cartridges', 'Gillette', 'Men > Shaving', 49.9, 39.9, 'box', '#334155'),
  p('100118', 'Nivea Men sensitive shaving gel 200 ml', 'Nivea', 'Men > Shaving', 34.9, 27.9, 'can', '#0f172a'),
  p('100119', 'Head & Shoulders anti-dandruff 400 ml', 'Head & Shoulders', 'Hair > Shampoo', 36.9, 29.9, 'bottle', '#1d4ed8'),
  p('100120', 'Seda Cachos Definidos cream 300 ml', 'Seda', 'Hair > Styling', 16.9, 12.9, 'jar', '#db2777'),
  p('100121', 'Eudora Instance hand cream 50 g', 'Eudora', 'Daily care > Body', 29.9, 23.9, 'tube', '#7c3aed'),
  p('100122', 'O Boticário Malbec eau de toilette 100 ml', 'O Boticário', 'Fragrance > Men', 219.9, 189.9, 'flask', '#7f1d1d'),
  p('100123', 'Quasar Classic deodorant cologne 100 ml', 'O Boticário', 'Fragrance > Men', 109.9, 89.9, 'flask', '#065f46'),
  p('100124', 'Lily eau de parfum 75 ml', 'O Boticário', 'Fragrance > Women', 279.9, 239.9, 'flask', '#be185d'),
  p('100125', 'Vichy Minéral 89 serum 50 ml', 'Vichy', 'Skin > Serum', 179.9, 149.9, 'bottle', '#0e7490'),
  p('100126', 'Bioderma Sensibio H2O micellar water 250 ml', 'Bioderma', 'Skin > Cleanser', 89.9, 72.9, 'bottle', '#e11d48'),
  p('100127', 'Listerine Cool Mint mouthwash 500 ml', 'Listerine', 'Daily care > Oral care', 26.9, 19.9, 'bottle', '#0d9488'),
  p('100128', 'Carefree cotton panty liners, 40 units', 'Carefree', 'Daily care > Feminine', 15.9, 11.9, 'box', '#a855f7'),
  p('100129', 'Always Super Protection pads, 32 units', 'Always', 'Daily care > Feminine', 23.9, 18.9, 'box', '#6366f1'),
  p('100130', 'Protex Vitamina E bar soap, pack of 6', 'Protex', 'Daily care > Soap', 21.9, 16.9, 'box', '#15803d'),
  p('100131', 'Darrow Actine sunscreen FPS 60 40 g', 'Darrow', 'Daily care > Sun', 74.9, 62.9, 'tube', '#ea580c'),
  p('100132', 'Avène thermal spring water 300 ml', 'Avène', 'Skin > Face mist', 99.9, 79.9, 'can', '#0369a1'),
]

/** Sponsored-brand and banner creatives the Get ads mock serves. */
export const BRANDS = [
  { brand_name: 'Nivea', headline: 'Care that lasts 48 hours', description: 'The Nivea deodorant range, now with 20% off.', skus: ['100102', '100118', '100101'], color: '#1f3a8a' },
  { brand_name: 'O Boticário', headline: 'Fragrances for every moment', description: 'Malbec, Quasar and Lily: the classics of O Boticário.', skus: ['100122', '100123', '100124'], color: '#7f1d1d' },
]

export const BANNERS = [
  { title: 'Summer sun care week', subtitle: 'Up to 30% off sunscreen from Sundown, Darrow and Avène', color: '#f59e0b', color2: '#ea580c', skus: ['100110', '100131', '100132'] },
  { title: 'Baby days', subtitle: 'Pampers, Huggies and Johnson’s with free shipping', color: '#38bdf8', color2: '#6366f1', skus: ['100114', '100115', '100116'] },
]

/** @returns {import('./catalog').Product | undefined} */
export function findProduct(sku) {
  return CATALOG.find((x) => x.sku === String(sku))
}

/** Formats a BRL amount the way a Brazilian store shows it. */
export function brl(value) {
  return new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' }).format(value)
}

function p(sku, name, brand, category, price, promotional_price, shape, color) {
  return { sku, product_id: 'P' + sku.slice(2), seller_id: sku.endsWith('3') || sku.endsWith('7') ? 'seller-farma-sul' : '1', name, brand, category, price, promotional_price, shape, color }
}
