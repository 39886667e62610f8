import { describe, expect, it } from '@jest/globals';
import { ItemCategory } from './item.enums.js';
import { buddhistYear, formatItemCode, ITEM_CODE } from './item-code.js';

describe('item codes', () => {
  it('use the Buddhist-era year in Thailand, which turns at midnight Bangkok time', () => {
    expect(buddhistYear(new Date('2025-06-01T00:00:00Z'))).toBe(2568);
    expect(buddhistYear(new Date('2025-12-31T16:59:59Z'))).toBe(2568); // 23:59:59 in Bangkok
    expect(buddhistYear(new Date('2025-12-31T17:00:00Z'))).toBe(2569); // 00:00 on 1 Jan in Bangkok
  });

  it('are {STATION}-{CAT}{YY}-{SEQ} with a six-digit sequence', () => {
    expect(formatItemCode('BKM', ItemCategory.EVIDENCE, 2568, 123)).toBe('BKM-EV68-000123');
    expect(formatItemCode('BKM', ItemCategory.PROPERTY, 2569, 1)).toBe('BKM-GP69-000001');
    expect(formatItemCode('LP2', ItemCategory.WEAPON, 2600, 999_999)).toBe('LP2-WP00-999999');
    expect(formatItemCode('X1', ItemCategory.DONATION, 2568, 42)).toMatch(ITEM_CODE);
  });

  it('refuse a sequence that does not fit six digits', () => {
    expect(() => formatItemCode('BKM', ItemCategory.EVIDENCE, 2568, 0)).toThrow(RangeError);
    expect(() => formatItemCode('BKM', ItemCategory.EVIDENCE, 2568, 1_000_000)).toThrow(RangeError);
  });
});
