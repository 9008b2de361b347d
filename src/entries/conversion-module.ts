// ESM: the conversion part as a module of its own (`adbeacon/conversion`), loaded on demand by createTracker.
export { createConversion } from '../conversion/conversion'
