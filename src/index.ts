// ESM entry: `import { createTracker } from 'adbeacon'`.
export { createTracker } from './tracker'
export type { Tracker, DebugState } from './tracker'
export type { Options } from './config'
export type {
  Order,
  OrderItem,
  ConversionResult,
  ValidationError,
  DeliveryStatus,
  DestinationName,
  Track,
  Ad,
  GetAdsResponse,
  ConsentState,
} from './types'
