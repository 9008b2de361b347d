// STUB (owned by the tracks engineer): signatures only, to be replaced.
/** Mercado Pago Checkout Pro return-URL parameters ("null" strings already turned into undefined). */
export interface MercadoPagoReturn {
  status?: string
  payment_type?: string
  external_reference?: string
  preference_id?: string
  site_id?: string
  payment_id?: string
  merchant_order_id?: string
}

/** Reads Checkout Pro return parameters from a URL; null when the URL is not such a return. */
export function readMercadoPagoReturn(href: string): MercadoPagoReturn | null {
  void href
  return null
}

/** The ad-platform rule: report only payments approved instantly. */
export function instantApproval(ret: MercadoPagoReturn): { approved: true } | { approved: false; reason: string } {
  void ret
  return { approved: true }
}
