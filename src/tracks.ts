// STUB (owned by the tracks engineer): to be replaced.
import type { Logger } from './log'
import type { Track } from './types'

export interface ParsedTracks {
  meta?: { pixelId: string }
  google?: { conversionId: string; conversionLabel: string }
}

/** Validates Mercado Pago-style tracks (one facebook_ad, one google_ad) with clear warnings. */
export function parseTracks(tracks: Track[], log: Logger): ParsedTracks {
  void tracks; void log
  return {}
}
