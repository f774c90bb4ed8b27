/** The core: clock, seeded randomness, ids and durations. The only home of real time and entropy. */
export { Clock, DEFAULT_START, type ClockMode, type ClockOptions } from './clock.js'
export { Random, hash32, hashUnit } from './random.js'
export { createFaker } from './faker.js'
export { uuid, isUuid } from './ids.js'
export { parseDuration, toMillis } from './duration.js'
export { SimError, isSimError, type SimErrorCode } from './errors.js'
