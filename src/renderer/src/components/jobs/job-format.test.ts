import { describe, expect, it } from 'vitest'
import { baseName } from '../../paths'
import { durationSeconds, formatDuration, formatRate, statusText } from './job-format'

describe('job formatting', () => {
  it('formats durations at a readable precision', () => {
    expect(formatDuration(0.25)).toBe('250 ms')
    expect(formatDuration(12.34)).toBe('12.3 s')
    expect(formatDuration(245)).toBe('4 min 05 s')
    expect(formatDuration(7620)).toBe('2 h 07 min')
    expect(formatDuration(NaN)).toBe('—')
  })

  it('formats rates', () => {
    expect(formatRate(12345.6, 'rows')).toBe('12,346 rows/s')
    expect(formatRate(3.14159, 'MB')).toBe('3.1 MB/s')
  })

  it('tells durations of finished and running jobs', () => {
    expect(durationSeconds('2026-01-01T00:00:00Z', '2026-01-01T00:01:30Z')).toBe(90)
    expect(durationSeconds('2026-01-01T00:00:00Z', null, Date.parse('2026-01-01T00:00:10Z'))).toBe(10)
  })

  it('names statuses and files', () => {
    expect(statusText('completed_with_failures')).toBe('completed with failures')
    expect(baseName('/a/b/partition_000001_processed.parquet')).toBe('partition_000001_processed.parquet')
    expect(baseName('C:\\w\\out.parquet')).toBe('out.parquet')
  })
})
