import type { Core } from '../part'
import type { ConversionPart } from '../part'
import { createLedger } from '../ledger'
import { DAY_MS } from '../../util'
import { orderFromSource, type OrderSourceKind } from './order-source'

const DESTINATIONS = ['vtex', 'meta', 'google']

/**
 * Reports a sale the page published itself (a dataLayer purchase, VTEX IO's orderPlaced), once,
 * together with the other ways: the same sale may come by conversion(), an order block, or a
 * second source under another of its ids (VTEX: a sub-order or the order group). The ledger of
 * reported orders is read under every id of the sale first; once reported, its other ids are
 * recorded too, so that none of the ways reports it again.
 */
export function reportSourced(core: Core, part: ConversionPart): (kind: OrderSourceKind, data: unknown) => void {
  const ledger = createLedger(core.storage, () => core.cfg().dedupDays * DAY_MS)
  const seen = (id: string) => DESTINATIONS.some((d) => ledger.has(`${d}:${id}`))
  return (kind, data) => {
    const sale = orderFromSource(kind, data)
    if (!sale) return
    const ids = [sale.order.order_id, ...sale.aliases].filter(Boolean) as string[]
    if (ids.some(seen)) return core.log.debug('already reported', kind, ids[0])
    void part.conversion(sale.order).then((r) => {
      for (const [d, s] of Object.entries(r.destinations)) if (s?.status == 'sent' || s?.status == 'queued' || s?.status == 'duplicate') for (const id of ids) ledger.confirm(`${d}:${id}`)
    })
  }
}
