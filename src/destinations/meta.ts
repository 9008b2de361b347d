// STUB (owned by the tracks engineer): to be replaced.
import type { Destination } from './destination'

export function metaDestination(pixelId: string): Destination {
  return {
    name: 'meta',
    decide: () => ({ report: false, status: 'skipped', reason: `not implemented (${pixelId})` }),
    deliver: async () => 'skipped',
  }
}
