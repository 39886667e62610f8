import { AuditKind } from '../../audits/audit.enums.js';
import { METHOD_TH } from '../../disposals/disposal.enums.js';
import { ItemCategory } from '../../items/item.enums.js';
import type { StationRules } from '../station-rules.js';
import { amount, approvalLines, codeYear, stationDigits } from './flowchart-wording.js';

/**
 * The two process charts a station publishes for ITA O23 (DOMAIN-TH §1 part 1.4 "clear rules for
 * borrowing", §7 "written borrowing rules with a process chart", part 2 evidence storage), as graphs
 * whose Thai text is generated from the station's rules: change a setting and the chart changes with
 * it. The order of `edges` matters to the layout: a node's first edge is its main way on.
 */

export interface FlowNode {
  id: string;
  title: string;
  lines: string[];
  shape: 'start' | 'step' | 'decision' | 'end';
}

export interface FlowEdge {
  from: string;
  to: string;
  label?: string;
}

export interface Flowchart {
  title: string;
  nodes: FlowNode[];
  edges: FlowEdge[];
}

/** The station-specific numbers a chart uses, for the notes box beside it ("เงื่อนไขของสถานี"), and the key to its shapes. */
export interface FlowchartNotes {
  title: string;
  items: string[];
  legend: { shape: FlowNode['shape']; name: string }[];
}

const LEGEND: FlowchartNotes['legend'] = [
  { shape: 'start', name: 'เริ่มต้น / สิ้นสุด' },
  { shape: 'step', name: 'ขั้นตอน' },
  { shape: 'decision', name: 'จุดตัดสินใจ' },
];

const node = (id: string, shape: FlowNode['shape'], title: string, ...lines: string[]): FlowNode => ({ id, shape, title, lines });

/** Every text of a chart in the station's digits. */
function inStationDigits(chart: Flowchart, rules: StationRules): Flowchart {
  const d = stationDigits(rules);
  return {
    title: d(chart.title),
    nodes: chart.nodes.map((n) => ({ ...n, title: d(n.title), lines: n.lines.map(d) })),
    edges: chart.edges.map((e) => (e.label === undefined ? e : { ...e, label: d(e.label) })),
  };
}

/**
 * ยืม → อนุมัติ → จ่าย → คืน, as the loans service enforces it (DESIGN §2 Loan, §3 rules 1, 2, 4, 5;
 * ระเบียบกระทรวงการคลังฯ ข้อ 207–211): who approves comes from `rules.approvals`, the escalation day
 * and the weight tolerance from the station's settings.
 */
export function loanFlowchart(rules: StationRules): Flowchart {
  const s = rules.settings;
  const grams = amount(s.weightToleranceGrams);
  return inStationDigits(
    {
      title: 'ขั้นตอนการยืมและคืนทรัพย์สินของราชการ',
      nodes: [
        node('request', 'start', 'ผู้ขอยืมบันทึกคำขอ', 'สแกนรายการ ระบุวัตถุประสงค์', 'ใช้ในหรือนอกสถานที่ และกำหนดคืน'),
        node('approve', 'decision', 'อนุมัติหรือไม่', ...approvalLines(rules), 'ผู้อนุมัติไม่ใช่ผู้ขอยืม'),
        node('cancelled', 'end', 'ยกเลิกคำขอ', 'ผู้ขอยืมยกเลิกได้ก่อนจ่ายของ'),
        node('rejected', 'end', 'ไม่อนุมัติ', 'ผู้อนุมัติต้องระบุเหตุผล'),
        node('issue', 'step', 'เจ้าหน้าที่พัสดุจ่ายของ', 'ไม่ใช่ผู้ขอยืมหรือผู้อนุมัติ สแกนทุกรายการ', `ของความเสี่ยงสูง: พยานยืนยันตัวตน ตรวจซีลและน้ำหนักแบบปิด (±${grams} กรัม)`),
        node('onLoan', 'step', 'ระหว่างยืม', 'ใช้ในราชการตามวัตถุประสงค์เท่านั้น'),
        node('due', 'decision', 'เลยกำหนดคืนหรือไม่'),
        node('overdue', 'step', 'ค้างคืน', `ครบ ${s.overdueEscalationDays} วันหลังกำหนดคืน แจ้งผู้อนุมัติติดตามทวงคืน (ข้อ 211)`),
        node('return', 'step', 'รับคืน', 'ผู้รับคืนไม่ใช่ผู้ยืม คืนบางส่วนได้', 'บันทึกสภาพ ชำรุดหรือเสื่อมสภาพ: เปิดเหตุผิดปกติ', 'กระสุนที่ใช้ไป: ระบุเหตุผล', 'เสียหาย: ผู้ยืมซ่อมหรือชดใช้ (ข้อ 209)'),
        node('returned', 'end', 'คืนครบ', 'ปิดคำขอ'),
      ],
      edges: [
        { from: 'request', to: 'approve' },
        { from: 'request', to: 'cancelled', label: 'ยกเลิก' },
        { from: 'approve', to: 'issue', label: 'อนุมัติ' },
        { from: 'approve', to: 'rejected', label: 'ไม่อนุมัติ' },
        { from: 'issue', to: 'onLoan' },
        { from: 'onLoan', to: 'due' },
        { from: 'due', to: 'return', label: 'ไม่ใช่' },
        { from: 'due', to: 'overdue', label: 'ใช่' },
        { from: 'overdue', to: 'return', label: 'ติดตามคืน' },
        { from: 'return', to: 'returned', label: 'ครบ' },
        { from: 'return', to: 'onLoan', label: 'ยังไม่ครบ' },
      ],
    },
    rules,
  );
}

/**
 * รับของกลาง → เก็บรักษา → ส่งออก/รับคืน → จำหน่าย (DESIGN §2 Item, Custody event, Audit session,
 * Disposal; §3 rules 4 and 6; ระเบียบ ตร. ว่าด้วยของกลาง ข้อ 12, 47, 53): the code pattern, the HIGH
 * kinds, the sample share, the review months and the weight tolerance come from the station's rules.
 */
export function evidenceFlowchart(rules: StationRules): Flowchart {
  const s = rules.settings;
  const grams = amount(s.weightToleranceGrams);
  const prefix = rules.categories.find((c) => c.category === ItemCategory.EVIDENCE)?.codePrefix ?? 'EV';
  const high = highKindsTh(rules);
  return inStationDigits(
    {
      title: 'ขั้นตอนการรับ เก็บรักษา และจำหน่ายของกลาง',
      nodes: [
        node('intake', 'start', 'พนักงานสอบสวนรับของกลาง', 'บันทึกเลขคดีและ ป.จ.ว.', `รหัส ${rules.station.code}-${prefix}${codeYear(rules.effectiveAt)}-000001 ไม่ขาดลำดับ ติดป้าย`, `ความเสี่ยงสูง (${high}): มีพยาน เก็บในที่มั่นคง`),
        node('storage', 'step', 'เก็บรักษาในคลัง', `ตรวจนับรายเดือน: สุ่ม ${monthlySamplePercent(rules)}% ของรายการปกติ และของความเสี่ยงสูงทุกรายการ`, 'ตรวจซีลทุกครั้ง'),
        node('timers', 'step', 'ครบกำหนดพิจารณาจำหน่าย', `ทบทวนเมื่อครบ ${s.evidenceReviewMonths} เดือน`, 'ตกเป็นของรัฐ: แจ้งเจ้าของแล้ว 1 ปี หรือไม่ทราบเจ้าของ 5 ปี (ข้อ 47)', 'อาวุธปืน: ตรวจก่อน 30 ก.ย.'),
        node('request', 'step', 'ขอจำหน่าย', 'ระบุวิธีจำหน่าย', 'อ้างคำพิพากษา คำสั่ง หรือข้อ 47'),
        node('approve', 'decision', 'ผู้บังคับบัญชาอนุมัติหรือไม่', 'ผู้อนุมัติไม่ใช่ผู้ขอจำหน่าย'),
        node('execute', 'step', 'ดำเนินการจำหน่าย', 'มีพยาน ผู้ดำเนินการไม่ใช่ผู้อนุมัติ', `ยาเสพติด: ชั่งน้ำหนักซ้ำ (±${grams} กรัม)`),
        node('closed', 'end', 'ปิดรายการ', 'ไม่ลบออกจากทะเบียน'),
        node('sendOut', 'step', 'ส่งออก', 'ตรวจพิสูจน์ ศาล หรืออัยการ', 'มีหนังสือนำส่งและพยาน', 'ตรวจซีลและน้ำหนักแบบปิด'),
        node('receiveBack', 'decision', 'รับคืน ตรงกับบันทึกหรือไม่', 'ตรวจซีลและน้ำหนักแบบปิด', `(±${grams} กรัม)`),
        node('incident', 'step', 'เหตุผิดปกติ', 'แจ้งผู้บังคับบัญชา ผู้บังคับบัญชาเท่านั้นปิดเรื่อง'),
      ],
      edges: [
        { from: 'intake', to: 'storage' },
        { from: 'storage', to: 'timers', label: 'ครบกำหนด' },
        { from: 'storage', to: 'sendOut', label: 'ส่งออก' },
        { from: 'timers', to: 'request' },
        { from: 'request', to: 'approve' },
        { from: 'approve', to: 'execute', label: 'อนุมัติ' },
        { from: 'approve', to: 'timers', label: 'ไม่อนุมัติ' },
        { from: 'execute', to: 'closed' },
        { from: 'sendOut', to: 'receiveBack' },
        { from: 'receiveBack', to: 'storage', label: 'ตรงกัน' },
        { from: 'receiveBack', to: 'incident', label: 'ไม่ตรง' },
        { from: 'incident', to: 'storage', label: 'สั่งการแล้ว' },
      ],
    },
    rules,
  );
}

/** The loan chart's notes: the settings it was drawn from and the clauses too long for a box. */
export function loanNotes(rules: StationRules): FlowchartNotes {
  const s = rules.settings;
  const d = stationDigits(rules);
  const commanderOnly = s.commanderOnlyLoans.map((scope) => rules.categories.find((c) => c.category === scope)?.nameTh ?? (scope === 'HIGH' ? 'ของความเสี่ยงสูง' : scope));
  return {
    title: d(`เงื่อนไขของสถานี (การตั้งค่าฉบับที่ ${rules.settingsVersion})`),
    items: [
      `ทวงถามการคืน: ครบ ${s.overdueEscalationDays} วันหลังกำหนดคืน ระบบแจ้งผู้อนุมัติให้ติดตาม (ข้อ 211)`,
      `ของความเสี่ยงสูง (${highKindsTh(rules)}): พยานยืนยันตัวตนซ้ำทุกครั้งที่จ่ายและรับคืน ซีลหรือน้ำหนักต่างเกิน ${amount(s.weightToleranceGrams)} กรัม เป็นเหตุผิดปกติ`,
      commanderOnly.length ? `สถานีกำหนดให้ผู้บังคับบัญชาอนุมัติเท่านั้น: ${commanderOnly.join(' ')}` : 'ผู้อนุมัติตามเกณฑ์มาตรฐาน สถานีไม่ได้กำหนดเพิ่ม',
      'ห้ามยืมไปใช้ประโยชน์ส่วนตัว (ข้อ 207) ของแต่ละชิ้นอยู่ในคำขอยืมที่ยังไม่ปิดได้ครั้งละหนึ่งคำขอ',
      'ผู้ยืมส่งคืนในสภาพใช้การได้ หากชำรุดหรือสูญหายต้องซ่อม ชดใช้ของ หรือชดใช้ราคา (ข้อ 209)',
    ].map(d),
    legend: LEGEND,
  };
}

/** The evidence chart's notes: the count, the timers and the tolerance this station uses. */
export function evidenceNotes(rules: StationRules): FlowchartNotes {
  const s = rules.settings;
  const d = stationDigits(rules);
  return {
    title: d(`เงื่อนไขของสถานี (การตั้งค่าฉบับที่ ${rules.settingsVersion})`),
    items: [
      `${monthlyCountTh(rules)}: สุ่ม ${monthlySamplePercent(rules)}% ของรายการความเสี่ยงปกติ และนับของความเสี่ยงสูงทุกรายการ`,
      `ทบทวนของกลางเมื่อเก็บครบ ${s.evidenceReviewMonths} เดือน (หากไม่ได้กำหนดวันทบทวนไว้)`,
      'ตกเป็นของรัฐ: แจ้งเจ้าของแล้วไม่มารับภายใน 1 ปี หรือไม่ทราบเจ้าของ 5 ปีนับแต่ประกาศ (ข้อ 47)',
      'อาวุธปืนของกลาง: หัวหน้าสถานีตรวจก่อน 30 กันยายนของทุกปี (ข้อ 53)',
      `วิธีจำหน่าย: ${Object.values(METHOD_TH).join(' ')}`,
      `ซีลหรือน้ำหนักต่างเกิน ${amount(s.weightToleranceGrams)} กรัม เป็นเหตุผิดปกติ รายการที่จำหน่ายแล้วปิดไว้ ไม่ลบ`,
    ].map(d),
    legend: LEGEND,
  };
}

/** The HIGH kinds in Thai, the station's additions included. */
function highKindsTh(rules: StationRules): string {
  return rules.highRiskKinds.map((k) => k.nameTh).join(' ');
}

function monthlyCount(rules: StationRules) {
  return rules.counts.find((c) => c.kind === AuditKind.MONTHLY_EVIDENCE);
}

function monthlyCountTh(rules: StationRules): string {
  return monthlyCount(rules)?.nameTh ?? 'ตรวจนับของกลางประจำเดือน';
}

/** The share the monthly evidence count samples, as the audits service draws it. */
function monthlySamplePercent(rules: StationRules): string {
  return amount(monthlyCount(rules)?.defaultSamplePercent ?? rules.settings.samplingPercent);
}
