import { describe, expect, it } from '@jest/globals';
import { bangkokDate, fiscalYearOf } from './evidence-timers.service.js';

describe('evidence timer dates', () => {
  it('a moment is dated by its day in Thailand (UTC+7)', () => {
    expect(bangkokDate(new Date('2026-09-30T16:59:59Z'))).toBe('2026-09-30');
    expect(bangkokDate(new Date('2026-09-30T17:00:00Z'))).toBe('2026-10-01');
  });

  it('the fiscal year runs from 1 October to 30 September', () => {
    expect(fiscalYearOf('2026-09-30')).toEqual({ since: '2025-10-01', deadline: '2026-09-30' });
    expect(fiscalYearOf('2026-10-01')).toEqual({ since: '2026-10-01', deadline: '2027-09-30' });
    expect(fiscalYearOf('2027-01-15')).toEqual({ since: '2026-10-01', deadline: '2027-09-30' });
  });
});
