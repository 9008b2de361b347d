import { attempt } from '../util'

/**
 * Ad events (impression / view / click) carry the body VTEX's own storefront apps send,
 * `new URLSearchParams({session_id, user_id})` (https://github.com/vtex-apps/vtex-ads,
 * https://github.com/Newtail/newtail-vtex). A form body is CORS-safelisted, so no preflight
 * doubles each event (https://fetch.spec.whatwg.org/#cors-safelisted-request-header), and it costs
 * far less to build than a JSON Blob.
 *
 * How they leave: a few at a time. sendBeacon gives no signal when a request is done, so a grid
 * with two thousand ads in view, sent as beacons, puts thousands of requests in flight at once:
 * past Chromium's limit they fail with net::ERR_INSUFFICIENT_RESOURCES
 * (https://issues.chromium.org/issues/40264398 and the limit in
 * https://source.chromium.org/chromium/chromium/src/+/main:services/network/url_loader_factory.cc,
 * kMaxKeepaliveConnections*), and every send is paid in one long task. So while the page is shown,
 * events go by keepalive fetch (which, like a beacon, outlives the page), at most IN_FLIGHT at a
 * time, the next one when one is done. A click goes at once by sendBeacon: it is often the last
 * moment of the page. When the page is hidden (tab switched, navigation), whatever waits goes by
 * sendBeacon at once: nothing else can run after that.
 */
const IN_FLIGHT = 64
const MAX_TRIES = 3

type Item = [url: string, body: URLSearchParams, tries: number]

export interface BeaconQueue {
  push(url: string, body: URLSearchParams, now?: boolean): void
}

const beacon = (url: string, body: URLSearchParams): boolean => attempt(() => navigator.sendBeacon(url, body), false)

export function createBeaconQueue(): BeaconQueue {
  const queue: Item[] = []
  let inFlight = 0

  const pump = () => {
    while (inFlight < IN_FLIGHT && queue.length) {
      const item = queue.shift()!
      inFlight++
      const done = (ok: unknown) => {
        inFlight--
        // A network failure: once more later, a few times at most (an ad event is not worth more).
        if (!ok && ++item[2] < MAX_TRIES) queue.push(item)
        pump()
      }
      attempt(
        () => fetch(item[0], { method: 'POST', body: item[1], keepalive: true, credentials: 'include', mode: 'no-cors' }).then(done, () => done(0)),
        undefined,
        () => done(beacon(item[0], item[1])),
      )
    }
  }

  // beacon() never throws: nothing here reaches the page's error handlers.
  addEventListener('visibilitychange', () => {
    if (document.visibilityState == 'hidden') while (queue.length) beacon(...(queue.shift()! as unknown as [string, URLSearchParams]))
  })

  return {
    push(url, body, now) {
      if (now && beacon(url, body)) return
      queue.push([url, body, 0])
      pump()
    },
  }
}
