// Product and creative images for the Get ads mock, drawn as SVG so the demo needs no network
// and no binary assets. Served by the collector like a CDN would serve the real ones.
import { BANNERS, BRANDS, findProduct, type Product } from '../catalog.js'

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

function shapePath(shape: Product['shape'], color: string): string {
  const dark = 'rgba(0,0,0,.18)'
  switch (shape) {
    case 'can':
      return `<rect x="118" y="62" width="64" height="14" rx="4" fill="#cbd5e1"/><rect x="104" y="74" width="92" height="170" rx="18" fill="${color}"/><rect x="104" y="120" width="92" height="60" fill="#fff" opacity=".9"/><rect x="170" y="80" width="12" height="156" rx="6" fill="${dark}"/>`
    case 'bottle':
      return `<rect x="132" y="50" width="36" height="28" rx="6" fill="#e2e8f0"/><path d="M120 78h60c14 0 22 10 22 24v128c0 12-8 20-20 20h-64c-12 0-20-8-20-20V102c0-14 8-24 22-24z" fill="${color}"/><rect x="108" y="130" width="84" height="66" rx="6" fill="#fff" opacity=".9"/><rect x="178" y="92" width="10" height="140" rx="5" fill="${dark}"/>`
    case 'box':
      return `<path d="M84 96l66-30 66 30v120l-66 30-66-30z" fill="${color}"/><path d="M150 126v120l66-30V96z" fill="${dark}"/><path d="M84 96l66 30 66-30-66-30z" fill="#fff" opacity=".35"/><rect x="96" y="150" width="44" height="40" rx="4" fill="#fff" opacity=".9"/>`
    case 'tube':
      return `<rect x="134" y="220" width="32" height="26" rx="4" fill="#e2e8f0"/><path d="M106 58h88l-14 162h-60z" fill="${color}"/><rect x="106" y="52" width="88" height="10" rx="3" fill="${dark}"/><rect x="122" y="110" width="56" height="56" rx="6" fill="#fff" opacity=".9"/>`
    case 'jar':
      return `<rect x="92" y="90" width="116" height="30" rx="8" fill="${dark}"/><rect x="96" y="86" width="108" height="24" rx="8" fill="#e2e8f0"/><rect x="88" y="116" width="124" height="120" rx="18" fill="${color}"/><rect x="104" y="146" width="92" height="56" rx="8" fill="#fff" opacity=".9"/>`
    case 'flask':
      return `<rect x="136" y="48" width="28" height="30" rx="4" fill="#d4a017"/><rect x="128" y="76" width="44" height="14" rx="3" fill="#e2e8f0"/><path d="M100 96h100c10 0 16 8 16 18v114c0 12-8 20-20 20h-92c-12 0-20-8-20-20V114c0-10 6-18 16-18z" fill="${color}" opacity=".92"/><rect x="116" y="140" width="68" height="54" rx="6" fill="#fff" opacity=".9"/>`
  }
}

export function productSvg(sku: string): string | undefined {
  const p = findProduct(sku)
  if (!p) return undefined
  const initials = p.brand.replace(/[^A-Za-zÀ-ÿ ]/g, '').split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0]).join('').toUpperCase()
  return `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300" viewBox="0 0 300 300">
<defs><radialGradient id="g" cx="50%" cy="40%" r="70%"><stop offset="0" stop-color="#ffffff"/><stop offset="1" stop-color="${p.color}" stop-opacity=".16"/></radialGradient></defs>
<rect width="300" height="300" fill="url(#g)"/>
<ellipse cx="150" cy="256" rx="74" ry="10" fill="rgba(15,23,42,.12)"/>
${shapePath(p.shape, p.color)}
<text x="150" y="${p.shape === 'box' ? 178 : 172}" font-family="DejaVu Sans, Arial, sans-serif" font-size="22" font-weight="700" text-anchor="middle" fill="${p.color}" ${p.shape === 'box' ? 'transform="translate(-32 0)"' : ''}>${esc(initials)}</text>
</svg>`
}

export function bannerSvg(index: number): string | undefined {
  const b = BANNERS[index]
  if (!b) return undefined
  const products = b.skus.map((s) => findProduct(s)).filter((x): x is Product => !!x)
  const items = products
    .map((p, i) => `<g transform="translate(${860 + i * 130} ${40 + (i % 2) * 14}) scale(.62)">${shapePath(p.shape, p.color)}</g>`)
    .join('')
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="256" viewBox="0 0 1280 256">
<defs><linearGradient id="b" x1="0" x2="1"><stop offset="0" stop-color="${b.color}"/><stop offset="1" stop-color="${b.color2}"/></linearGradient></defs>
<rect width="1280" height="256" fill="url(#b)"/>
<circle cx="1120" cy="40" r="160" fill="#fff" opacity=".12"/><circle cx="980" cy="250" r="110" fill="#fff" opacity=".1"/>
<text x="64" y="112" font-family="DejaVu Sans, Arial, sans-serif" font-size="48" font-weight="700" fill="#fff">${esc(b.title)}</text>
<text x="64" y="160" font-family="DejaVu Sans, Arial, sans-serif" font-size="24" fill="#fff" opacity=".92">${esc(b.subtitle)}</text>
<rect x="64" y="186" width="150" height="40" rx="20" fill="#fff"/><text x="139" y="212" font-family="DejaVu Sans, Arial, sans-serif" font-size="17" font-weight="700" text-anchor="middle" fill="${b.color2}">Shop now</text>
${items}
</svg>`
}

export function brandSvg(index: number): string | undefined {
  const b = BRANDS[index]
  if (!b) return undefined
  return `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="240" viewBox="0 0 480 240">
<rect width="480" height="240" rx="0" fill="${b.color}"/>
<circle cx="420" cy="30" r="120" fill="#fff" opacity=".1"/>
<text x="36" y="110" font-family="DejaVu Serif, Georgia, serif" font-size="44" font-weight="700" fill="#fff">${esc(b.brand_name)}</text>
<text x="36" y="150" font-family="DejaVu Sans, Arial, sans-serif" font-size="18" fill="#fff" opacity=".9">${esc(b.headline)}</text>
</svg>`
}
