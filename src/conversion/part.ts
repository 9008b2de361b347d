// The seam between the every-page script and the conversion part (adbeacon-conversion.js): what
// the first hands the second, and what the second gives back. Types only: nothing here ships.
import type { ResolvedConfig } from '../config'
import type { SafeStorage } from '../identity/storage'
import type { Logger } from '../log'
import type { ConsentState, ConversionResult } from '../types'

export interface Core {
  cfg(): ResolvedConfig
  log: Logger
  storage: SafeStorage
  ids(): { sessionId: string; userId: string | undefined }
  consent(): ConsentState
}

export type ConversionRecord = ConversionResult & { at: string }

export interface ConversionPart {
  /** Never rejects. */
  conversion(order: unknown): Promise<ConversionResult>
  /** Reads the page's unread data-adbeacon-order blocks. */
  readOrders(): void
  /** Sends what earlier page views left in the outbox. */
  flush(): Promise<void>
  /** This page's results, newest last, for debugState(). */
  results: ConversionRecord[]
  /** A sale the page published itself (sources/order-source.ts), reported once with the other ways. */
  source?(kind: 'datalayer' | 'vtex', data: unknown): void
}

/** What adbeacon-conversion.js registers (by the command queue, as `adbeacon('_c', plugin)`). */
export type ConversionPlugin = (core: Core) => ConversionPart
