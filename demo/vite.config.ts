import { defineConfig } from 'vite'
import { demoConfig } from './plugin.js'

// `npm run demo`: the QA storefront on http://127.0.0.1:5173 (DEMO_PORT), the local collector on
// http://127.0.0.1:5174 (COLLECTOR_PORT). See demo/plugin.ts.
export default defineConfig(() => {
  const { configFile: _unused, ...config } = demoConfig()
  return config
})
