import JSZip from 'jszip';
import { createHash } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { ManualClock } from '../../src/common/clock.js';
import { PublicationService } from '../../src/publication/publication.service.js';
import { reproducibleZip } from '../../src/publication/zip.js';
import type { UserView } from '../../src/users/users.dto.js';
import { BENCH_PASSWORD, ratio, seedStation, startBenchApp } from './app-kit.js';
import { benchDatabase, median, withMemoryPeak } from './bench-kit.js';
import { statementsOf } from './script-kit.js';

const STATION = 'PTW';
/** Items registered per month: uniform in [MIN, MAX]. */
const MIN_PER_MONTH = Number(process.env.BENCH_PUB_MIN_ITEMS ?? 20);
const MAX_PER_MONTH = Number(process.env.BENCH_PUB_MAX_ITEMS ?? 40);
const WARM_BUILDS = Number(process.env.BENCH_PUB_WARM_BUILDS ?? 5);
const PAGE_REQUESTS = Number(process.env.BENCH_PUB_PAGE_REQUESTS ?? 20);
const BASELINE_READS = Number(process.env.BENCH_PUB_BASELINE_READS ?? 20);

/** FY 2569 (Buddhist era): October 2568 – September 2569 BE = October 2025 – September 2026 CE, Thai time. */
const MONTHS = Array.from({ length: 12 }, (_, m) => {
  const ce = new Date(Date.UTC(2025, 9 + m, 1));
  const year = ce.getUTCFullYear();
  const month = ce.getUTCMonth() + 1;
  const mm = String(month).padStart(2, '0');
  const start = new Date(`${year}-${mm}-01T00:00:00+07:00`);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { period: `${year + 543}-${mm}`, start, days, yearCe: year, month };
});
const HALVES = [
  { from: '2568-10', to: '2569-03' },
  { from: '2569-04', to: '2569-09' },
];
/** After the fiscal year's end, when every period of it can be issued. */
const ISSUE_AT = new Date('2026-11-20T10:00:00+07:00');

/** A small deterministic generator, so every run makes the same year. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sha256 = (b: Buffer | Uint8Array | string) => createHash('sha256').update(b).digest('hex');
const mb = (bytes: number) => +(bytes / 1048576).toFixed(2);
const ms = (v: number) => +v.toFixed(1);

interface CentralEntry {
  name: string;
  compressed: number;
  uncompressed: number;
}

/** The ZIP's central directory as written (JSZip hides the compressed sizes). */
function centralDirectory(zip: Buffer): CentralEntry[] {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('ZIP without an end of central directory record');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: CentralEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory header at ${at}`);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    entries.push({ name: zip.toString('utf8', at + 46, at + 46 + nameLength), compressed: zip.readUInt32LE(at + 20), uncompressed: zip.readUInt32LE(at + 24) });
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

type Kind = 'reportPdf' | 'reportXlsx' | 'documents' | 'indexHtml' | 'sha256sums';
function kindOf(name: string): Kind {
  if (name === 'index.html') return 'indexHtml';
  if (name === 'SHA256SUMS') return 'sha256sums';
  if (/^files\/O23-.*\.pdf$/.test(name)) return 'reportPdf';
  if (/^files\/O23-.*\.xlsx$/.test(name)) return 'reportXlsx';
  if (name.startsWith('files/')) return 'documents';
  throw new Error(`unexpected ZIP entry ${name}`);
}

/**
 * The O23 publication package of a station with a year of issued reports (FY 2569): the clerk registers
 * 20–40 items a month over HTTP (property with unit prices, evidence — mostly NORMAL on the shelves, a
 * drugs package in the drugs safe and now and then a motorcycle in the lot, each with a witness —,
 * donations, weapons' equipment and a firearm a month in the armory with a witness), records condition
 * checks, moves and lab send-outs and their returns; the clerk writes section 8 and the commander issues
 * the report of each month and of both fiscal halves (14 reports, 28 stored files). Measured: the ZIP's
 * size and entries by kind, the first build (documents rendered cold) and warm builds through
 * PublicationService.zip, the public page over HTTP, and as a baseline the read of every issued file's
 * bytes from the database alone. Checked: two builds give the same bytes, every SHA256SUMS line matches
 * its entry, the HTTP ZIP is the service's.
 *
 * The app stamps registrations and custody events with the database's now(), not with the injected
 * clock, so after each month's requests the bench moves that month's custody events and registration
 * times into the month (as the owner, the append-only trigger disabled for the statement). The audit log
 * keeps the real times (rewriting it would mean rehashing the chain): every period's chain head "at the
 * end" is therefore empty (sequence 0).
 */
export async function publicationBench(): Promise<Record<string, unknown>> {
  const loadBefore = loadavg();
  const db = await benchDatabase();
  const clock = new ManualClock(new Date());
  const bench = await startBenchApp(db.url, {}, clock);
  const owner = new pg.Client({ connectionString: db.url });
  await owner.connect();
  try {
    const setupStarted = performance.now();
    const seed = await seedStation(bench.app, STATION);
    const stationId = seed.station.id;
    const clerk = seed.users.CLERK!;
    const investigator = seed.users.INVESTIGATOR!;
    const commander = seed.users.COMMANDER!;
    const witness = seed.users.SUPERVISOR!;
    const tokens = new Map<string, string>();
    for (const u of [clerk, investigator, commander]) tokens.set(u.id, await bench.token(u));
    const loc = (code: string) => seed.locations[code].id;
    const base = `http://127.0.0.1:${bench.port}`;

    const call = async (method: 'POST' | 'PUT', path: string, body: unknown, user: UserView, expect: number) => {
      const r = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${tokens.get(user.id)}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const text = await r.text();
      if (r.status !== expect) throw new Error(`${method} ${path} → ${r.status} (expected ${expect}): ${text.slice(0, 500)}`);
      return JSON.parse(text) as Record<string, any>;
    };

    // --- A year of activity, month by month. ---
    const rand = mulberry32(2569);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
    const withWitness = { witness: { username: witness.username, password: BENCH_PASSWORD } };
    const shelves = Array.from({ length: 8 }, (_, s) => `R1-S${s + 1}`);
    /** NORMAL items in the store, by where they are: condition checks and moves pick from them. */
    const normalInStore: Array<{ id: string; at: string; evidence: boolean; month: number }> = [];
    let sentOut: typeof normalInStore = [];
    let caseNo = 100;
    let serialNo = 1000;
    let assetNo = 1;
    const counts = { registered: 0, byCategory: {} as Record<string, number>, high: 0, conditionChecks: 0, moves: 0, sentOut: 0, receivedBack: 0 };
    const generateStarted = performance.now();

    for (const [m, month] of MONTHS.entries()) {
      clock.set(new Date(month.start.getTime() + 14 * 86_400_000 + 10 * 3_600_000));
      const [{ last }] = (await owner.query('SELECT COALESCE(max(id), 0)::bigint AS last FROM custody_events WHERE station_id = $1', [stationId])).rows;
      const day = (d: number) => `${month.yearCe}-${String(month.month).padStart(2, '0')}-${String(Math.min(d, month.days)).padStart(2, '0')}`;
      const n = between(MIN_PER_MONTH, MAX_PER_MONTH);
      for (let k = 0; k < n; k++) {
        const r = rand();
        let body: Record<string, unknown>;
        let by = clerk;
        let high = false;
        if (k === 0) {
          // A drugs package each month: HIGH, booked by the investigator into the drugs safe with a witness.
          by = investigator;
          high = true;
          const grams = between(5, 400) + 0.5;
          body = {
            category: 'EVIDENCE', kind: 'drugs', description: `ยาเสพติดให้โทษประเภท 1 (เมทแอมเฟตามีน) บรรจุถุงพลาสติกใส ปิดผนึก`, unit: 'ห่อ',
            weightGrams: grams, netWeightGrams: grams - 0.5, sealNumber: `ซล.${String(500000 + m * 100 + k)}`, locationId: loc('SAFE2'),
            evidence: { caseNumber: `${caseNo++}/2569`, offence: 'มีไว้ในครอบครองเพื่อจำหน่ายซึ่งยาเสพติดให้โทษประเภท 1', seizedAt: day(3), seizedPlace: 'แขวงปทุมวัน เขตปทุมวัน กรุงเทพมหานคร' },
            ...withWitness,
          };
        } else if (k === 1) {
          // A firearm for the station each month: HIGH, into the armory with a witness.
          high = true;
          body = {
            category: 'WEAPON', kind: 'firearm', description: 'อาวุธปืนพกสั้น ขนาด 9 มม. พร้อมซองกระสุน 2 ซอง', unit: 'กระบอก',
            serialNumber: `BKK${serialNo++}`, locationId: loc('ARM1'),
            weapon: { make: pick(['Glock', 'SIG Sauer', 'Beretta']), model: pick(['19', 'P320', '92FS']), calibre: '9 มม.', registrationNumber: `ตร.${serialNo}/2569` },
            ...withWitness,
          };
        } else if (k === 2 && m % 3 === 0) {
          // A motorcycle seized now and then: HIGH, into the guarded lot with a witness.
          by = investigator;
          high = true;
          body = {
            category: 'EVIDENCE', kind: 'vehicle', description: `รถจักรยานยนต์ ยี่ห้อ Honda รุ่น Wave 110i สีแดง-ดำ`, locationId: loc('LOT1'),
            evidence: { caseNumber: `${caseNo++}/2569`, offence: 'ลักทรัพย์', seizedAt: day(4) },
            ...withWitness,
          };
        } else if (r < 0.3) {
          const [kind, description, unit, price] = pick([
            ['furniture', 'โต๊ะทำงานเหล็ก พร้อมลิ้นชัก 3 ลิ้นชัก', 'ตัว', 4500],
            ['furniture', 'เก้าอี้สำนักงาน มีพนักพิง ปรับระดับได้', 'ตัว', 2200],
            ['furniture', 'ตู้เก็บเอกสารเหล็ก 4 ลิ้นชัก', 'ตู้', 5900],
            ['electronics', 'เครื่องคอมพิวเตอร์ตั้งโต๊ะ พร้อมจอภาพ 24 นิ้ว', 'ชุด', 22000],
            ['electronics', 'เครื่องพิมพ์เลเซอร์ ขาว-ดำ', 'เครื่อง', 7900],
            ['equipment', 'วิทยุสื่อสาร ยี่ห้อ Motorola รุ่น GP328 พร้อมแบตเตอรี่', 'เครื่อง', 18500],
          ] as const);
          body = {
            category: 'PROPERTY', kind, description, unit, quantity: between(1, 4), locationId: kind === 'furniture' ? loc('R2') : loc('R2-L1'),
            property: { assetNumber: `7440-001-${String(assetNo++).padStart(4, '0')}/69`, acquisitionDate: day(between(1, 28)), acquisitionMethod: 'PURCHASE', fundingSource: 'BUDGET', unitPrice: price, usefulLifeYears: 5 },
          };
        } else if (r < 0.7) {
          by = investigator;
          const [kind, description, unit] = pick([
            ['document', 'สมุดบัญชีเงินฝากธนาคาร', 'เล่ม'],
            ['document', 'เอกสารสัญญากู้ยืมเงิน', 'ฉบับ'],
            ['electronics', 'โทรศัพท์มือถือ ยี่ห้อ Samsung สีดำ', 'เครื่อง'],
            ['electronics', 'คอมพิวเตอร์โน้ตบุ๊ก ยี่ห้อ Acer', 'เครื่อง'],
            ['other', 'มีดพับ ด้ามไม้ ยาว 20 ซม.', 'เล่ม'],
            ['other', 'เสื้อยืดสีขาว มีคราบเลือด', 'ตัว'],
          ] as const);
          body = {
            category: 'EVIDENCE', kind, description, unit, locationId: loc(pick(shelves)), sealNumber: `ซล.${String(700000 + m * 100 + k)}`,
            evidence: { caseNumber: `${caseNo++}/2569`, offence: pick(['ลักทรัพย์', 'ฉ้อโกง', 'ทำร้ายร่างกาย', 'บุกรุก']), seizedAt: day(between(1, 28)) },
          };
        } else if (r < 0.85) {
          const [kind, description, value] = pick([
            ['equipment', 'กล้องวงจรปิด พร้อมเครื่องบันทึก 4 ช่อง', 15000],
            ['electronics', 'เครื่องปรับอากาศ 18,000 บีทียู', 21000],
            ['furniture', 'ชุดโต๊ะประชุม 10 ที่นั่ง', 18000],
            ['equipment', 'กรวยจราจร สะท้อนแสง (20 อัน)', 6000],
          ] as const);
          body = {
            category: 'DONATION', kind, description, locationId: loc('R2'),
            donation: { donorName: pick(['บริษัท ปทุมวันพัฒนา จำกัด', 'มูลนิธิร่วมใจ', 'ห้างหุ้นส่วนจำกัด สยามการค้า', 'ชมรมผู้ประกอบการย่านสยาม']), receivedAt: day(between(1, 28)), purpose: 'ใช้ในงานป้องกันปราบปรามและบริการประชาชน', estimatedValue: value },
          };
        } else {
          const [description, unit] = pick([
            ['เสื้อเกราะกันกระสุน ระดับ 3A', 'ตัว'],
            ['กุญแจมือ ชนิดโซ่', 'อัน'],
            ['กระบองยาง', 'อัน'],
          ] as const);
          body = { category: 'WEAPON', kind: 'equipment', description, unit, quantity: between(1, 5), locationId: loc('ARM1'), weapon: { make: 'ไม่ระบุ' } };
        }
        const item = await call('POST', '/api/items', body, by, 201);
        counts.registered++;
        counts.byCategory[item.category] = (counts.byCategory[item.category] ?? 0) + 1;
        if (high) counts.high++;
        else if (item.category !== 'WEAPON') normalInStore.push({ id: item.id, at: item.location.code, evidence: item.category === 'EVIDENCE', month: m });
      }
      // The month's custody work on what came in before it: returns from the lab, send-outs, checks and moves.
      for (const item of sentOut) {
        const to = pick(shelves);
        await call('POST', `/api/items/${item.id}/events`, { type: 'RECEIVE_BACK', toLocationId: loc(to), condition: 'GOOD', note: 'รับคืนจากสถาบันนิติวิทยาศาสตร์' }, clerk, 201);
        normalInStore.push({ ...item, at: to });
        counts.receivedBack++;
      }
      const returned = new Set(sentOut.map((x) => x.id));
      sentOut = [];
      const earlier = normalInStore.filter((x) => x.month < m && !returned.has(x.id));
      for (let k = 0; k < 2; k++) {
        const evidence = earlier.filter((x) => x.evidence);
        if (!evidence.length) break;
        const item = evidence[Math.floor(rand() * evidence.length)];
        await call('POST', `/api/items/${item.id}/events`, { type: 'SEND_OUT', recipient: 'สถาบันนิติวิทยาศาสตร์', destination: 'LAB', documentRef: `ตช 0016.${m + 10}/${1000 + k}` }, clerk, 201);
        normalInStore.splice(normalInStore.indexOf(item), 1);
        earlier.splice(earlier.indexOf(item), 1);
        sentOut.push(item);
        counts.sentOut++;
      }
      for (let k = 0; k < 4 && earlier.length; k++) {
        const item = pick(earlier);
        const condition = rand() < 0.8 ? 'GOOD' : pick(['DAMAGED', 'DETERIORATED']);
        await call('POST', `/api/items/${item.id}/events`, { type: 'CONDITION_CHECK', condition, note: 'ตรวจสภาพประจำเดือน' }, clerk, 201);
        counts.conditionChecks++;
      }
      for (let k = 0; k < 2; k++) {
        const evidence = earlier.filter((x) => x.evidence);
        if (!evidence.length) break;
        const item = pick(evidence);
        const to = pick(shelves.filter((s) => s !== item.at));
        await call('POST', `/api/items/${item.id}/events`, { type: 'MOVE', toLocationId: loc(to), note: 'จัดเรียงชั้นวางใหม่' }, clerk, 201);
        item.at = to;
        counts.moves++;
      }
      // Into the month: its events spread over days 1 … (last − 1), 09:00 Thai time onwards, in the order they were made.
      await owner.query('BEGIN');
      await owner.query('ALTER TABLE custody_events DISABLE TRIGGER custody_events_append_only');
      await owner.query(
        `UPDATE custody_events e SET at = $3::timestamptz + interval '9 hours' + (x.rn - 1) * (($4::int - 1) * interval '1 day' / x.total)
         FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn, count(*) OVER () AS total FROM custody_events WHERE station_id = $1 AND id > $2) x
         WHERE e.id = x.id`,
        [stationId, last, month.start, month.days],
      );
      await owner.query('ALTER TABLE custody_events ENABLE TRIGGER custody_events_append_only');
      await owner.query(
        `UPDATE items i SET registered_at = e.at, updated_at = e.at FROM custody_events e
         WHERE e.item_id = i.id AND e.type = 'INTAKE' AND e.station_id = $1 AND e.id > $2`,
        [stationId, last],
      );
      await owner.query('COMMIT');
    }
    // Items touched by later events: their updated_at is their last event's time.
    await owner.query(`UPDATE items i SET updated_at = x.at FROM (SELECT item_id, max(at) AS at FROM custody_events WHERE station_id = $1 GROUP BY item_id) x WHERE x.item_id = i.id`, [stationId]);
    const generateSeconds = (performance.now() - generateStarted) / 1000;
    const { rows: byMonth } = await owner.query(
      `SELECT to_char(registered_at AT TIME ZONE 'Asia/Bangkok', 'YYYY-MM') AS month, count(*)::int AS n FROM items WHERE station_id = $1 GROUP BY 1 ORDER BY 1`,
      [stationId],
    );
    console.log(`publication: ${counts.registered} items registered over HTTP in ${generateSeconds.toFixed(1)} s (${counts.high} HIGH with a witness), ${counts.conditionChecks} condition checks, ${counts.moves} moves, ${counts.sentOut} sent to the lab, ${counts.receivedBack} back`);

    // --- Section 8 and the issue of every month and both halves, after the year's end. ---
    clock.set(ISSUE_AT);
    const periods: Array<{ period?: string; from?: string; to?: string }> = [...MONTHS.map((x) => ({ period: x.period })), ...HALVES];
    const issueMs: number[] = [];
    const issued: Array<{ label: string; issuedAt: string; pdfBytes: number; xlsxBytes: number; received: number }> = [];
    for (const [i, p] of periods.entries()) {
      const query = p.period ? `period=${p.period}` : `from=${p.from}&to=${p.to}`;
      await call('PUT', `/api/reports/o23/notes?${query}`, {
        problems: i % 4 === 1 ? 'ตรวจนับอาวุธประจำวันไม่ครบ 2 วัน เนื่องจากเจ้าหน้าที่ลาป่วย' : 'ไม่มีปัญหาอุปสรรคในช่วงเวลานี้',
        correctiveAction: i % 4 === 1 ? 'มอบหมายผู้ปฏิบัติหน้าที่แทน และให้หัวหน้างานตรวจสอบทุกสัปดาห์' : 'ดำเนินการตามระเบียบอย่างต่อเนื่อง',
      }, clerk, 200);
      const t0 = performance.now();
      const report = await call('POST', '/api/reports/o23/issue', p, commander, 201);
      issueMs.push(performance.now() - t0);
      issued.push({ label: p.period ?? `${p.from}_${p.to}`, issuedAt: report.issuedAt, pdfBytes: report.pdf.bytes, xlsxBytes: report.xlsx.bytes, received: report.figures.holdings.totals.received });
    }
    const setupSeconds = (performance.now() - setupStarted) / 1000;
    console.log(`publication: ${issued.length} reports issued, median ${ms(median(issueMs))} ms each; setup ${setupSeconds.toFixed(1)} s`);

    // --- The ZIP: first build (documents rendered cold), then warm builds. ---
    const publication = bench.app.get(PublicationService);
    const station = await publication.publicStation(STATION);
    const { result: cold, memory: coldMemory } = await withMemoryPeak(async () => {
      const t0 = performance.now();
      const zip = await publication.zip(station);
      return { zip, ms: performance.now() - t0 };
    });
    const warmMs: number[] = [];
    const warmHashes = new Set<string>();
    let warm = cold.zip;
    for (let i = 0; i < WARM_BUILDS; i++) {
      const t0 = performance.now();
      warm = await publication.zip(station);
      warmMs.push(performance.now() - t0);
      warmHashes.add(sha256(warm.body));
    }
    const { statements: zipSql } = await statementsOf(() => publication.zip(station));
    const coldSha = sha256(cold.zip.body);
    const identical = warmHashes.size === 1 && warmHashes.has(coldSha);
    if (!identical) throw new Error(`ZIP builds differ: cold ${coldSha}, warm ${[...warmHashes].join(', ')}`);

    // --- What is in it. ---
    const body = cold.zip.body;
    const archive = await JSZip.loadAsync(body);
    const names = Object.keys(archive.files);
    const contents = new Map<string, Buffer>();
    for (const name of names) contents.set(name, await archive.files[name].async('nodebuffer'));
    const central = centralDirectory(body);
    if (central.length !== names.length) throw new Error(`central directory lists ${central.length} entries, JSZip ${names.length}`);
    const byKind: Record<Kind, { entries: number; bytes: number; MB: number; compressedBytes: number; compressedMB: number }> = {} as never;
    for (const e of central) {
      const k = kindOf(e.name);
      const slot = (byKind[k] ??= { entries: 0, bytes: 0, MB: 0, compressedBytes: 0, compressedMB: 0 });
      slot.entries++;
      slot.bytes += e.uncompressed;
      slot.compressedBytes += e.compressed;
      if (contents.get(e.name)!.length !== e.uncompressed) throw new Error(`${e.name}: ${contents.get(e.name)!.length} bytes unzipped, ${e.uncompressed} in the directory`);
    }
    for (const slot of Object.values(byKind)) {
      slot.MB = mb(slot.bytes);
      slot.compressedMB = mb(slot.compressedBytes);
    }
    const uncompressedBytes = central.reduce((a, e) => a + e.uncompressed, 0);

    // SHA256SUMS: one line per file under files/, each the hash of that entry; index.html lists the same hashes.
    const sums = contents.get('SHA256SUMS')!.toString('utf8').split('\n').filter(Boolean);
    const fileNames = names.filter((n) => n.startsWith('files/'));
    const sumProblems: string[] = [];
    const listed = new Set<string>();
    const indexHtml = contents.get('index.html')!.toString('utf8');
    for (const line of sums) {
      const match = /^([0-9a-f]{64}) {2}(files\/.+)$/.exec(line);
      if (!match) {
        sumProblems.push(`malformed line: ${line}`);
        continue;
      }
      const [, hash, name] = match;
      listed.add(name);
      const entry = contents.get(name);
      if (!entry) sumProblems.push(`${name}: listed, not in the ZIP`);
      else if (sha256(entry) !== hash) sumProblems.push(`${name}: SHA256SUMS says ${hash}, the entry is ${sha256(entry)}`);
      if (!indexHtml.includes(hash)) sumProblems.push(`${name}: hash not on index.html`);
    }
    for (const name of fileNames) if (!listed.has(name)) sumProblems.push(`${name}: in the ZIP, not in SHA256SUMS`);
    if (sumProblems.length) throw new Error(`SHA256SUMS does not match the ZIP:\n${sumProblems.join('\n')}`);

    // Where a warm build's time goes: packing the same entries alone (DEFLATE in JSZip), the rest being reads and hashing.
    const latest = new Date(Math.max((station.updatedAt ?? station.createdAt).getTime(), ...issued.map((r) => Date.parse(r.issuedAt))));
    const packEntries = names.map((name) => ({ name, data: contents.get(name)! }));
    const packMs: number[] = [];
    let packed = body;
    for (let i = 0; i < WARM_BUILDS; i++) {
      const t0 = performance.now();
      packed = await reproducibleZip(packEntries, latest);
      packMs.push(performance.now() - t0);
    }
    const packSameBytes = sha256(packed) === coldSha;

    // --- Over HTTP: the public page (median of PAGE_REQUESTS) and the ZIP download. ---
    const getBytes = async (path: string) => {
      const t0 = performance.now();
      const r = await fetch(`${base}${path}`);
      const bytes = Buffer.from(await r.arrayBuffer());
      if (r.status !== 200) throw new Error(`GET ${path} → ${r.status}: ${bytes.toString('utf8', 0, 300)}`);
      return { ms: performance.now() - t0, bytes };
    };
    for (let i = 0; i < 2; i++) await getBytes(`/public/${STATION}/o23`);
    const pageMs: number[] = [];
    let pageBytes = 0;
    for (let i = 0; i < PAGE_REQUESTS; i++) {
      const r = await getBytes(`/public/${STATION}/o23`);
      pageMs.push(r.ms);
      pageBytes = r.bytes.length;
    }
    const httpZipMs: number[] = [];
    let httpZipSha = '';
    for (let i = 0; i < WARM_BUILDS; i++) {
      const r = await getBytes(`/public/${STATION}/o23.zip`);
      httpZipMs.push(r.ms);
      httpZipSha = sha256(r.bytes);
    }
    if (httpZipSha !== coldSha) throw new Error(`GET /public/${STATION}/o23.zip gives ${httpZipSha}, the service ${coldSha}`);

    // --- Baseline: every issued file's bytes from the database alone. ---
    const readAll = async () => {
      const t0 = performance.now();
      const { rows } = await owner.query<{ pdf: Buffer; xlsx: Buffer }>('SELECT pdf, xlsx FROM o23_reports WHERE station_id = $1', [stationId]);
      return { ms: performance.now() - t0, files: rows.length * 2, bytes: rows.reduce((a, r) => a + r.pdf.length + r.xlsx.length, 0) };
    };
    await readAll();
    const baselineMs: number[] = [];
    let baseline = await readAll();
    for (let i = 0; i < BASELINE_READS; i++) {
      baseline = await readAll();
      baselineMs.push(baseline.ms);
    }

    const figures = {
      zip: {
        bytes: body.length,
        MB: mb(body.length),
        entries: names.length,
        uncompressedBytes,
        uncompressedMB: mb(uncompressedBytes),
        sha256: coldSha,
        byKind,
      },
      timings: {
        firstBuildColdMs: ms(cold.ms),
        warmBuildMedianMs: ms(median(warmMs)),
        warmBuildsMs: warmMs.map(ms),
        publicPageMedianMs: ms(median(pageMs)),
        publicPageBytes: pageBytes,
        publicPageRequests: PAGE_REQUESTS,
        httpZipMedianMs: ms(median(httpZipMs)),
        packOnlyMedianMs: ms(median(packMs)),
        issueMedianMs: ms(median(issueMs)),
        issueMaxMs: ms(Math.max(...issueMs)),
      },
      baseline: {
        what: 'SELECT pdf, xlsx FROM o23_reports WHERE station_id = $1 (owner connection, pg client)',
        files: baseline.files,
        bytes: baseline.bytes,
        MB: mb(baseline.bytes),
        medianMs: ms(median(baselineMs)),
        readsMs: baselineMs.map(ms),
      },
      ratios: {
        'warm ZIP build / DB read of the issued files': ratio(median(warmMs), median(baselineMs)),
        'first (cold) ZIP build / DB read of the issued files': ratio(cold.ms, median(baselineMs)),
        'first (cold) ZIP build / warm ZIP build': ratio(cold.ms, median(warmMs)),
        'packing alone (JSZip DEFLATE) / warm ZIP build': ratio(median(packMs), median(warmMs)),
        'ZIP bytes / issued files bytes': ratio(body.length, baseline.bytes),
      },
      checks: {
        identicalBytes: identical,
        buildsCompared: 1 + WARM_BUILDS,
        sha256sumsLines: sums.length,
        sha256sumsAllMatch: sumProblems.length === 0,
        httpZipSameBytes: httpZipSha === coldSha,
        repackedEntriesSameBytes: packSameBytes,
      },
    };
    console.log(
      `publication: ZIP ${figures.zip.MB} MB (${body.length} bytes), ${names.length} entries; ` +
        Object.entries(byKind).map(([k, v]) => `${k}: ${v.entries} files, ${v.MB} MB (${v.bytes} B; ${v.compressedBytes} B packed)`).join('; ') +
        `\n  first build ${figures.timings.firstBuildColdMs} ms (documents cold), warm median ${figures.timings.warmBuildMedianMs} ms, public page median ${figures.timings.publicPageMedianMs} ms, HTTP ZIP median ${figures.timings.httpZipMedianMs} ms, packing alone ${figures.timings.packOnlyMedianMs} ms` +
        `\n  baseline DB read of ${baseline.files} files (${mb(baseline.bytes)} MB) median ${figures.baseline.medianMs} ms; warm build / baseline ${figures.ratios['warm ZIP build / DB read of the issued files']}×` +
        `\n  identical bytes over ${1 + WARM_BUILDS} builds: ${identical}; SHA256SUMS ${sums.length} lines all match`,
    );

    return {
      bench: 'O23 publication package (ZIP) of a station with a year of issued reports',
      station: STATION,
      fiscalYear: 2569,
      ...figures,
      entries: central.map((e) => ({ name: e.name, bytes: e.uncompressed, compressedBytes: e.compressed })),
      coldBuildMemory: coldMemory,
      sqlPerWarmBuild: { statements: zipSql.length, sample: zipSql.slice(0, 6) },
      reports: issued,
      activity: { ...counts, itemsByRegistrationMonth: Object.fromEntries(byMonth.map((r) => [r.month, r.n])), generateSeconds: +generateSeconds.toFixed(1) },
      notes: [
        'Registrations and custody events are stamped by the database (now()), not by the injected clock: each month\'s events and registration times were moved into the month afterwards by the bench (owner connection).',
        'The audit log keeps the real (run-time) times, so every FY2569 period\'s chain head at its end is empty (sequence 0).',
      ],
      setup: { seconds: +setupSeconds.toFixed(1), issuedAt: ISSUE_AT.toISOString() },
      machine: { cores: availableParallelism(), loadAverageBefore: loadBefore.map((l) => +l.toFixed(2)), loadAverageAfter: loadavg().map((l) => +l.toFixed(2)) },
    };
  } finally {
    await owner.end();
    await bench.close();
    await db.close();
  }
}
