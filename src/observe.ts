// STUB (owned by the ad-events engineer): signatures only, to be replaced.
import type { ResolvedConfig } from './config'
import type { Logger } from './log'
import type { Send } from './request'

export interface AdEventsDeps {
  config: () => ResolvedConfig
  log: Logger
  /** current ids, read at send time */
  ids: () => { sessionId: string; userId: string | undefined }
  send: Send
}

export interface AdEvents {
  /** Accepts a Get ads response; binds [data-ad-id] elements to its ads. */
  ads(response: unknown): void
  impression(target: unknown): void
  view(target: unknown): void
  click(target: unknown): void
  /** Starts automatic binding of [data-ad-*] elements (MutationObserver etc.). */
  start(): void
  stop(): void
}

export function createAdEvents(deps: AdEventsDeps): AdEvents {
  void deps
  return { ads() {}, impression() {}, view() {}, click() {}, start() {}, stop() {} }
}
