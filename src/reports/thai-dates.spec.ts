import { describe, expect, it } from '@jest/globals';
import { thaiDate, thaiMonth, thaiPeriod } from './thai-dates.js';

describe('Thai dates in the Buddhist era', () => {
  it('names months and periods', () => {
    expect(thaiMonth('2568-01')).toBe('มกราคม 2568');
    expect(thaiPeriod('2568-01', '2568-01')).toBe('มกราคม 2568');
    expect(thaiPeriod('2567-10', '2568-03')).toBe('ตุลาคม 2567 – มีนาคม 2568');
  });

  it('dates a moment by its day in Thailand', () => {
    expect(thaiDate(new Date('2026-11-25T16:59:59Z'))).toBe('25 พฤศจิกายน 2569');
    expect(thaiDate(new Date('2026-12-31T17:00:00Z'))).toBe('1 มกราคม 2570');
  });
});
