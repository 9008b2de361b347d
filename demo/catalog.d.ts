export interface Product {
  sku: string
  product_id: string
  seller_id: string
  name: string
  brand: string
  category: string
  /** list ("from") price of one unit, BRL */
  price: number
  /** sale ("for") price of one unit, BRL */
  promotional_price: number
  shape: 'can' | 'bottle' | 'box' | 'tube' | 'jar' | 'flask'
  color: string
}
export interface Brand { brand_name: string; headline: string; description: string; skus: string[]; color: string }
export interface Banner { title: string; subtitle: string; color: string; color2: string; skus: string[] }
export const CATALOG: Product[]
export const BRANDS: Brand[]
export const BANNERS: Banner[]
export function findProduct(sku: string): Product | undefined
export function brl(value: number): string
