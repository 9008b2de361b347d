// Light checks of what Meta's and Google's endpoints receive, so QA sees at a glance whether the
// platform would take the request (https://developers.facebook.com/docs/meta-pixel/reference,
// https://support.google.com/google-ads/answer/6386790). The real endpoints answer
// 200 to almost anything; these checks are ours, in the same error shape as the VTEX ones.
import type { AjvStyleError } from './validate.js'

const HEX64 = /^[0-9a-f]{64}$/
const CURRENCY = /^[A-Z]{3}$/

const err = (instancePath: string, keyword: string, message: string, params: Record<string, unknown> = {}): AjvStyleError => ({
  instancePath,
  keyword,
  message,
  params,
  schemaPath: `#/${keyword}`,
})

export interface PlatformCheck { errors: AjvStyleError[]; notes: string[] }

/** Meta pixel (/tr): fields may arrive in the query string (image pixel) or a form body (fbevents). */
export function checkMeta(fields: Record<string, string>): PlatformCheck {
  const errors: AjvStyleError[] = []
  const notes: string[] = []
  if (!fields.id) errors.push(err('/id', 'required', "must have required property 'id' (the pixel id)", { missingProperty: 'id' }))
  else if (!/^\d+$/.test(fields.id)) errors.push(err('/id', 'pattern', 'pixel id must be digits', { pattern: '^\\d+$' }))
  if (!fields.ev) errors.push(err('/ev', 'required', "must have required property 'ev' (the event name)", { missingProperty: 'ev' }))
  if (fields.ev === 'Purchase') {
    const value = fields['cd[value]']
    if (value === undefined) errors.push(err('/cd[value]', 'required', 'Purchase requires cd[value]', { missingProperty: 'cd[value]' }))
    else if (!Number.isFinite(Number(value)) || Number(value) < 0) errors.push(err('/cd[value]', 'type', 'cd[value] must be a non-negative number', { value }))
    const currency = fields['cd[currency]']
    if (currency === undefined) errors.push(err('/cd[currency]', 'required', 'Purchase requires cd[currency]', { missingProperty: 'cd[currency]' }))
    else if (!CURRENCY.test(currency)) errors.push(err('/cd[currency]', 'pattern', 'cd[currency] must be an ISO 4217 code such as BRL', { value: currency }))
    if (!fields.eid) notes.push('no eid: Meta cannot deduplicate this browser event with a server (CAPI) event')
  }
  for (const [k, v] of Object.entries(fields)) {
    if (!k.startsWith('ud[')) continue
    if (!HEX64.test(v)) errors.push(err(`/${k}`, 'pattern', `${k} must be a lowercase SHA-256 hex digest (the image pixel does not hash)`, { value: v.length > 80 ? v.slice(0, 80) + '…' : v }))
  }
  const fbc = fields.fbc ?? fields['ud[fbc]']
  if (fbc !== undefined && !/^fb\.\d\.\d{13}\.\S+$/.test(fbc)) errors.push(err('/fbc', 'pattern', 'fbc must look like fb.1.<creation time in ms>.<fbclid>', { value: fbc }))
  return { errors, notes }
}

/** Google Ads conversion pixel (/pagead/conversion/<id>/). */
export function checkGoogle(conversionId: string, fields: Record<string, string>): PlatformCheck {
  const errors: AjvStyleError[] = []
  const notes: string[] = []
  if (!/^\d+$/.test(conversionId)) errors.push(err('/conversion_id', 'pattern', 'the path carries the numeric conversion id (without "AW-")', { value: conversionId }))
  if (!fields.label) errors.push(err('/label', 'required', "must have required property 'label' (the conversion label)", { missingProperty: 'label' }))
  if (fields.value !== undefined) {
    if (!Number.isFinite(Number(fields.value))) errors.push(err('/value', 'type', 'value must be a number', { value: fields.value }))
    if (!fields.currency_code) errors.push(err('/currency_code', 'required', 'a value needs currency_code (not "currency")', { missingProperty: 'currency_code' }))
  }
  if (fields.currency_code !== undefined && !CURRENCY.test(fields.currency_code)) errors.push(err('/currency_code', 'pattern', 'currency_code must be an ISO 4217 code such as BRL', { value: fields.currency_code }))
  const tid = fields.oid ?? fields.transaction_id
  if (tid === undefined || tid === '') notes.push('no transaction id (oid): Google cannot tell a repeat of this conversion from a new one')
  else if (tid.length > 64) errors.push(err('/oid', 'maxLength', 'transaction id must be at most 64 characters', { limit: 64 }))
  return { errors, notes }
}
