import type { Logger } from '../log'

const ORDER_SELECTOR = 'script[type="application/json"][data-adbeacon-order]'

/**
 * Server-rendered order blocks (`<script type="application/json" data-adbeacon-order>`): the
 * order-confirmation hook that needs no inline script. Each block is read once, and marked read
 * only once it parses: while the page is still parsing, a block may be only half there.
 */
export function readOrderBlocks(report: (order: unknown) => unknown, log: Logger): void {
  document.querySelectorAll(ORDER_SELECTOR).forEach((el) => {
    if (el.hasAttribute('data-adbeacon-read')) return
    let order: unknown
    try {
      order = JSON.parse(el.textContent ?? '')
    } catch {
      if (document.readyState === 'loading') return
      el.setAttribute('data-adbeacon-read', '')
      return log.warn('order', 'the data-adbeacon-order block is not valid JSON: no conversion sent')
    }
    el.setAttribute('data-adbeacon-read', '')
    report(order)
  })
}
