import { describe, expect, it } from '@jest/globals';
import { daysHeld, straightLine } from './depreciation.js';

/** Figures worked out by hand (a calculator, not this code). */
describe('straightLine', () => {
  const base = { cost: 36_500, ratePercent: null, usefulLifeYears: 5 };

  it('a whole fiscal year (1 Oct 2567 – 30 Sep 2568) carries one yearly amount: 36,500 × 20 % = 7,300', () => {
    expect(straightLine({ ...base, acquiredOn: '2024-10-01', asOf: '2025-09-30' })).toEqual({ ratePercent: 20, yearly: 7300, accumulated: 7300, net: 29_200, daysHeld: 365 });
  });

  it('bought mid-year: 1 Apr – 30 Sep is 183 days, 7,300 × 183 ÷ 365 = 3,660', () => {
    expect(straightLine({ ...base, acquiredOn: '2025-04-01', asOf: '2025-09-30' })).toEqual({ ratePercent: 20, yearly: 7300, accumulated: 3660, net: 32_840, daysHeld: 183 });
  });

  it('the day it is bought counts: one day held on the day itself', () => {
    expect(straightLine({ ...base, acquiredOn: '2025-04-01', asOf: '2025-04-01' })).toMatchObject({ accumulated: 20, daysHeld: 1 });
  });

  it('an own rate wins over the useful life: 2 × 12,000 at 12.5 % for 10 days = 3,000 × 10 ÷ 365 = 82.19', () => {
    expect(straightLine({ cost: 24_000, ratePercent: 12.5, usefulLifeYears: 5, acquiredOn: '2025-01-01', asOf: '2025-01-10' })).toEqual({
      ratePercent: 12.5,
      yearly: 3000,
      accumulated: 82.19,
      net: 23_917.81,
      daysHeld: 10,
    });
  });

  it('3 years of life: the rate prints as 33.33 %, the figures use 100 ÷ 3 (9,000 for 100 days = 821.92)', () => {
    expect(straightLine({ cost: 9000, ratePercent: null, usefulLifeYears: 3, acquiredOn: '2025-01-01', asOf: '2025-04-10' })).toEqual({
      ratePercent: 33.33,
      yearly: 3000,
      accumulated: 821.92,
      net: 8178.08,
      daysHeld: 100,
    });
  });

  it('past its useful life it stops at cost − 1 baht: net value 1 baht (ราคาซาก)', () => {
    // 1 Jan 2015 – 1 Jan 2025: 3,653 days + the first = 3,654; 2,000 × 3,654 ÷ 365 = 20,021.92 > 9,999.
    expect(straightLine({ cost: 10_000, ratePercent: 20, usefulLifeYears: null, acquiredOn: '2015-01-01', asOf: '2025-01-01' })).toEqual({
      ratePercent: 20,
      yearly: 2000,
      accumulated: 9999,
      net: 1,
      daysHeld: 3654,
    });
  });

  it('an as-at day before it was bought: nothing accumulated yet', () => {
    expect(straightLine({ ...base, acquiredOn: '2025-04-01', asOf: '2025-03-31' })).toMatchObject({ accumulated: 0, net: 36_500, daysHeld: 0 });
  });

  it('a rate of 0 (not depreciated): 0 a year, net value is cost', () => {
    expect(straightLine({ cost: 5000, ratePercent: 0, usefulLifeYears: 5, acquiredOn: '2020-01-01', asOf: '2025-01-01' })).toMatchObject({ yearly: 0, accumulated: 0, net: 5000 });
  });

  it('worth less than the 1-baht salvage value: nothing to depreciate', () => {
    expect(straightLine({ cost: 0.5, ratePercent: 20, usefulLifeYears: null, acquiredOn: '2020-01-01', asOf: '2025-01-01' })).toMatchObject({ accumulated: 0, net: 0.5 });
  });

  it('blank without a price, or without either rate or useful life', () => {
    expect(straightLine({ cost: null, ratePercent: 20, usefulLifeYears: 5, acquiredOn: '2025-01-01', asOf: '2025-06-01' })).toBeNull();
    expect(straightLine({ cost: 1000, ratePercent: null, usefulLifeYears: null, acquiredOn: '2025-01-01', asOf: '2025-06-01' })).toBeNull();
    expect(straightLine({ cost: 1000, ratePercent: null, usefulLifeYears: 0, acquiredOn: '2025-01-01', asOf: '2025-06-01' })).toBeNull();
  });

  it('counts days across a leap day', () => {
    expect(daysHeld('2024-02-28', '2024-03-01')).toBe(3);
    expect(daysHeld('2023-10-01', '2024-09-30')).toBe(366);
  });
});
