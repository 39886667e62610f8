import { describe, expect, it } from '@jest/globals';
import { parsePeriod } from './o23-period.js';

describe('O23 periods (Buddhist-era months, Thai time)', () => {
  it('one month: 2568-01 is January 2025, from midnight in Bangkok', () => {
    const p = parsePeriod({ period: '2568-01' });
    expect(p).toMatchObject({ from: '2568-01', to: '2568-01', months: 1, days: 31 });
    expect(p.start.toISOString()).toBe('2024-12-31T17:00:00.000Z');
    expect(p.end.toISOString()).toBe('2025-01-31T17:00:00.000Z');
  });

  it('the fiscal first half: 2567-10 to 2568-03 crosses the Buddhist-era year', () => {
    const p = parsePeriod({ from: '2567-10', to: '2568-03' });
    expect(p).toMatchObject({ months: 6, days: 182 });
    expect(p.start.toISOString()).toBe('2024-09-30T17:00:00.000Z');
    expect(p.end.toISOString()).toBe('2025-03-31T17:00:00.000Z');
  });

  it('December rolls into the next year; February of a leap year has 29 days', () => {
    expect(parsePeriod({ period: '2567-12' }).end.toISOString()).toBe('2024-12-31T17:00:00.000Z');
    expect(parsePeriod({ period: '2567-02' }).days).toBe(29);
  });

  it.each([
    [{}, 'PERIOD_REQUIRED'],
    [{ period: '2568-01', from: '2568-01' }, 'PERIOD_REQUIRED'],
    [{ from: '2568-01' }, 'PERIOD_REQUIRED'],
    [{ period: '2568-13' }, 'PERIOD_INVALID'],
    [{ period: '2025-01' }, 'PERIOD_INVALID'],
    [{ period: '68-01' }, 'PERIOD_INVALID'],
    [{ from: '2568-03', to: '2568-01' }, 'PERIOD_INVALID'],
    [{ from: '2566-01', to: '2568-01' }, 'PERIOD_TOO_LONG'],
  ])('%j → 422 %s', (query, code) => {
    expect(() => parsePeriod(query as never)).toThrow(expect.objectContaining({ code }));
  });
});
