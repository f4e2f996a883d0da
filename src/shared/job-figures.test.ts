import { describe, expect, it } from 'vitest'
import { chainRows, reachedFraction, reachedLabel, reachedProgress, rowsPerSecond, runSeconds, stageRowsDone } from './job-figures'

describe('one definition per figure', () => {
  it('rows through a stage: a row counts once per stage its partition finished, and what a first stage has read', () => {
    const partitions = [
      { rows: 1000, stage: 2, done: true },
      { rows: 1000, stage: 1, done: false },
      { rows: 1000, stage: 0, done: false, rowsRead: 400 },
      // A running count never exceeds the partition's rows.
      { rows: 1000, stage: 0, done: false, rowsRead: 5000 }
    ]
    expect(stageRowsDone(partitions, 2)).toBe(2000 + 1000 + 400 + 1000)
    // Through the whole chain: each row once, however many stages.
    expect(chainRows(stageRowsDone(partitions, 2), 2)).toBe(2200)
    expect(chainRows(stageRowsDone([{ rows: 500, stage: 1, done: true }], 1), 1)).toBe(500)
  })

  it('throughput is rows through the chain per active second, so a two-stage job that moved its 10,000 rows in 10 active seconds did 1,000 rows/s', () => {
    const done = Array.from({ length: 10 }, () => ({ rows: 1000, stage: 2, done: true }))
    expect(rowsPerSecond(chainRows(stageRowsDone(done, 2), 2), 10_000)).toBe(1000)
    expect(rowsPerSecond(500, 0)).toBe(0)
  })

  it('the run time is from the run start to its end, and unknown while either is', () => {
    expect(runSeconds('2026-12-05T10:00:00.000Z', '2026-12-05T10:00:41.300Z')).toBeCloseTo(41.3)
    expect(runSeconds(undefined, '2026-12-05T10:00:41.300Z')).toBeNull()
    expect(runSeconds('2026-12-05T10:00:00.000Z', null)).toBeNull()
  })

  it('a job stopped during its first stage shows the partitions that finished it, not "0 of 59"', () => {
    const partitions = Array.from({ length: 59 }, (_, i) => ({ status: 'pending', stage: i < 9 ? 1 : 0, rowsIn: 4962 }))
    const reached = reachedProgress(partitions, 2)
    expect(reached).toMatchObject({ done: 0, total: 59, stage: 0, stages: 2, finishedStage: 9 })
    expect(reached.fraction).toBeCloseTo(9 / 118)
    expect(reachedLabel(reached)).toBe('stage 1 of 2: 9 of 59 partitions finished it · 0 done')
    expect(reachedLabel(reached, String, true)).toBe('stage 1 of 2: 9/59 · 0/59 done')
  })

  it('a job whose partitions are done or failed says so, whatever its stages', () => {
    const reached = reachedProgress(
      [
        { status: 'done', stage: 2, rowsIn: 10 },
        { status: 'failed', stage: 0, rowsIn: 10 },
        { status: 'done', stage: 2, rowsIn: 10 }
      ],
      2
    )
    expect(reachedLabel(reached)).toBe('2 of 3 partitions done · 1 failed')
    expect(reached.fraction).toBeCloseTo(2 / 3)
    expect(reachedFraction(0, 0, 1)).toBe(0)
  })
})
