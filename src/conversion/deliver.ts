import type { Logger } from '../log'
import { now } from '../util'
import type { Send } from '../transport/request'
import type { Transport } from '../transport/transport'
import type { ConsentState, DeliveryStatus } from '../types'
import type { ConversionContext, Destination, ValidOrder } from './destinations/destination'
import { CLAIM_LEASE_MS } from './decide'
import type { Ledger } from './ledger'
import type { OrderLock } from './order-lock'

const withoutUserData = (order: ValidOrder): ValidOrder => {
  const { email: _e, phone: _p, social_id: _s, first_name: _f, last_name: _l, ...rest } = order
  return rest
}

/**
 * Hashes, builds and delivers one destination's copy of a claimed order, when it is this tab's
 * turn (order-lock.ts). The transport puts the payload in the outbox before its first await: from
 * then on the sale cannot be lost (it is sent again until its delivery is known), so the claim
 * becomes permanent; when nothing went out, or the platform refused it, the claim is given back,
 * so a later visit may report the sale. A tab whose turn never comes (another tab is delivering
 * the order) leaves the claim alone: it is that tab's.
 */
export async function deliverOne(
  dest: Destination,
  key: string,
  order: ValidOrder,
  ctx: ConversionContext,
  // Without a lock (the Shopify pixel's sandbox: one tab, no page exit), every send has its turn.
  deps: { ledger: Ledger; transport: Pick<Transport, 'send'> & Partial<Transport>; consent: ConsentState; log: Logger; lock?: OrderLock },
): Promise<DeliveryStatus> {
  const { ledger } = deps
  const send: Send = async (req) => {
    const turn = deps.lock
      ? await deps.lock.turn(() => {
          deps.transport.leave?.(req)
          ledger.confirm(key)
        })
      : 'free'
    if (turn === 'kept') return 'queued'
    // Another tab holds the order, or held it and has confirmed it meanwhile (it got the lock
    // first, delivered, and let go before this tab asked): a claim longer than any lease is a
    // confirmed one, and this tab has not confirmed its own yet. Another tab's lease is no
    // confirmation: that tab met the lock taken and sends nothing.
    if (turn === 'taken' || ledger.until(key)! > now() + CLAIM_LEASE_MS) return 'duplicate'
    const pending = deps.transport.send(req)
    ledger.confirm(key)
    return pending
  }
  // Without ad_user_data consent, Meta and Google get neither the hashed contact data nor the
  // customer id (Meta's external_id).
  const noUserData = dest.name !== 'vtex' && deps.consent.ad_user_data === 'denied'
  let status: DeliveryStatus
  try {
    status = await dest.deliver(noUserData ? withoutUserData(order) : order, { ...ctx, send, userId: noUserData ? undefined : ctx.userId })
  } catch (e) {
    deps.log.error(`${dest.name}: delivery failed`, e)
    status = 'failed'
  }
  if (status === 'sent' || status === 'queued') ledger.confirm(key) // fbq / gtag: no request of ours
  else if (status !== 'duplicate') ledger.release(key)
  return status
}
