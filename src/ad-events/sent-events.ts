import type { Logger } from '../log'
import { createUrlCheck } from './event-url'
import type { AdEventKind } from './registry'

export interface SentEvents {
  /** Sends once per URL (none without one); a URL on a host not allowed is settled without a request. */
  fire(kind: AdEventKind, url: string | undefined): void
  /** Whether this event still has to go: it has a URL, not sent nor refused yet. */
  pending(kind: AdEventKind, url: string | undefined): url is string
  /** The events sent on this page view, `${kind} ${url}`, oldest first. */
  sent(): string[]
}

/**
 * Each event once per page view, keyed by kind and URL (the URL carries VTEX's per-serve
 * event_id). `send` hands one to the transport; `now` for a click, which may be the page's last
 * moment. A send that throws leaves its event unsettled, so a later look tries again.
 */
export function createSentEvents(log: Logger, hosts: () => readonly string[], send: (url: string, now: boolean) => void): SentEvents {
  const done = new Set<string>()
  const sent: string[] = []
  const allowed = createUrlCheck(hosts, log)
  return {
    fire(kind, url) {
      const key = kind + ' ' + url
      if (!url || done.has(key)) return
      if (allowed(url)) {
        log.debug(kind, url)
        send(url, kind == 'click')
        sent.push(key)
      }
      // Settled only now: a send that threw is tried again at a later look.
      done.add(key)
    },
    pending: (kind, url): url is string => !!url && !done.has(kind + ' ' + url),
    sent: () => sent.slice(),
  }
}
