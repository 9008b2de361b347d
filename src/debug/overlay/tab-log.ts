import { attempt } from '../../util'
import type { RequestRecord } from './recorder'

/**
 * The requests of the tab's earlier pages: the debug build keeps the newest MAX records in
 * sessionStorage (the tab's own, gone with it), bodies cut at MAX_BODY characters. Bodies hold
 * only what adbeacon sends: ids and hashes, never raw personal data; the page is kept by its path
 * alone, as a query string may carry anything.
 */
export const TAB_LOG_KEY = 'adbeacon_debug_requests'
const MAX = 60
const MAX_BODY = 3000

export function readTabLog(): RequestRecord[] {
  const list = attempt(() => JSON.parse(sessionStorage.getItem(TAB_LOG_KEY) ?? '[]') as RequestRecord[], [])
  return Array.isArray(list) ? list.filter((r) => r && typeof r.url == 'string').map((r) => ({ ...r, earlier: true })) : []
}

export function writeTabLog(earlier: readonly RequestRecord[], mine: readonly RequestRecord[]): void {
  const kept = earlier.concat(mine.map((r) => ({ ...r, body: r.body?.slice(0, MAX_BODY), earlier: false }))).slice(-MAX)
  attempt(() => sessionStorage.setItem(TAB_LOG_KEY, JSON.stringify(kept)))
}
