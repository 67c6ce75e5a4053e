import 'server-only';

/** The imports domain's server surface: file parsing, preview, the import job, progress and reports. */
export { parseUpload } from './parse';
export { importReport, importStatus, previewImport, previewReport, recentImports, startImport, uploadImportFile } from './imports';
export {
  cancelImport,
  importJob,
  onImportFinished,
  resumeImport,
  resumeImportsJob,
  resumeStalledImports,
  runImport,
  type ImportSummary,
} from './run';
export { importTemplate } from './template';
export { copyToNextPeriod } from './copy';
export { buildWeekSheets, saveWeekGrid, startWeekGrid, weekGridHints, type WeekSheets } from './week-grid';
export { startJob, type PlannedItem } from './start';
export { timesheetMatchKey } from './timesheet-rows';
export { approveDrafts } from './approve-drafts';
