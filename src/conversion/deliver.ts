import type { Logger } from '../log'
import type { Send } from '../transport/request'
import type { Transport } from '../transport/transport'
import type { ConsentState, DeliveryStatus } from '../types'
import type { ConversionContext, Destination, ValidOrder } from './destinations/destination'
import type { Ledger } from './ledger'

const withoutUserData = (order: ValidOrder): ValidOrder => {
  const { email: _e, phone: _p, social_id: _s, first_name: _f, last_name: _l, ...rest } = order
  return rest
}

/**
 * Hashes, builds and hands over one destination's copy of a claimed order. The transport puts
 * the payload in the outbox or hands it to sendBeacon before it returns: from then on the sale
 * cannot be lost, so the claim becomes permanent; when nothing went out it is given back, so a
 * later page view may report the sale.
 */
export async function deliverOne(
  dest: Destination,
  key: string,
  order: ValidOrder,
  ctx: ConversionContext,
  deps: { ledger: Ledger; transport: Transport; consent: ConsentState; log: Logger },
): Promise<DeliveryStatus> {
  const { ledger } = deps
  const send: Send = (req) => {
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
  else ledger.release(key)
  return status
}
