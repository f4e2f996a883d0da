import { z } from 'zod'

/**
 * The params of every API method, declared once: `api.ts` derives their TypeScript types from
 * these schemas (type-only, so the renderer bundle carries no zod) and the backend validates
 * untrusted params from a renderer or a socket with the same objects. Each issue's message is
 * what the parameter must be; the backend words it as "Parameter 'x' must be …".
 */

export const MAX_UPLOAD_CHUNK = 16 << 20
const MAX_UPLOAD_SIZE = Number.MAX_SAFE_INTEGER

const text = (maxLength = 4096) =>
  z
    .string({ error: 'a non-empty string' })
    .min(1, { error: 'a non-empty string' })
    .max(maxLength, { error: `at most ${maxLength} characters` })
    .refine((value) => !value.includes('\0'), { error: 'free of NUL characters' })

const integer = (min: number, max: number) => {
  const expectation = `an integer from ${min} to ${max}`
  return z.number({ error: expectation }).int({ error: expectation }).min(min, { error: expectation }).max(max, { error: expectation })
}

const boolean = z.boolean({ error: 'true or false' })

const bytes = (maxBytes: number) =>
  z.instanceof(Uint8Array, { error: 'bytes' }).refine((value) => value.byteLength <= maxBytes, { error: `at most ${maxBytes} bytes` })

const oneOf = <const T extends readonly [string, ...string[]]>(choices: T) => z.enum(choices, { error: `one of ${choices.join(', ')}` })

const PATHS_EXPECTATION = 'a path or a list of 1 to 10000 paths'
/** One path, or a list of 1 to 10,000 of them. */
const pathOrPaths = z.union([text(), z.array(text()).min(1, { error: PATHS_EXPECTATION }).max(10_000, { error: PATHS_EXPECTATION })])

export interface OpStep {
  name: string
  params?: Record<string, unknown>
}

const isPlainObject = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value)

/** A list of operators as the recipe builder sends them: [{name, params?}]; any problem is reported against the whole list. */
const opList = z
  .custom<OpStep[]>((value) => Array.isArray(value) && value.length <= 200, { error: 'a list of at most 200 operators' })
  .superRefine((ops, ctx) => {
    if (!Array.isArray(ops)) return
    for (const op of ops as unknown[]) {
      const o = op as { name?: unknown; params?: unknown }
      if (typeof o !== 'object' || o === null || typeof o.name !== 'string') {
        ctx.addIssue({ code: 'custom', message: 'a list of {name, params} objects' })
        return
      }
      if (o.params !== undefined && !isPlainObject(o.params)) {
        ctx.addIssue({ code: 'custom', message: 'a list whose params are objects' })
        return
      }
    }
  })

/** The parameters each method accepts; anything else is refused. */
export const API_PARAMS = {
  'app/info': z.strictObject({}),
  'datasets/inspect': z.strictObject({ path: pathOrPaths, rows: integer(1, 10_000).optional() }),
  'fs/list': z.strictObject({ path: text().optional(), showHidden: boolean.optional() }),
  'uploads/begin': z.strictObject({
    name: text(255),
    size: integer(0, MAX_UPLOAD_SIZE),
    relativePath: text(1024).optional(),
    batch: text(64).optional()
  }),
  'uploads/chunk': z.strictObject({ uploadId: text(64), offset: integer(0, MAX_UPLOAD_SIZE), bytes: bytes(MAX_UPLOAD_CHUNK) }),
  'uploads/finish': z.strictObject({ uploadId: text(64) }),
  'uploads/abort': z.strictObject({ uploadId: text(64) }),
  /** With a recipe's custom_operator_paths (absolute), its custom operators are listed too. */
  'ops/list': z.strictObject({ customOperatorPaths: z.array(text()).max(256).optional() }),
  'models/add': z.strictObject({ path: text(), name: text(256) }),
  'models/fetch': z.strictObject({ name: text(256), url: text(2048).optional() }),
  'recipes/validate': z.strictObject({ yaml: text(1 << 20), baseDir: text().optional(), recipePath: text().optional() }),
  'recipes/read': z.strictObject({ path: text() }),
  'recipes/export': z.strictObject({ yaml: text(1 << 20), baseDir: text().optional(), to: oneOf(['data-juicer', 'ray']) }),
  'recipes/save': z.strictObject({ path: text(), yaml: text(1 << 20) }),
  'preview/run': z.strictObject({
    path: text(),
    textKey: text(256).optional(),
    process: opList,
    rows: integer(1, 10_000).optional(),
    /** The recipe's custom_operator_paths (absolute): `process` may name the operators they define. */
    customOperatorPaths: z.array(text()).max(256).optional()
  }),
  'jobs/open': z.strictObject({ workDir: text() }),
  'jobs/start': z.strictObject({
    yaml: text(1 << 20),
    baseDir: text().optional(),
    workDir: text().optional(),
    exportPath: text().optional(),
    np: integer(1, 256).optional(),
    /** Clears a work directory that already holds a job. */
    force: boolean.optional(),
    /** Replaces an existing output that is not this job's earlier export (the window asks first). */
    replaceOutput: boolean.optional(),
    /** The recipe's file: a recipe without project_name names its job after it. */
    recipePath: text().optional()
  }),
  'jobs/list': z.strictObject({}),
  'jobs/details': z.strictObject({ workDir: text(), hashExport: boolean.optional() }),
  'jobs/forget': z.strictObject({ workDir: text() }),
  'jobs/events': z.strictObject({ workDir: text(), after: integer(0, MAX_UPLOAD_SIZE).optional(), limit: integer(1, 10_000).optional() }),
  'jobs/resumePlan': z.strictObject({ workDir: text() }),
  'jobs/resume': z.strictObject({ workDir: text(), force: boolean.optional() }),
  'jobs/restart': z.strictObject({ workDir: text() }),
  'jobs/pause': z.strictObject({ workDir: text(), paused: boolean }),
  'jobs/cancel': z.strictObject({ workDir: text() }),
  'analysis/start': z.strictObject({ yaml: text(1 << 20), baseDir: text().optional(), workDir: text().optional(), np: integer(1, 256).optional() }),
  'analysis/get': z.strictObject({ workDir: text() }),
  'jobs/compare': z.strictObject({ a: text(), b: text() }),
  'jobs/outcomes': z.strictObject({ workDir: text() }),
  'analysis/find': z.strictObject({ yaml: text(1 << 20), baseDir: text().optional() }),
  'app/reveal': z.strictObject({ path: text() }),
  'chunks/inspect': z.strictObject({ path: text() }),
  'chunks/validate': z.strictObject({ path: text(), level: oneOf(['quick', 'full', 'manifest']) }),
  'chunks/readPage': z.strictObject({ path: text(), offset: integer(0, MAX_UPLOAD_SIZE), limit: integer(1, 10_000) })
}

/** Each method's params as the TypeScript type its schema accepts. */
export type ApiParams = { [M in keyof typeof API_PARAMS]: z.infer<(typeof API_PARAMS)[M]> }
