import { describe, expect, it } from '@jest/globals';
import { ItemStatus } from '../items/item.enums.js';
import { FindingType } from './audit.enums.js';
import { type Candidate, reconcile, type ScanSummary } from './reconcile.js';

const base: Omit<Candidate, 'itemId' | 'code'> = { status: ItemStatus.IN_STORAGE, locationId: 'L1', condition: 'GOOD', sealNumber: null, holderText: null, inScope: true, line: null };
const c = (itemId: string, over: Partial<Candidate> = {}): Candidate => ({ ...base, itemId, code: itemId, ...over });
const s = (over: Partial<ScanSummary> = {}): ScanSummary => ({ locationId: null, condition: null, sealSeen: null, times: 1, ...over });
const line = (over: Partial<NonNullable<Candidate['line']>>) => ({ shiftId: null, shiftName: null, shiftOpen: false, loanId: null, loanOut: false, holderName: 'ส.ต.อ. ก', unreturnedReason: null, ...over });
const types = (findings: ReturnType<typeof reconcile>) => findings.map((f) => `${f.itemId}:${f.type}`).sort();

describe('reconcile (closing a count)', () => {
  it('accounts for every weapon: counted, on an open shift, on an issued loan, sent out, or missing', () => {
    const candidates = [
      c('counted'),
      c('missing'),
      c('on-shift', { status: ItemStatus.ON_LOAN, locationId: null, line: line({ shiftId: 's1', shiftName: 'เช้า', shiftOpen: true }) }),
      c('left-on-closed-shift', { status: ItemStatus.ON_LOAN, locationId: null, line: line({ shiftId: 's0', shiftName: 'ดึก', shiftOpen: false, unreturnedReason: 'ส่งซ่อม' }) }),
      c('on-loan', { status: ItemStatus.ON_LOAN, locationId: null, line: line({ loanId: 'l1', loanOut: true }) }),
      c('sent-out', { status: ItemStatus.SENT_OUT, locationId: null, holderText: 'กองสรรพาวุธ' }),
    ];
    const findings = reconcile(candidates, new Map([['counted', s()]]));
    expect(types(findings)).toEqual(['counted:FOUND', 'left-on-closed-shift:MISSING', 'missing:MISSING', 'on-loan:AWAY', 'on-shift:AWAY', 'sent-out:AWAY']);
    expect(findings.find((f) => f.itemId === 'left-on-closed-shift')!.detail).toContain('ส่งซ่อม');
  });

  it('a scanned item the record places elsewhere, or outside the scope, is unexpected', () => {
    const candidates = [c('recorded-out', { status: ItemStatus.ON_LOAN, line: line({ loanId: 'l', loanOut: true }) }), c('other-category', { inScope: false })];
    expect(types(reconcile(candidates, new Map([['recorded-out', s()], ['other-category', s()]])))).toEqual(['other-category:UNEXPECTED', 'recorded-out:UNEXPECTED']);
  });

  it('a found item can also be misplaced, changed in condition, differently sealed and scanned twice', () => {
    const candidates = [c('x', { sealNumber: 'S-1' })];
    const findings = reconcile(candidates, new Map([['x', s({ locationId: 'L2', condition: 'DAMAGED', sealSeen: ' s-2 ', times: 2 })]]));
    expect(types(findings)).toEqual(['x:CONDITION_CHANGED', 'x:DUPLICATE_SCAN', 'x:FOUND', 'x:MISPLACED', 'x:SEAL_MISMATCH']);
    expect(types(reconcile(candidates, new Map([['x', s({ locationId: 'L1', condition: 'GOOD', sealSeen: 's-1' })]])))).toEqual(['x:FOUND']);
  });

  it('out-of-scope items nobody scanned are not findings', () => {
    expect(reconcile([c('elsewhere', { inScope: false })], new Map())).toEqual([]);
    expect(FindingType.AWAY).toBe('AWAY');
  });
});
