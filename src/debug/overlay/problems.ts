import { applyOptions, DEFAULTS, type Options, type ResolvedConfig } from '../../config'
import { normaliseHost } from '../../ad-events/event-url'
import { parseTracks } from '../../conversion/tracks'
import type { Logger } from '../../log'
import { checkOptions } from '../check-options'
import { metaBlocks } from './csp'
import { endpointsOf } from './targets'

/** A logger that keeps each warning as one line of text, for the inspector's list. */
export function collectingLogger(lines: string[]): Logger {
  return {
    on: false,
    warn: (code, text, ...details) => lines.push([code + ':', text, ...details.map((d) => (typeof d == 'string' ? d : JSON.stringify(d)))].join(' ')),
    error() {},
    debug() {},
  }
}

/**
 * Each problem of the setup, named: the tag's options checked again (an unknown attribute, a
 * value that is not valid, the debug build's advice), a missing publisher id, tracks that cannot
 * be sent (a pixel id that is not digits), event hosts that are no host, and destinations a
 * <meta> CSP would not let the page connect to. The warnings adbeacon printed before this file
 * arrived are found again the same way, by the same code.
 */
export function setupProblems(options: Options, from: Record<string, string>, cfg: ResolvedConfig): string[] {
  const lines: string[] = []
  const log = collectingLogger(lines)
  applyOptions(DEFAULTS, options, log, from)
  checkOptions(options, from, log)
  if (!cfg.publisherId) lines.push('publisher: data-publisher-id is missing: VTEX Ads conversions are not sent')
  const tracks = parseTracks(cfg.tracks, log, !!cfg.from.tracks)
  for (const h of cfg.eventHosts) if (!normaliseHost(h)) lines.push(`option: data-event-hosts entry "${h}" is not a host`)
  const ends = endpointsOf(cfg)
  const targets = [ends.vtex, ...cfg.eventHosts.map((h) => 'https://' + normaliseHost(h) + '/')]
  if (tracks.meta) targets.push(ends.meta)
  if (tracks.google) targets.push(ends.google)
  for (const url of metaBlocks(targets)) lines.push(`csp: the page's <meta> Content-Security-Policy (connect-src) blocks ${new URL(url).origin}`)
  return lines
}
