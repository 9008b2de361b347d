/**
 * VTEX Ads' own event hosts (`servers` of https://developers.vtex.com/docs/api-reference/vtex-ads-api):
 * the current one, plus the two that the
 * spec and the official clients used before (events-api.ads.vtex.com from 2025-05 to 2025-12;
 * newtail-media.newtail.com.br without `events.` in the IO apps and the Kotlin SDK). A Get ads
 * response cached or proxied by a store may still carry any of them.
 */
export const VTEX_EVENT_HOSTS: readonly string[] = [
  'events.newtail-media.newtail.com.br',
  'events-api.ads.vtex.com',
  'newtail-media.newtail.com.br',
]

/**
 * "host" or "host:port" as the URL parser writes it: lowercased, punycode, no trailing dot, no
 * default https port (":443" is dropped); a pasted URL ("https://h:1/x") is reduced to its host.
 * "" when unusable.
 */
function normaliseHost(entry: string): string {
  const e = entry.trim()
  try {
    const u = new URL(e.includes('://') ? e : 'https://' + e)
    return u.hostname.replace(/\.$/, '') + (u.port ? ':' + u.port : '')
  } catch {
    return ''
  }
}

// What sendBeacon and fetch get is resolved against the page's base URL, and the URL parser takes
// many spellings: "https:host/../x" and "https:/host/x" read as `host` on their own, yet resolve
// to a path of the store's own origin (an open redirect from there leaves the site); tabs and
// newlines inside "ht\ttps://" are dropped. Only the plain absolute spelling is accepted.
const PLAIN = /^(https:\/\/|http:\/\/(localhost|127\.0\.0\.1|\[::1\])([:/?#]|$))/i

/**
 * Why an ad event URL must not be used, or undefined when it may. Event URLs come from the Get
 * ads response or from data-ad-*-url attributes in the page, and ad markup sits next to user
 * content (reviews, Q&A): a planted attribute must never make us POST the shopper's session_id
 * and user_id to someone else's server. So: an absolute URL, https (http only on the local
 * machine, for development), no credentials, and a host that is VTEX Ads' own or configured.
 *
 * A configured entry without a port matches the scheme's default port only, as a CSP host-source
 * does; list "host:port" for anything else.
 */
export function eventUrlProblem(url: unknown, extraHosts: readonly string[] = []): string | undefined {
  let u: URL
  try {
    // Not a string (trim() throws), not the plain spelling, or another URL against the page base.
    if (!PLAIN.test((url as string).trim()) || new URL(url as string, document.baseURI).href !== (u = new URL(url as string)).href) throw 0
  } catch {
    return 'is not an absolute https:// URL (http:// only for localhost)'
  }
  if (u.username || u.password) return 'carries credentials'
  const hostname = u.hostname
  const withPort = u.port ? `${hostname}:${u.port}` : undefined
  if (!withPort && VTEX_EVENT_HOSTS.includes(hostname)) return undefined
  for (const raw of extraHosts) {
    const h = normaliseHost(raw)
    if (!h) continue
    if (h === (withPort ?? hostname)) return undefined
  }
  return `goes to "${u.host}", which is not a VTEX Ads event host nor listed in eventHosts / data-event-hosts`
}

export function isAllowedEventUrl(url: unknown, extraHosts: readonly string[] = []): url is string {
  return eventUrlProblem(url, extraHosts) === undefined
}
