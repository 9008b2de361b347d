import { createConversion } from '../conversion'
import type { ConversionPart, Core } from '../part'
import { reportSourced } from './report-sourced'

/** The conversion part with the sales the page publishes itself (dataLayer, VTEX IO) as one more way in. */
export function withSources(core: Core): ConversionPart {
  const part = createConversion(core)
  part.source = reportSourced(core, part)
  return part
}
