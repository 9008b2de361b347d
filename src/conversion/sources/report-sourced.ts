import type { Core } from '../part'
import type { ConversionPart } from '../part'
import { createLedger, type Ledger } from '../ledger'
import { DAY_MS, now } from '../../util'
import { orderFromSource, type OrderSourceKind } from './order-source'

const DESTINATIONS = ['vtex', 'meta', 'google']

/**
 * A platform that has the sale under another of its ids (VTEX: the order group or a sub-order)
 * has it under this one too, for as long: conversion() then answers duplicate for that platform
 * alone. The sale may have reached Meta and Google without an e-mail and not VTEX Ads, so a
 * second way in that carries the e-mail still reports it to VTEX Ads, once. True when every
 * platform has it already.
 */
function carryOverClaims(ledger: Ledger, id: string, aliases: string[]): boolean {
  let all = true
  for (const d of DESTINATIONS) {
    const until = Math.max(0, ...[id, ...aliases].map((a) => ledger.until(`${d}:${a}`) ?? 0))
    if (!until) all = false
    else if (!ledger.has(`${d}:${id}`)) ledger.claim(`${d}:${id}`, until - now())
  }
  return all
}

/**
 * Reports a sale the page published itself (a dataLayer purchase, VTEX IO's orderPlaced), once,
 * together with the other ways: the same sale may come by conversion(), an order block, or a
 * second source under another of its ids. The ledger is read under every id of the sale, per
 * platform; once reported, its other ids are recorded too, so that none of the ways reports it
 * to the same platform again.
 */
export function reportSourced(core: Core, part: ConversionPart): (kind: OrderSourceKind, data: unknown) => void {
  const ledger = createLedger(core.storage, () => core.cfg().dedupDays * DAY_MS)
  return (kind, data) => {
    const sale = orderFromSource(kind, data)
    if (!sale) return
    const id = sale.order.order_id == null ? undefined : String(sale.order.order_id)
    const ids = [id, ...sale.aliases].filter(Boolean) as string[]
    // Without an id, conversion() names what is missing.
    if (id && carryOverClaims(ledger, id, sale.aliases)) return core.log.debug('already reported', kind, id)
    void part.conversion(sale.order).then((r) => {
      for (const [d, s] of Object.entries(r.destinations)) if (s?.status == 'sent' || s?.status == 'queued' || s?.status == 'duplicate') for (const a of ids) ledger.confirm(`${d}:${a}`)
    })
  }
}
