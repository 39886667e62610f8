import { CONDITION_TH, type ItemCondition, ItemStatus, STATUS_TH } from '../items/item.enums.js';
import { FindingType } from './audit.enums.js';

/** An item the count should account for, or that a counter scanned, with what holds it if it is out. */
export interface Candidate {
  itemId: string;
  code: string;
  status: ItemStatus;
  locationId: string | null;
  condition: string;
  sealNumber: string | null;
  holderText: string | null;
  inScope: boolean;
  /** In the count's category and place, but not drawn into its sample. */
  outOfSample?: boolean;
  /** The open loan line or shift issue, if any. */
  line: { shiftId: string | null; shiftName: string | null; shiftOpen: boolean; loanId: string | null; loanOut: boolean; holderName: string; unreturnedReason: string | null } | null;
}

export interface ScanSummary {
  locationId: string | null;
  condition: string | null;
  sealSeen: string | null;
  /** How many times it was scanned in this count. */
  times: number;
}

export interface Finding {
  itemId: string;
  type: FindingType;
  detail: string | null;
  /** FOUND: the condition the counter recorded (the annual inspection's assessment). */
  conditionSeen?: string | null;
}

const seal = (s: string) => s.trim().toUpperCase().replace(/\s+/g, '');

/** A finding's detail is stored in 500 characters; names and reasons typed elsewhere can be longer. */
export const DETAIL_MAX = 500;
const clip = (text: string | null) => (text && text.length > DETAIL_MAX ? `${text.slice(0, DETAIL_MAX - 1)}…` : text);

/** Why an item that is not in the store is accounted for, or null when nothing accounts for it. */
function accountedAway(c: Candidate): string | null {
  if (c.status === ItemStatus.SENT_OUT) return `ส่งออกนอกคลัง: ${c.holderText ?? '-'}`;
  if (c.status !== ItemStatus.ON_LOAN || !c.line) return null;
  if (c.line.shiftId && c.line.shiftOpen) return `เบิกประจำผลัด "${c.line.shiftName}" โดย ${c.line.holderName}`;
  if (c.line.loanId && c.line.loanOut) return `ยืมโดย ${c.line.holderName} (คำขอยืม ${c.line.loanId})`;
  return null;
}

function unaccounted(c: Candidate): string {
  if (c.line?.shiftId) return `ค้างจากผลัด "${c.line.shiftName}" ที่ปิดแล้ว โดย ${c.line.holderName}${c.line.unreturnedReason ? ` (${c.line.unreturnedReason})` : ''}`;
  return 'ไม่พบในคลังและไม่มีหลักฐานการเบิกหรือยืม';
}

/**
 * Closing a count (DESIGN §2 Audit session): every in-scope item is FOUND, AWAY (on an open shift issue,
 * an issued loan, or sent out) or MISSING; a scanned item the record places elsewhere, or outside the
 * scope, is UNEXPECTED; a found item can also be MISPLACED, CONDITION_CHANGED or SEAL_MISMATCH; an item
 * scanned more than once is also a DUPLICATE_SCAN.
 */
export function reconcile(candidates: readonly Candidate[], scans: ReadonlyMap<string, ScanSummary>): Finding[] {
  const findings: Finding[] = [];
  const add = (itemId: string, type: FindingType, detail: string | null = null) => findings.push({ itemId, type, detail: clip(detail) });
  for (const c of candidates) {
    const scan = scans.get(c.itemId);
    if (!scan) {
      if (!c.inScope) continue;
      if (c.status === ItemStatus.IN_STORAGE) add(c.itemId, FindingType.MISSING, 'ทะเบียนระบุว่าอยู่ในคลัง แต่ไม่ได้ถูกสแกน');
      else {
        const away = accountedAway(c);
        if (away) add(c.itemId, FindingType.AWAY, away);
        else add(c.itemId, FindingType.MISSING, unaccounted(c));
      }
      continue;
    }
    if (c.status === ItemStatus.DISPOSED) add(c.itemId, FindingType.UNEXPECTED, 'ของชิ้นนี้จำหน่ายแล้ว (ปิดบัญชี) แต่ยังพบอยู่');
    else if (c.outOfSample && c.status === ItemStatus.IN_STORAGE) {
      // Counted though not drawn (a blind counter cannot know the sample): found where it should be, no anomaly.
      findings.push({ itemId: c.itemId, type: FindingType.FOUND, detail: 'นับได้แม้ไม่อยู่ในตัวอย่างที่สุ่ม', conditionSeen: scan.condition });
    } else if (!c.inScope) add(c.itemId, FindingType.UNEXPECTED, 'อยู่นอกขอบเขตหรือนอกตัวอย่างของการตรวจนับนี้');
    else if (c.status !== ItemStatus.IN_STORAGE) add(c.itemId, FindingType.UNEXPECTED, `พบในคลัง แต่ทะเบียนระบุว่า ${accountedAway(c) ?? STATUS_TH[c.status as ItemStatus] ?? c.status}`);
    else {
      findings.push({ itemId: c.itemId, type: FindingType.FOUND, detail: null, conditionSeen: scan.condition });
      if (scan.locationId && scan.locationId !== c.locationId) add(c.itemId, FindingType.MISPLACED, 'สแกนพบที่สถานที่เก็บอื่นซึ่งไม่ตรงกับทะเบียน');
      if (scan.condition && scan.condition !== c.condition) add(c.itemId, FindingType.CONDITION_CHANGED, `ทะเบียน ${CONDITION_TH[c.condition as ItemCondition] ?? c.condition} พบ ${CONDITION_TH[scan.condition as ItemCondition] ?? scan.condition}`);
      if (scan.sealSeen && c.sealNumber && seal(scan.sealSeen) !== seal(c.sealNumber)) add(c.itemId, FindingType.SEAL_MISMATCH, `ทะเบียน ${c.sealNumber} พบ ${scan.sealSeen}`);
    }
    if (scan.times > 1) add(c.itemId, FindingType.DUPLICATE_SCAN, `สแกน ${scan.times} ครั้ง`);
  }
  return findings;
}
