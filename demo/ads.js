// Asks the collector's Get ads mock for ads, the way a store's front end asks VTEX Ads:
// POST /v1/rma/{publisher_id}, a short timeout, the tracker's session_id so that ads and events
// share one visitor id.
import { collectorOrigin, trackerReady, trackerState } from './store.js'

export const PUBLISHER_ID = 'demo-publisher'

export async function getAds(query, { timeoutMs = 3000 } = {}) {
  await trackerReady(3000)
  const state = trackerState()
  const body = { session_id: state?.sessionId || 'demo-session-without-tracker', channel: 'site', ...query }
  if (state?.userId) body.user_id = state.userId
  const ctrl = new AbortController()
  const timer = setTimeout(() => ctrl.abort(), timeoutMs)
  try {
    const res = await fetch(`${collectorOrigin()}/v1/rma/${PUBLISHER_ID}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: ctrl.signal,
    })
    if (!res.ok) throw new Error(`Get ads answered ${res.status}: ${await res.text()}`)
    return await res.json()
  } finally {
    clearTimeout(timer)
  }
}
