import type { ResolvedConfig } from '../config'
import type { ConversionRecord } from '../conversion/part'
import { readLanding } from '../landing/touches'
import type { LandingContext } from '../landing/landing'
import type { Internals } from '../tracker'
import { OUTBOX_KEY } from '../transport/outbox'
import type { ConsentState } from '../types'
import { attempt } from '../util'

export interface DebugState {
  sessionId: string
  userId: string | undefined
  landing: LandingContext
  consent: ConsentState
  /** Requests waiting in the outbox for a later page view. */
  outbox: number
  /** Ads known from ads() and the events sent on this page view (each once per page view). */
  ads: { ads: number; sent: string[] }
  /** The conversion results of this page, newest last (held and duplicate ones too, with reasons). */
  conversions: ConversionRecord[]
  config: ResolvedConfig
}

/** What adbeacon knows and did on this page, for QA (the demo's inspector, the console). */
export function debugState(i: Internals): DebugState {
  const cfg = i.cfg()
  return {
    sessionId: i.identity.sessionId(),
    userId: i.identity.userId(),
    landing: readLanding(i.storage, cfg),
    consent: i.consent(),
    outbox: attempt(() => (JSON.parse(i.storage.get(OUTBOX_KEY) ?? '[]') as unknown[]).length, 0),
    ads: i.ads(),
    conversions: i.part()?.results.slice() ?? [],
    config: cfg,
  }
}
