import { parseConsent } from '../config'
import type { Logger } from '../log'
import type { ConsentState } from '../types'
import { attempt } from '../util'
import type { Consent } from './consent'

/**
 * Consent the page already signals, besides adbeacon('consent') / data-consent (source 0), by
 * precedence: Google Consent Mode v2, then IAB TCF v2.2, then Global Privacy Control. Each source
 * sets what it says; for each of ad_storage and ad_user_data the first source that says something wins.
 */
export const CONSENT_MODE = 1
export const TCF = 2

/** The state that holds: for each purpose, the first source (by precedence) that sets it. */
export const effectiveConsent = (layers: ConsentState[]): ConsentState => Object.assign({}, ...layers.slice().reverse()) as ConsentState

/**
 * Global Privacy Control (https://privacycg.github.io/gpc-spec/#dom-globalprivacycontrol): the
 * shopper asks not to have their data sold or shared, so Meta and Google get the sale without
 * hashed contact data or customer id (ad_user_data denied); ids stay first-party.
 */
export const gpcState = (): ConsentState => ((navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl === true ? { ad_user_data: 'denied' } : {})

type TcfApi = (command: string, version: number, callback: (data: { eventStatus?: string; gdprApplies?: boolean; purpose?: { consents?: Record<string, boolean> } } | null, ok: boolean) => void) => void

/**
 * Applies the page's own signals as they come; returns the reader of dataLayer entries.
 *
 * Google Consent Mode v2: `gtag('consent', 'default' | 'update', {ad_storage, ad_user_data, …})`
 * pushes that arguments object to dataLayer
 * (https://developers.google.com/tag-platform/security/guides/consent); later entries refine earlier ones.
 *
 * IAB TCF v2.2 (https://github.com/InteractiveAdvertisingBureau/GDPR-Transparency-and-Consent-Framework,
 * CMP JS API `addEventListener`): while a CMP is on the page and has not answered, nothing is
 * stored (ids live in memory, and are stored if it grants); on `tcloaded` or
 * `useractioncomplete`, purpose 1 ("store and/or access information on a device") decides
 * ad_storage, and `gdprApplies: false` lifts it.
 */
export function watchConsentSignals(consent: Consent, log: Logger): (dataLayerEntry: unknown) => void {
  const tcf = (window as unknown as { __tcfapi?: TcfApi }).__tcfapi
  if (typeof tcf == 'function') {
    consent.set(TCF, { ad_storage: 'denied' })
    attempt(() =>
      tcf('addEventListener', 2, (d, ok) => {
        if (ok && d && /^(tcloaded|useractioncomplete)$/.test(d.eventStatus!)) consent.set(TCF, d.gdprApplies === false ? {} : { ad_storage: d.purpose?.consents?.[1] ? 'granted' : 'denied' })
      }),
    )
  }
  return (e) => {
    const entry = e as Record<number, unknown> | null
    const s = entry?.[0] === 'consent' && /^(default|update)$/.test(entry[1] as string) && parseConsent(entry[2], log)
    if (s) consent.set(CONSENT_MODE, { ...consent.layer(CONSENT_MODE), ...s })
  }
}
