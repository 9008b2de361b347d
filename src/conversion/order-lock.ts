/**
 * One claim across tabs. The ledger's claim is synchronous (a reload, or a tab opened a moment
 * later, finds it), but localStorage is not atomic across tabs in two processes: two tabs opening
 * the same confirmation at the same moment both read "not reported" before either write arrives
 * (13 of 20 pairs of tabs sent a sale twice). So a tab that claimed an order also asks for a Web
 * Lock named for it (https://w3c.github.io/web-locks/#api-lock-manager-request) with ifAvailable,
 * and sends only with the lock: the tab that gets it delivers the order and holds it until the
 * delivery is known; a tab that finds it held reports the order as a duplicate and sends nothing.
 *
 * The answer takes a round trip to the browser (66 ms was measured on a page navigating away),
 * while a page that reports a sale and leaves in the same task may have less. So the payload is
 * hashed meanwhile, and if the page is left before the answer, it goes to the outbox at pagehide,
 * for the next page view, rather than be lost.
 *
 * Where Web Locks are missing (Safari before 15.4, pages on plain http), every tab has its turn,
 * as before: two tabs at the very same moment may both send the sale, which the platforms take as
 * one (the same order id).
 */
export interface OrderLock {
  /**
   * This tab's turn to send: 'free' (it holds the lock, or there are no Web Locks), 'taken'
   * (another tab is delivering the order), or 'kept' when the page was left before the answer:
   * `keep` has then run, synchronously, in pagehide.
   */
  turn(keep: () => void): Promise<'free' | 'taken' | 'kept'>
  /** Lets the lock go (the delivery is known). */
  release(): void
}

export function orderLock(orderId: string): OrderLock {
  let answer!: (free: boolean) => void
  const free = new Promise<boolean>((ok) => (answer = ok))
  let release: (() => void) | undefined
  let released = false
  try {
    void navigator.locks
      .request('adbeacon:' + orderId, { ifAvailable: true }, (lock) => {
        answer(!!lock)
        // Held until release(): a tab that asks meanwhile finds the order being delivered.
        return released ? undefined : new Promise<void>((ok) => (release = ok))
      })
      // Refused (an opaque origin, e.g. a sandboxed frame): as where there are no locks.
      .catch(() => answer(true))
  } catch {
    answer(true)
  }
  return {
    turn: (keep) =>
      new Promise((ok) => {
        const exit = () => {
          keep()
          ok('kept')
        }
        addEventListener('pagehide', exit)
        void free.then((f) => {
          removeEventListener('pagehide', exit)
          ok(f ? 'free' : 'taken')
        })
      }),
    release() {
      released = true
      release?.()
    },
  }
}
