// STUB (owned by the ad-events engineer): signatures only, to be replaced.
import type { SafeStorage } from './storage'
import type { ResolvedConfig } from './config'
import type { Logger } from './log'

/** One arrival from an ad click: the validated parameters and when they were seen. */
export interface Touch {
  /** ms since epoch */
  at: number
  /** validated ad-click parameters (naid, ncid, gadv_id, gclid, gbraid, wbraid, fbclid, utm_*) */
  params: Record<string, string>
}

export interface LandingContext {
  /** newest first, only those inside the attribution window */
  touches: Touch[]
  /** Meta click id cookie value fb.1.<ms>.<fbclid>, from the newest touch with an fbclid */
  fbc?: string
}

/** Reads ad-click parameters from `href`, stores a new touch if any, returns the current context. */
export function captureLanding(storage: SafeStorage, config: ResolvedConfig, log: Logger, href: string): LandingContext {
  void href; void log
  return readLanding(storage, config)
}

export function readLanding(storage: SafeStorage, config: ResolvedConfig): LandingContext {
  void storage; void config
  return { touches: [] }
}
