import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

// When adbeacon.js loads adbeacon-debug.js (the QA inspector): data-debug, ?adbeacon_debug=1 (kept
// for the tab until ?adbeacon_debug=0) or adbeacon('debug', true); never otherwise. The file
// itself is not run here: only whether it is asked for.

type Api = ((...args: unknown[]) => unknown) & { q?: unknown }
const w = window as unknown as { adbeacon?: Api }

let requested: string[] = []
let observer: MutationObserver | undefined

async function loadTag(attrs: Record<string, string> = {}) {
  document.head.innerHTML = ''
  delete w.adbeacon
  const s = document.createElement('script')
  s.setAttribute('src', '/adbeacon.js')
  s.setAttribute('data-auto-bind', 'false')
  for (const [k, v] of Object.entries(attrs)) s.setAttribute(k, v)
  document.head.appendChild(s)
  vi.resetModules()
  await import('../../../src/entries/tag')
  // The tab's flag is read after the tag's own task, then when idle: two timers here (happy-dom
  // has no requestIdleCallback), so two turns, each after the tag's.
  for (let i = 0; i < 2; i++) await new Promise((ok) => setTimeout(ok, 10))
}

const debugFiles = () => requested.filter((src) => src.endsWith('/adbeacon-debug.js'))

describe('loading the QA inspector', () => {
  beforeEach(() => {
    sessionStorage.clear()
    requested = []
    observer = new MutationObserver((records) =>
      records.forEach((r) => r.addedNodes.forEach((n) => n instanceof HTMLScriptElement && n.src && !n.src.endsWith('/adbeacon.js') && requested.push(n.src))),
    )
    observer.observe(document.head, { childList: true })
    vi.spyOn(console, 'warn').mockImplementation(() => {})
  })
  afterEach(() => {
    observer?.disconnect()
    history.replaceState(null, '', '/')
    vi.restoreAllMocks()
  })

  it('is never asked for without data-debug, the URL parameter or the command', async () => {
    await loadTag()
    expect(debugFiles()).toEqual([])
    await loadTag({ 'data-debug': 'false' })
    expect(debugFiles()).toEqual([])
  })

  it('comes with data-debug, from beside adbeacon.js', async () => {
    await loadTag({ 'data-debug': '' })
    expect(debugFiles()).toEqual(['https://shop.example.com/adbeacon-debug.js'])
  })

  it('comes with ?adbeacon_debug=1 at once, and on the tab\'s later pages until ?adbeacon_debug=0', async () => {
    history.replaceState(null, '', '/product?sku=1&adbeacon_debug=1')
    await loadTag()
    expect(debugFiles()).toHaveLength(1)
    expect(sessionStorage.getItem('adbeacon_debug')).toBe('1')

    history.replaceState(null, '', '/cart')
    await loadTag()
    expect(debugFiles()).toHaveLength(2)

    history.replaceState(null, '', '/cart?adbeacon_debug=0')
    await loadTag()
    history.replaceState(null, '', '/checkout')
    await loadTag()
    expect(debugFiles()).toHaveLength(2)
    expect(sessionStorage.getItem('adbeacon_debug')).toBe('0')
  })

  it("comes on adbeacon('debug', true), queued before the tag or called after", async () => {
    w.adbeacon = function (...args: unknown[]) {
      ;((w.adbeacon!.q as unknown[]) ??= []).push(args)
    } as Api
    w.adbeacon('debug', true)
    const s = document.createElement('script')
    s.setAttribute('src', '/adbeacon.js')
    document.head.appendChild(s)
    vi.resetModules()
    await import('../../../src/entries/tag')
    expect(debugFiles()).toHaveLength(1)
    const tick = () => new Promise((ok) => setTimeout(ok, 0))
    await tick()
    expect(debugFiles()).toHaveLength(1)
    w.adbeacon!('debug', false)
    await tick()
    expect(debugFiles()).toHaveLength(1)
    w.adbeacon!('debug', true)
    await tick()
    expect(debugFiles()).toHaveLength(2)
    expect(console.warn).not.toHaveBeenCalledWith('[adbeacon]', 'unknown command:', 'debug')
  })
})
