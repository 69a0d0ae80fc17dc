export { type Clock, type Timer, realClock, FakeClock, flushAsync } from './clock.js';
export { TokenBucket } from './tokenbucket.js';
