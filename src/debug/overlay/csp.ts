import { attempt } from '../../util'

/**
 * What the inspector can know of the page's Content-Security-Policy. A policy sent as an HTTP
 * header cannot be read by a script; one in a <meta http-equiv> can, and the browser reports each
 * violation (a `securitypolicyviolation` event, and the buffered `csp-violation` reports of a
 * ReportingObserver for those before this file arrived).
 * https://www.w3.org/TR/CSP3/#meta-element, https://www.w3.org/TR/CSP3/#violation-events,
 * https://w3c.github.io/reporting/#reportingobserver
 */

/** The connect-src (else default-src) sources of each <meta> policy; a URL must pass all of them. */
function metaConnectSources(): string[][] {
  return Array.from(document.querySelectorAll('meta[http-equiv="Content-Security-Policy" i]')).flatMap((m) => {
    const directives = new Map((m.getAttribute('content') ?? '').split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name!.toLowerCase(), sources] as const))
    const sources = directives.get('connect-src') ?? directives.get('default-src')
    return sources ? [sources] : []
  })
}

/**
 * Does one source list allow `url`: the source grammar of https://www.w3.org/TR/CSP3/#framework-directive-source-list,
 * reduced to what connect-src uses (*, 'self', a scheme, a host with an optional *. prefix, port
 * and path). An http source also allows https, as browsers upgrade it.
 */
export function allows(sources: readonly string[], url: URL, self: URL = new URL(location.href)): boolean {
  const scheme = (s: string) => s == url.protocol || (s == 'http:' && url.protocol == 'https:')
  return sources.some((raw) => {
    const s = raw.toLowerCase()
    if (s == '*') return /^(https?|wss?):$/.test(url.protocol)
    if (s == "'self'") return url.host == self.host && scheme(self.protocol)
    if (/^[a-z][\w+.-]*:$/.test(s)) return scheme(s)
    const m = /^(?:([a-z][\w+.-]*:)\/\/)?(\*\.)?([^/:]+)(?::(\d+|\*))?(\/[^?#]*)?$/.exec(s)
    if (!m) return false
    const [, sch, star, host, port, path] = m
    const defaultPort = url.protocol == 'https:' ? '443' : url.protocol == 'http:' ? '80' : ''
    return (
      (sch ? scheme(sch) : scheme(self.protocol)) &&
      (star ? url.hostname.endsWith('.' + host) : url.hostname == host) &&
      (port == '*' || (port ?? defaultPort) == (url.port || defaultPort)) &&
      (!path || (path.endsWith('/') ? url.pathname.startsWith(path) : url.pathname == path))
    )
  })
}

/** The destinations a <meta> policy of the page would block from connecting. */
export const metaBlocks = (urls: readonly string[]): string[] => {
  const policies = metaConnectSources()
  return urls.filter((u) => attempt(() => policies.some((p) => !allows(p, new URL(u))), false))
}

/** Calls `report` with each CSP violation of the page, those from before this file too (some twice). */
export function watchViolations(report: (blockedUrl: string, directive: string) => void): void {
  attempt(() => document.addEventListener('securitypolicyviolation', (e) => report(e.blockedURI, e.effectiveDirective)))
  attempt(() => {
    type Report = { body?: { blockedURL?: string; effectiveDirective?: string } }
    const RO = (window as unknown as { ReportingObserver?: new (cb: (r: Report[]) => void, o: object) => { observe(): void } }).ReportingObserver
    // Later violations come as both a report and an event: the caller counts each URL once.
    if (RO) new RO((reports) => reports.forEach((r) => report(r.body?.blockedURL ?? '', r.body?.effectiveDirective ?? '')), { types: ['csp-violation'], buffered: true }).observe()
  })
}
