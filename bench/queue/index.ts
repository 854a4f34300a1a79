/** The queue benchmark's plugin: an empty job and an event, nothing else. */
export { BenchQueuePlugin, BenchWork, BenchPinged } from './bench-queue.plugin.js';
