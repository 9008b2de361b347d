import { isSafeUrl } from '../config'
import type { Logger } from '../log'

/**
 * VTEX Ads' own event hosts: the current one, plus the two that the API description and the
 * official clients used before (https://github.com/vtex/vtexads-api-docs; the IO app
 * https://github.com/vtex-apps/vtex-ads). A Get ads response cached or proxied by a store may still
 * carry any of them.
 */
export const VTEX_EVENT_HOSTS = ['events.newtail-media.newtail.com.br', 'events-api.ads.vtex.com', 'newtail-media.newtail.com.br']

/**
 * "host" or "host:port" as the URL parser writes it: lowercased, punycode, no trailing dot, no
 * default https port; a pasted URL ("https://h:1/x") is reduced to its host. "" when unusable.
 */
export function normaliseHost(entry: string): string {
  try {
    const u = new URL(entry.includes('://') ? entry : 'https://' + entry)
    // host: hostname, then :port unless the scheme's default; a trailing dot dropped from the hostname.
    return u.host.replace(/\.(?=:|$)/, '')
  } catch {
    return ''
  }
}

/**
 * Why an ad event URL must not be used, or undefined when it may. Event URLs come from the Get
 * ads response or from data-ad-*-url attributes, and ad markup sits next to user content
 * (reviews, Q&A): a planted attribute must never make us POST the shopper's ids to someone else's
 * server. So: the plain absolute https spelling (http only on the local machine; isSafeUrl), that
 * resolves to the same URL against the page's base: the URL parser takes many spellings, and
 * "https:host/../x" or "https:/host/x" read as `host` alone yet resolve to a path of the store's
 * own origin (https://url.spec.whatwg.org/#concept-basic-url-parser); no credentials,
 * and a host that is VTEX Ads' own or allowed. An allowed entry without a port matches the
 * scheme's default port only, as a CSP host-source does.
 */
export const eventUrlProblem = (url: unknown, allowed: readonly string[] = []): string | undefined => problemOf(url, allowed.map(normaliseHost))

function problemOf(url: unknown, hosts: readonly string[]): string | undefined {
  let u: URL
  try {
    if (!isSafeUrl((url as string).trim()) || new URL(url as string, document.baseURI).href !== (u = new URL(url as string)).href) throw 0
  } catch {
    return 'is not an absolute https:// URL'
  }
  if (u.username || u.password) return 'carries credentials'
  // host: "hostname:port" with a port other than the scheme's default, else the hostname.
  if (VTEX_EVENT_HOSTS.includes(u.host) || hosts.includes(u.host)) return undefined
  return `goes to ${u.host}, not a VTEX Ads host nor in data-event-hosts`
}

/**
 * The verdict for the URLs of one page: the allow-list normalised once, each host judged once and
 * each refused host warned about once (a page of a thousand ads on one wrong host says it once).
 */
export function createUrlCheck(allowed: () => readonly string[], log: Logger): (url: string) => boolean {
  let list: readonly string[] | undefined
  let hosts: string[] = []
  const warned = new Set<string>()
  return (url) => {
    const current = allowed()
    if (current !== list) hosts = (list = current).map(normaliseHost)
    const problem = problemOf(url, hosts)
    const host = problem && (/^\w+:\/\/([^/?#]*)/.exec(url)?.[1] ?? url)
    if (host && !warned.has(host)) {
      warned.add(host)
      log.warn('refused host', host, problem)
    }
    return !problem
  }
}
