import { BarcodeRenderer } from '../../src/labels/barcode-renderer.js';
import { type LabelData, LabelSheetRenderer } from '../../src/labels/label-sheet.renderer.js';
import { type LabelTemplate, loadLabelTemplate } from '../../src/labels/label-templates.js';
import { median } from './bench-kit.js';

const LABELS = Number(process.env.BENCH_LABELS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const DESCRIPTIONS = [
  'ยาบ้า 200 เม็ด บรรจุถุงพลาสติกใสปิดผนึก',
  'โทรศัพท์มือถือสีดำ พร้อมซองหนัง',
  'ปืนพกสั้นขนาด 9 มม. พร้อมซองกระสุน',
  'เงินสดธนบัตรฉบับละ 1,000 บาท จำนวน 15 ฉบับ',
  'รถจักรยานยนต์ยี่ห้อฮอนด้า สีแดง ไม่มีแผ่นป้ายทะเบียน',
];

function labels(round: number): LabelData[] {
  return Array.from({ length: LABELS }, (_, i) => ({
    code: `BKM-EV69-${String(round * LABELS + i + 1).padStart(6, '0')}`,
    kind: 'ITEM' as const,
    categoryTh: 'ของกลาง',
    description: DESCRIPTIONS[i % DESCRIPTIONS.length],
    caseNumber: `คดีที่ ${100 + (i % 50)}/2568`,
    stationName: 'สถานีตำรวจนครบาลบึงกุ่ม',
    highRisk: i % 3 === 0,
  }));
}

/**
 * A 1,000-label A4 sheet (target ≤ 5 s), new codes every round so no barcode comes from a cache.
 * Baseline in the same run: the same sheet with the barcodes turned off (text layout and PDF only).
 */
export async function labelsBench(): Promise<Record<string, unknown>> {
  const barcodes = new BarcodeRenderer();
  const renderer = new LabelSheetRenderer(barcodes);
  const full = loadLabelTemplate('a4-3x8');
  const textOnly: LabelTemplate = {
    ...full,
    elements: { ...full.elements, code128: { ...full.elements.code128, show: false }, qr: { ...full.elements.qr, show: false } },
  };
  try {
    const first = performance.now();
    await renderer.render(labels(100), full);
    const firstSeconds = (performance.now() - first) / 1000;
    const sheet: number[] = [];
    const baseline: number[] = [];
    let bytes = 0;
    let peakRss = 0;
    for (let r = 0; r < ROUNDS; r++) {
      let t0 = performance.now();
      const pdf = await renderer.render(labels(r), full);
      sheet.push((performance.now() - t0) / 1000);
      bytes = pdf.length;
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      t0 = performance.now();
      await renderer.render(labels(r + 50), textOnly);
      baseline.push((performance.now() - t0) / 1000);
    }
    return {
      bench: `${LABELS}-label A4 sheet`,
      labels: LABELS,
      rounds: ROUNDS,
      firstRenderInProcessSeconds: +firstSeconds.toFixed(2),
      sheetSecondsMedian: +median(sheet).toFixed(2),
      baselineTextOnlySecondsMedian: +median(baseline).toFixed(2),
      ratioToBaseline: +(median(sheet) / median(baseline)).toFixed(2),
      pdfBytes: bytes,
      peakRssMiB: Math.round(peakRss / 1048576),
      perRound: { sheet, baseline },
    };
  } finally {
    await barcodes.onModuleDestroy();
  }
}
