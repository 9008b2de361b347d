// STUB (owned by the tracks engineer): to be replaced.
import type { Destination } from './destination'

export function googleAdsDestination(conversionId: string, conversionLabel: string): Destination {
  return {
    name: 'google',
    decide: () => ({ report: false, status: 'skipped', reason: `not implemented (${conversionId}/${conversionLabel})` }),
    deliver: async () => 'skipped',
  }
}
