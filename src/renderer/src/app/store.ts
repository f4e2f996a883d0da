import { create } from 'zustand'
import { createAppSlice, type AppSlice } from './app-slice'
import { createAnalysisSlice, type AnalysisSlice } from '../features/analysis/analysis-slice'
import { createCompareSlice, type CompareSlice } from '../features/compare/compare-slice'
import { createBrowserSlice, type BrowserSlice } from '../features/browser/browser-slice'
import { createDatasetSlice, type DatasetSlice } from '../features/dataset/dataset-slice'
import { createInspectorSlice, type InspectorSlice } from '../features/inspector/inspector-slice'
import { createJobSlice, type JobSlice } from '../features/jobs/job-slice'
import { createNavSlice, type NavSlice } from './nav-slice'
import { createOutcomesSlice, type OutcomesSlice } from '../features/outcomes/outcomes-slice'
import { createOpsSlice, type OpsSlice } from '../features/recipe/ops-slice'
import { createRecipeSlice, type RecipeSlice } from '../features/recipe/recipe-slice'

export type Store = AppSlice &
  NavSlice &
  DatasetSlice &
  BrowserSlice &
  InspectorSlice &
  JobSlice &
  RecipeSlice &
  OpsSlice &
  AnalysisSlice &
  CompareSlice &
  OutcomesSlice

/** The one store of the renderer, composed from typed slices; the actions that change it are the module functions of the `*-actions` files. */
export const useStore = create<Store>()(() => ({
  ...createAppSlice(),
  ...createNavSlice(),
  ...createDatasetSlice(),
  ...createBrowserSlice(),
  ...createInspectorSlice(),
  ...createJobSlice(),
  ...createRecipeSlice(),
  ...createOpsSlice(),
  ...createAnalysisSlice(),
  ...createCompareSlice(),
  ...createOutcomesSlice()
}))
