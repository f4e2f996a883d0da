/**
 * The engine's public surface: what its hosts (the Electron app, `sieve serve` and the CLI, all in
 * src/main) use. Everything else under src/engine is internal to it.
 */

// Jobs: create or reopen a work directory, run it, and read what it holds.
export { Job, type JobOptions, type JobOutcome, type JobProgress } from './job/job'
export type { JobEvent } from './log/events'
export { WorkDir } from './job/layout'
export { analysisDir, openAnalysis, readAnalysis } from './analysis/analyze'
export { findAnalysis } from './analysis/find'
export { compareJobs } from './analysis/compare'
export { readJobOutcomes } from './analysis/outcomes'
export { formatNumber, numericRow, OVERALL_COLUMNS, overallTableText } from './analysis/overall-table'
export type { Manifest } from './job/manifest'
export { readJobDetails, readJobEvents, readJobFiles, readJobSummary, summaryOf } from './job/status'
export { resumePlan } from './job/resume-plan'

// Recipes: parse and check, and write for Data-Juicer.
export { loadRecipe, parseRecipe, readRecipe, recipeFileName, withExportPath } from './job/recipe'
export { exportRecipe } from './job/recipe-export'

// Operators, and the model files some of them need.
export { listBuiltInOps, listOps } from './ops'
export { loadCustomOps, loadUsableCustomOps } from './ops/custom'
export { opsCoverage, type OpsCoverage } from './ops/coverage'
export { checkModels, modelsNeeded, howToGet, operatorModels, type ModelNeed } from './models/needs'
export { ModelStore, modelStoreDir, defaultSieveHome } from './models/store'
export { DOCUMENT_EXTENSIONS } from '../shared/text-documents'
export { modelSpec, type ModelSpec } from './models/catalog'
export { downloadModel, type DownloadProgress } from './models/download'

// Datasets and Parquet files: inspect, validate, read rows back as plain values.
export { DEFAULT_HEAD_ROWS } from './inspect'
export { inspectParquetFile } from './parquet/inspect-file'
export { validateParquet, type ValidationReport } from './parquet/validate'
export { rowObjects } from './ops/batch'
export { jsonValue } from './io/write'
export { jsonText } from './io/json-value'

// The worker threads that run inspection, previews and pages off the caller's thread.
export { EngineWorker } from './worker-client'
export { InteractiveEngine } from './interactive-engine'

// Files: errors named for the user, and writes that a crash never leaves half done.
export { fileError } from './io/fs-errors'
export { fsyncDirectory, publishText, writeFully } from './io/publish'
