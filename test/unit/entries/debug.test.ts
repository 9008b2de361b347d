import { afterEach, describe, expect, it, vi } from 'vitest'
import type { DebugPlugin } from '../../../src/entries/tag'
import { EXPLANATIONS } from '../../../src/debug/messages'
import { createLogger } from '../../../src/log'
import { createTracker } from '../../../src/tracker'

type Queue = ((...args: unknown[]) => void) & { q?: unknown[][] }
const w = window as unknown as { adbeacon?: Queue }

/** adbeacon-debug.js, loaded before adbeacon.js: it queues its install function as ('_d', install). */
async function debugInstall(): Promise<DebugPlugin> {
  delete w.adbeacon
  vi.resetModules()
  await import('../../../src/entries/debug')
  const entry = w.adbeacon!.q!.find((a) => a[0] === '_d')
  expect(entry).toBeDefined()
  return entry![1] as DebugPlugin
}

describe('adbeacon-debug.js', () => {
  afterEach(() => {
    vi.restoreAllMocks()
    delete w.adbeacon
  })

  it('turns debug output on, adds debugState(), checks the options, explains each warning code once', async () => {
    const install = await debugInstall()
    const info = vi.spyOn(console, 'info').mockImplementation(() => {})
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    vi.spyOn(console, 'log').mockImplementation(() => {})
    const log = createLogger()
    const tracker = createTracker({ autoBind: false }, { logger: log })
    install({ log, tracker, options: { sessionDays: 7 }, from: { sessionDays: 'data-session-days' } })
    expect(log.on).toBe(true)
    const state = (tracker.commands as unknown as { debugState(): { sessionId: string } }).debugState()
    expect(state.sessionId).toMatch(/^[0-9a-f-]{36}$/)
    // the option check ran, naming the attribute
    expect(warn.mock.calls).toContainEqual(['[adbeacon]', 'option:', "data-session-days=7 is shorter than VTEX Ads' 14-day conversion window: sales after it lose their ad"])
    expect(info.mock.calls).toContainEqual(['[adbeacon] ↳', EXPLANATIONS.option])
    log.warn('order', 'one')
    log.warn('order', 'two')
    expect(info.mock.calls.filter((c) => c[1] === EXPLANATIONS.order)).toHaveLength(1)
  })
})
