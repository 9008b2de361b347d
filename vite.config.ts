import { readFileSync } from 'node:fs'
import MagicString from 'magic-string'
import { defineConfig, type Plugin } from 'vite'

// One source, several outputs, chosen by --mode (Vite's library mode builds an IIFE from one
// entry at a time):
//   tag:        dist/adbeacon.js, every page (command queue, config, consent, ids, landing, ad events, transport)
//   conversion: dist/adbeacon-conversion.js, loaded when a sale is in sight
//   debug:      dist/adbeacon-debug.js, loaded with data-debug
//   shopify:    dist/adbeacon-shopify-pixel.js, pasted by the merchant as a Shopify custom pixel,
//               its settings block (src/shopify/settings.js) first, readable and editable
//   esm:        dist/adbeacon.mjs + dist/adbeacon-conversion.mjs for bundlers (the second imported on demand)
const IIFE: Record<string, [entry: string, file: string]> = {
  tag: ['src/entries/tag.ts', 'adbeacon.js'],
  conversion: ['src/entries/conversion.ts', 'adbeacon-conversion.js'],
  debug: ['src/entries/debug.ts', 'adbeacon-debug.js'],
  shopify: ['src/entries/shopify-pixel.ts', 'adbeacon-shopify-pixel.js'],
}

/**
 * `let` for every `const` before the minifier runs: the same program (TypeScript already refuses
 * a reassigned const), and terser keeps whichever keyword it is given; one keyword for all
 * declarations packs smaller (-46 B brotli on adbeacon.js, -43 B on the conversion file).
 */
const constAsLet = (): Plugin => ({
  name: 'const-as-let',
  renderChunk(code) {
    const s = new MagicString(code)
    const visit = (node: unknown): void => {
      if (!node || typeof node != 'object') return
      if (Array.isArray(node)) return node.forEach(visit)
      const n = node as { type?: string; kind?: string; start: number }
      if (n.type == 'VariableDeclaration' && n.kind == 'const') s.overwrite(n.start, n.start + 5, 'let')
      for (const v of Object.values(n)) if (v && typeof v == 'object') visit(v)
    }
    visit(this.parse(code))
    return { code: s.toString(), map: s.generateMap({ hires: true }) }
  },
})

export default defineConfig(({ mode }) => {
  const iife = IIFE[mode]
  return {
    plugins: [constAsLet()],
    build: {
      emptyOutDir: mode == 'tag', // the first run clears dist, the others keep it
      // ES2020 (optional chaining, ??) is in every browser since 2020; transpiling it away costs ~10%.
      target: 'es2020',
      // Maps for our own debugging, without the sourceMappingURL comment every page would download.
      sourcemap: 'hidden',
      // Terser packs these files smaller than Vite's default minifier (oxc): -70 B brotli on
      // adbeacon.js, -200 B on adbeacon-conversion.js, measured 2026-11-30; more passes help only the latter.
      minify: 'terser',
      // safari10: Vite's default, works around Safari 10 bugs (before ES2020, our target).
      terserOptions: { ecma: 2020, safari10: false, compress: { passes: mode == 'tag' ? 1 : 3, hoist_funs: mode == 'tag' || mode == 'shopify' } },
      lib: iife
        ? { entry: iife[0], formats: ['iife'], name: 'adbeacon_' + mode, fileName: () => iife[1] }
        : { entry: { adbeacon: 'src/entries/esm.ts', 'adbeacon-conversion': 'src/entries/conversion-module.ts' }, formats: ['es'], fileName: (_f, name) => `${name}.mjs` },
      // The code both ESM entries use, beside them under a name that says whose it is.
      rollupOptions: mode == 'shopify' ? { output: { postBanner: readFileSync('src/shopify/settings.js', 'utf8') } } : iife ? {} : { output: { chunkFileNames: 'adbeacon-shared-[hash].mjs' } },
    },
  }
})
