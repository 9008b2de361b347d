import { describe, expect, it, vi } from 'vitest'
import { createLogger } from '../../src/log'

describe('log', () => {
  it('warn: "[adbeacon] code: subject" then the details, always; and the hook gets them', () => {
    const out = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const log = createLogger()
    const hook = vi.fn()
    log.hook = hook
    log.warn('invalid', 'data-session-days', 'abc')
    expect(out).toHaveBeenCalledWith('[adbeacon]', 'invalid:', 'data-session-days', 'abc')
    expect(hook).toHaveBeenCalledWith('invalid', 'data-session-days', ['abc'])
    out.mockRestore()
  })

  it('debug lines only when on; error always; nothing ever throws', () => {
    const info = vi.spyOn(console, 'log').mockImplementation(() => {})
    const err = vi.spyOn(console, 'error').mockImplementation(() => {})
    const log = createLogger()
    log.debug('hidden')
    expect(info).not.toHaveBeenCalled()
    log.on = true
    log.debug('shown', 1)
    expect(info).toHaveBeenCalledWith('[adbeacon]', 'shown', 1)
    log.error('bad')
    expect(err).toHaveBeenCalledWith('[adbeacon]', 'bad')
    expect(createLogger(true).on).toBe(true)
    // a failing hook (the debug build's own) or a broken console stays inside
    log.hook = () => { throw new Error('hook') }
    vi.spyOn(console, 'warn').mockImplementation(() => { throw new Error('console') })
    expect(() => log.warn('x', 'y')).not.toThrow()
    vi.restoreAllMocks()
  })
})
