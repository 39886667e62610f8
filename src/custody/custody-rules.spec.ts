import { describe, expect, it } from '@jest/globals';
import { ConflictError } from '../common/errors.js';
import { ItemStatus } from '../items/item.enums.js';
import { CustodyEventType, DiscrepancyKind } from './custody.enums.js';
import { assertTransition, compareBlind, missingBlindFields, statusAfter } from './custody-rules.js';

const record = { sealNumber: 'S-0001', weightGrams: 20.5, amount: null };

describe('custody rules', () => {
  it('allow only the transitions of the state machine', () => {
    expect(() => assertTransition(CustodyEventType.MOVE, ItemStatus.IN_STORAGE, null)).not.toThrow();
    expect(() => assertTransition(CustodyEventType.MOVE, ItemStatus.SENT_OUT, 'ศาลจังหวัด')).toThrow(ConflictError);
    expect(() => assertTransition(CustodyEventType.RECEIVE_BACK, ItemStatus.IN_STORAGE, null)).toThrow(/RECEIVE_BACK is not possible/);
    expect(() => assertTransition(CustodyEventType.AMEND, ItemStatus.DISPOSED, null)).toThrow(ConflictError);
    expect(statusAfter(CustodyEventType.SEND_OUT, ItemStatus.IN_STORAGE)).toBe(ItemStatus.SENT_OUT);
    expect(statusAfter(CustodyEventType.RECEIVE_BACK, ItemStatus.SENT_OUT)).toBe(ItemStatus.IN_STORAGE);
    expect(statusAfter(CustodyEventType.MOVE, ItemStatus.IN_STORAGE)).toBe(ItemStatus.IN_STORAGE);
  });

  it('say why in Thai', () => {
    try {
      assertTransition(CustodyEventType.SEND_OUT, ItemStatus.SENT_OUT, 'กองพิสูจน์หลักฐาน');
      throw new Error('not refused');
    } catch (err) {
      expect((err as ConflictError).messageTh).toContain('ส่งออกนอกคลัง');
      expect((err as ConflictError).messageTh).toContain('กองพิสูจน์หลักฐาน');
    }
  });

  it('compare blind values with the record: seals ignoring case and spaces, weights within the tolerance', () => {
    expect(compareBlind(record, { sealNumber: ' s-0001 ', weightGrams: 20.55 }, 0.1)).toEqual([]);
    expect(compareBlind(record, { sealNumber: 'S-0002', weightGrams: 20.7 }, 0.1)).toEqual([
      { kind: DiscrepancyKind.SEAL_MISMATCH, expected: 'S-0001', observed: 'S-0002' },
      { kind: DiscrepancyKind.WEIGHT_MISMATCH, expected: '20.5', observed: '20.7' },
    ]);
    expect(compareBlind({ sealNumber: null, weightGrams: null, amount: 15000 }, { amount: 14000 }, 0.1)).toEqual([
      { kind: DiscrepancyKind.AMOUNT_MISMATCH, expected: '15000', observed: '14000' },
    ]);
  });

  it('require every measure on record to be re-entered on exits and returns of HIGH items only', () => {
    expect(missingBlindFields(CustodyEventType.SEND_OUT, true, record, {})).toEqual(['sealNumber', 'weightGrams']);
    expect(missingBlindFields(CustodyEventType.RECEIVE_BACK, true, record, { sealNumber: 'S-0001', weightGrams: 20.5 })).toEqual([]);
    expect(missingBlindFields(CustodyEventType.SEND_OUT, false, record, {})).toEqual([]);
    expect(missingBlindFields(CustodyEventType.MOVE, true, record, {})).toEqual([]);
  });
});
