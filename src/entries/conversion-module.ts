// ESM: the conversion part as a module of its own (`adbeacon/conversion`), loaded on demand by createTracker.
export { withSources as createConversion } from '../conversion/sources/with-sources'
