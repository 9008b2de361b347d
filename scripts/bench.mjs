// Benchmarks the built script-tag file in Debian's Chromium and prints numbers (no assertions:
// timings belong in reports, not in tests). Run: npm run build && npm run bench
//   boot:       evaluating dist/adbeacon.js on a page (install, ids, landing context, binding)
//   conversion: conversion(order) call → sendBeacon handed the body (validation, ledger claim,
//               five SHA-256 hashes with Web Crypto, payload), per order
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { chromium } from 'playwright-core'

const RUNS_BOOT = 30
const RUNS_CONVERSION = 200
const code = readFileSync(new URL('../dist/adbeacon.js', import.meta.url), 'utf8')

const server = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/html' })
  res.end('<!doctype html><title>bench</title><body></body>')
})
await new Promise((ok) => server.listen(0, '127.0.0.1', ok))
const origin = `http://127.0.0.1:${server.address().port}`

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'],
})
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))]
  return `median ${q(0.5).toFixed(2)} ms, p95 ${q(0.95).toFixed(2)} ms, min ${s[0].toFixed(2)} ms (n=${s.length})`
}

try {
  const boot = []
  for (let i = 0; i < RUNS_BOOT; i++) {
    const ctx = await browser.newContext()
    const page = await ctx.newPage()
    await page.goto(`${origin}/?gclid=bench${i}&utm_source=bench`)
    boot.push(await page.evaluate((src) => {
      const el = document.createElement('script')
      el.setAttribute('data-publisher-id', 'bench')
      el.setAttribute('data-currency', 'BRL')
      el.textContent = src
      const t0 = performance.now()
      document.head.appendChild(el) // inline script: runs synchronously on insertion
      return performance.now() - t0
    }, code))
    await ctx.close()
  }

  const ctx = await browser.newContext()
  const page = await ctx.newPage()
  await page.goto(origin)
  await page.evaluate((src) => {
    window.__handed = []
    navigator.sendBeacon = (url, data) => { window.__handed.push(performance.now()); return true }
    const el = document.createElement('script')
    el.setAttribute('data-publisher-id', 'bench')
    el.setAttribute('data-default-country', 'BR')
    el.textContent = src
    document.head.appendChild(el)
  }, code)
  const conv = await page.evaluate(async (runs) => {
    const out = []
    for (let i = 0; i < runs; i++) {
      const before = window.__handed.length
      const t0 = performance.now()
      await window.adbeacon('conversion', {
        order_id: `bench-${i}`, email: `Shopper.${i}@Example.com`, phone: '(11) 99999-9999', social_id: '123.456.789-09',
        first_name: 'Ana', last_name: 'Souza',
        items: Array.from({ length: 5 }, (_, k) => ({ sku: `SKU-${k}`, quantity: 1 + k, price: 100 + k, promotional_price: 90 + k })),
      })
      if (window.__handed.length === before) throw new Error('no beacon')
      out.push(window.__handed[before] - t0)
    }
    return out
  }, RUNS_CONVERSION)

  const raw = code.length
  console.log(`dist/adbeacon.js ${raw} B; Chromium ${browser.version()}`)
  console.log(`boot (evaluate + start):          ${stats(boot)}`)
  console.log(`conversion call → beacon handed:  ${stats(conv)}`)
} finally {
  await browser.close()
  server.close()
}
