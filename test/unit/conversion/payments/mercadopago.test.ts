import { describe, expect, it } from 'vitest'
import { notInstant, readMercadoPagoReturn } from '../../../../src/conversion/payments/mercadopago'

const back = (q: string) => `https://shop.example.com/checkout/thanks?${q}`

describe('readMercadoPagoReturn', () => {
  it("reads the official example return (configure-back-urls page); the literal 'null' is absent", () => {
    const href = back('collection_id=106400160592&collection_status=rejected&payment_id=106400160592&status=rejected&external_reference=qweqweqwe&payment_type=credit_card&merchant_order_id=29900492508&preference_id=724484980-ecb2c41d-ee0e-4cf4-9950-8ef2f07d3d82&site_id=MLC&processing_mode=aggregator&merchant_account_id=null')
    expect(readMercadoPagoReturn(href)).toEqual({
      status: 'rejected',
      payment_type: 'credit_card',
      external_reference: 'qweqweqwe',
      preference_id: '724484980-ecb2c41d-ee0e-4cf4-9950-8ef2f07d3d82',
      site_id: 'MLC',
      payment_id: '106400160592',
      merchant_order_id: '29900492508',
      processing_mode: 'aggregator',
    })
  })

  it('a shopper who came back without paying: only preference_id and site_id are filled', () => {
    const href = back('collection_id=null&collection_status=null&payment_id=null&status=null&external_reference=null&payment_type=null&merchant_order_id=null&preference_id=1-abc&site_id=MLB')
    expect(readMercadoPagoReturn(href)).toEqual({ preference_id: '1-abc', site_id: 'MLB' })
  })

  it('collection_status wins over status; collection_id stands in for payment_id; site_id uppercased', () => {
    expect(readMercadoPagoReturn(back('collection_status=approved&status=pending&collection_id=9&site_id=mla'))).toEqual({ status: 'approved', payment_id: '9', site_id: 'MLA' })
    expect(readMercadoPagoReturn(back('preference_id=1-a&status=approved'))).toMatchObject({ status: 'approved' })
  })

  it('null when the URL is not a Checkout Pro return', () => {
    expect(readMercadoPagoReturn('https://shop.example.com/checkout/thanks')).toBeNull()
    // generic names alone do not make a return
    expect(readMercadoPagoReturn(back('status=approved&payment_id=1&external_reference=x'))).toBeNull()
    expect(readMercadoPagoReturn('not a url')).toBeNull()
  })
})

describe('notInstant (Checkout Pro ads-conversion rule)', () => {
  it.each([
    ['credit_card', 'MLM'],
    ['debit_card', 'MCO'],
    ['account_money', 'MLC'],
    ['credit_card', undefined],
    ['digital_currency', 'MLA'],
    ['digital_currency', 'MLB'],
  ])('approved %s on %s → reported', (payment_type, site_id) => {
    expect(notInstant({ status: 'approved', payment_type, site_id })).toBeUndefined()
  })

  it.each(['MLM', 'MLC', 'MCO', 'MPE', 'MLU', undefined])('Mercado Crédito (digital_currency) on %s → not reported', (site_id) => {
    expect(notInstant({ status: 'approved', payment_type: 'digital_currency', site_id })).toMatch(/^Mercado Crédito on .*\(only MLA and MLB\): not reported$/)
  })

  it('pending, in_process, rejected, authorized … → not reported, with the status in the reason', () => {
    for (const status of ['pending', 'in_process', 'rejected', 'authorized', 'cancelled']) {
      expect(notInstant({ status, payment_type: 'credit_card' })).toBe(`payment ${status}: not reported`)
    }
  })

  it('approved but not an instant method (ticket, bank_transfer, prepaid_card …) → not reported', () => {
    for (const payment_type of ['ticket', 'bank_transfer', 'atm', 'prepaid_card', 'digital_wallet']) {
      expect(notInstant({ status: 'approved', payment_type, site_id: 'MLB' })).toBe(`payment type ${payment_type} is not approved instantly: not reported`)
    }
  })

  it('no payment at all, or no payment type → not reported', () => {
    expect(notInstant({ preference_id: '1-a' })).toMatch(/without paying/)
    expect(notInstant({ status: 'approved' })).toBe('payment type missing is not approved instantly: not reported')
  })
})
