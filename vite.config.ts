import { defineConfig } from 'vite'

// Two library builds from one config, chosen by --mode:
//   iife: dist/adbeacon.js, the script-tag build (installs window.adbeacon, replays the queue)
//   esm:  dist/adbeacon.mjs, the bundler build exporting createTracker
// Vite's library mode allows several entries only for es/cjs, hence two runs.
export default defineConfig(({ mode }) => {
  const iife = mode !== 'esm'
  return {
    build: {
      emptyOutDir: iife, // the first run (iife) clears dist, the second keeps it
      // ES2020 (optional chaining, ??) is in every browser since 2020; transpiling it away costs ~10%.
      target: 'es2020',
      sourcemap: true,
      minify: iife,
      lib: iife
        ? { entry: 'src/browser.ts', formats: ['iife'], name: 'adbeaconBundle', fileName: () => 'adbeacon.js' }
        : { entry: 'src/index.ts', formats: ['es'], fileName: () => 'adbeacon.mjs' },
    },
  }
})
