import { attempt } from '../util'

/**
 * Ad events (impression / view / click) leave the way VTEX's own storefront apps send them:
 * `navigator.sendBeacon(url, new URLSearchParams({session_id, user_id}))`
 * (https://github.com/vtex-apps/vtex-ads, https://github.com/Newtail/newtail-vtex). A form body is
 * CORS-safelisted, so no preflight doubles each event
 * (https://fetch.spec.whatwg.org/#cors-safelisted-request-header), and building it costs far less
 * than a JSON Blob.
 *
 * Paced: a grid with two thousand ads in view would otherwise queue thousands of beacons in one
 * task, fail with net::ERR_INSUFFICIENT_RESOURCES past Chrome's limit on requests in flight, and
 * block the page. At most BATCH per task, a task every GAP_MS; sendBeacon returning false (the
 * 64 KiB keepalive quota is full, https://fetch.spec.whatwg.org/#http-network-or-cache-fetch step
 * on inflight keepalive bytes) keeps the event for the next batch. A click goes at once: it is often
 * the last moment of the page. When the page is hidden (tab switched, navigation) the rest goes
 * at once too.
 */
const BATCH = 20
const GAP_MS = 50
const MAX_TRIES = 5

type Item = [url: string, body: URLSearchParams, tries: number]

export interface BeaconQueue {
  push(url: string, body: URLSearchParams, now?: boolean): void
}

function beacon(url: string, body: URLSearchParams): boolean {
  const nav = navigator
  if (nav.sendBeacon) return attempt(() => nav.sendBeacon(url, body), false)
  // No sendBeacon (old WebViews): a keepalive fetch outlives the page the same way.
  return attempt(() => (fetch(url, { method: 'POST', body, keepalive: true, credentials: 'include', mode: 'no-cors' }).catch(() => 0), true), false)
}

export function createBeaconQueue(): BeaconQueue {
  const queue: Item[] = []
  let timer: ReturnType<typeof setTimeout> | undefined

  const run = (all?: boolean) => {
    timer = undefined
    for (let n = 0; queue.length && (all || n < BATCH); n++) {
      const item = queue.shift()!
      if (!beacon(item[0], item[1]) && ++item[2] < MAX_TRIES) {
        queue.unshift(item)
        break
      }
    }
    if (queue.length && !timer) timer = setTimeout(run, GAP_MS)
  }

  attempt(() => addEventListener('visibilitychange', () => document.visibilityState == 'hidden' && run(true)))

  return {
    push(url, body, now) {
      if (now && beacon(url, body)) return
      queue.push([url, body, 0])
      if (!timer) timer = setTimeout(run)
    },
  }
}
