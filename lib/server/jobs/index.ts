import 'server-only';
export { defineJob, type JobDefinition } from './define';
export { jobEngine, sendJob, startWorkers, stopJobEngine, type EngineOptions } from './engine';
