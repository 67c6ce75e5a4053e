import 'server-only';
export { defineJob, type JobDefinition } from './define';
export { jobEngine, sendJob, startWorkers, startWorkersWhenReachable, stopJobEngine, type EngineOptions } from './engine';
