/**
 * Importing old registers from Excel (issue 8): the command line's `import-template` and `import`
 * against a real PostgreSQL — every category imported with gap-free codes continuing the station's
 * numbers, INTAKE events and audit rows whose chain verifies; a file with errors reported row by row
 * in Thai and nothing written; dry runs and refused users write nothing; the template round-trips; and
 * a large file imports in one go (its time printed, not asserted).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { systemContext } from '../../src/common/request-context.js';
import { LocationKind } from '../../src/locations/location.entity.js';
import { LocationsService } from '../../src/locations/locations.service.js';
import { actorOf, startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { fillTemplate, type RegisterSheets, registerWorkbook, writeBigRegister } from '../helpers/register-workbook.js';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'src', 'cli.js');
// 50,000 rows are measured by `npm run bench -- import`; 10,000 keep this file near a minute.
const BIG_ROWS = Number(process.env.IMPORT_TEST_ROWS ?? 10_000);
const CAT: Record<string, string> = { EVIDENCE: 'EV', PROPERTY: 'GP', WEAPON: 'WP', DONATION: 'DN' };

/** The Buddhist-era year in Bangkok, computed independently of the server. */
function buddhistYear(at: Date): number {
  return Number(new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Bangkok', year: 'numeric' }).format(at)) + 543;
}

/** A CSV as the report writes it (UTF-8 with BOM, quoted fields) → rows of fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') field += body[i++];
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') (row.push(field), (field = ''));
    else if (c === '\n') (row.push(field), rows.push(row), (row = []), (field = ''));
    else if (c !== '\r') field += c;
  }
  return rows;
}

describe('import of old registers (e2e)', () => {
  let t: TestApp;
  let owner: pg.Client;
  let dir: string;
  let yy: string;
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: t.db.ownerUrl, LOG_LEVEL: 'warn' },
      timeout: 240_000,
      maxBuffer: 64 * 1024 * 1024,
    });
  const rows = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await owner.query(sql, params)).rows as T[];
  const file = (name: string, bytes: Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };
  const importAs = (path: string, actor: string, ...more: string[]) => cli('import', path, '--station', 'STA', '--as', actor, ...more);
  /** A run that must succeed; its output is the failure message when it does not. */
  const expectOk = (run: ReturnType<typeof cli>) => expect({ status: run.status, stderr: run.stderr, stdout: run.status === 0 ? '' : run.stdout }).toEqual({ status: 0, stderr: '', stdout: '' });

  /** What an import that must write nothing leaves as it was: rows, counters and chain heads. */
  async function snapshot() {
    const [row] = await rows(`SELECT (SELECT count(*) FROM items)::int AS items,
              (SELECT count(*) FROM custody_events)::int AS events,
              (SELECT count(*) FROM audit_log)::int AS audit_log,
              (SELECT coalesce(json_agg(json_build_object('station', station_id, 'cat', category_code, 'year', year_be, 'last', last_seq)
                       ORDER BY station_id, category_code, year_be), '[]') FROM item_code_counters) AS counters,
              (SELECT coalesce(json_agg(json_build_object('chain', chain_key, 'seq', seq, 'hash', hash) ORDER BY chain_key), '[]') FROM audit_chain_heads) AS heads`);
    return row;
  }

  async function lastSeq(category: string): Promise<number> {
    const [row] = await rows<{ last: number }>(
      'SELECT coalesce(max(last_seq), 0) AS last FROM item_code_counters WHERE station_id = $1 AND category_code = $2 AND year_be = $3',
      [t.a.station.id, CAT[category], Number(`25${yy}`)],
    );
    return row.last;
  }

  /** Every code of the station, per category and year, numbered 1..n without a gap, and the counter at n. */
  async function expectGapFree() {
    const gaps = await rows(`SELECT i.category_code, i.year_be, count(*)::int AS n, max(i.seq) AS max_seq, c.last_seq
       FROM (SELECT substring(code from '-(..)\\d\\d-') AS category_code, year_be, seq FROM items WHERE station_id = $1) i
       JOIN item_code_counters c ON c.station_id = $1 AND c.category_code = i.category_code AND c.year_be = i.year_be
       GROUP BY i.category_code, i.year_be, c.last_seq
       HAVING count(*) <> max(i.seq) OR max(i.seq) <> c.last_seq`, [t.a.station.id]);
    expect(gaps).toEqual([]);
  }

  async function expectChainVerifies() {
    const res = await t.http().get('/api/audit-log/verify').set('authorization', `Bearer ${t.a.tokens.COMMANDER}`).expect(200);
    expect(res.body).toMatchObject({ ok: true, firstBadSeq: null });
    const run = cli('verify-log', '--station', 'STA');
    expect(run.stdout).toContain('"ok":true');
    expect(run.status).toBe(0);
  }

  /** Registers one item through the API, as the counter does. */
  const registerPhone = (serial: string) =>
    t.http().post('/api/items').set('authorization', `Bearer ${t.a.tokens.CLERK}`).send({
      category: 'EVIDENCE', kind: 'electronics', description: 'โทรศัพท์มือถือ สีดำ', locationId: t.a.room.id, serialNumber: serial,
      evidence: { caseNumber: '99/2568' },
    }).expect(201);

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`);
    t = await startTestApp();
    owner = new pg.Client({ connectionString: t.db.ownerUrl });
    await owner.connect();
    dir = mkdtempSync(join(tmpdir(), 'khlang-import-'));
    yy = String(buddhistYear(new Date()) % 100).padStart(2, '0');
    // A place only station B has: its code must be as unknown to station A as a code that exists nowhere.
    await t.app.get(LocationsService).create(systemContext(actorOf(t.admin), 'test-seed'), { code: 'BVAULT', name: 'ห้องมั่นคงสถานี B', kind: LocationKind.SAFE, stationId: t.b.station.id });
  });
  afterAll(async () => {
    await owner?.end();
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A valid workbook with every category, the ways clerks write kinds, dates and numbers. */
  const everyCategory = (serial: string): RegisterSheets => ({
    ของกลาง: [
      { ลำดับเดิม: '15/2566', ชนิด: 'ยาเสพติด', รายการ: 'ยาบ้า 200 เม็ด บรรจุถุงพลาสติกใส', จำนวน: '200', หน่วยนับ: 'เม็ด', รหัสที่เก็บ: 'safe1', เลขซีล: 'ซล.001',
        'น้ำหนักรวม (กรัม)': '1,020.5', 'น้ำหนักสุทธิ (กรัม)': 1000, คดีอาญาที่: '123/2566', ข้อหา: 'มียาเสพติดไว้ในครอบครอง', ยึดจาก: 'นายสมชาย ใจดี', วันที่ยึด: '10/01/2566 14:30', หมายเหตุ: 'ส่งตรวจพิสูจน์แล้ว' },
      { ลำดับเดิม: 16, ชนิด: 'electronics', รายการ: 'โทรศัพท์มือถือ สีดำ', รหัสที่เก็บ: 'R1', หมายเลขประจำเครื่อง: 'imei 0001', คดีอาญาที่: '124/2566', วันที่ยึด: new Date(Date.UTC(2023, 0, 10)) },
      { ลำดับเดิม: '17/2566', ชนิด: 'เงินสด', รายการ: 'เงินสด ธนบัตร', รหัสที่เก็บ: 'SAFE1', 'จำนวนเงิน (บาท)': '6,000', ชนิดธนบัตร: '1000=5; 500=2', คดีอาญาที่: '125/2566', วันที่ยึด: '2023-02-01' },
    ],
    ทรัพย์สินราชการ: [
      { ลำดับเดิม: 'ค.1', ชนิด: 'ครุภัณฑ์สำนักงาน', รายการ: 'โต๊ะทำงานเหล็ก ขนาด 5 ฟุต', รหัสที่เก็บ: 'R1', สภาพ: 'ชำรุด', เลขครุภัณฑ์: '7110-001-0001/2560', วันที่ได้มา: '01/10/2560',
        วิธีการได้มา: 'ซื้อ', แหล่งเงิน: 'เงินงบประมาณ', 'ราคาต่อหน่วย (บาท)': '25,900.00', 'อายุการใช้งาน (ปี)': 5 },
    ],
    อาวุธและยุทธภัณฑ์: [
      { ลำดับเดิม: 'อ.1', ชนิด: 'อาวุธปืน', รายการ: 'อาวุธปืนพกสั้น 9 มม.', รหัสที่เก็บ: 'SAFE1', หมายเลขประจำอาวุธ: serial, ยี่ห้อ: 'Glock', 'รุ่น / แบบ': '19' },
      { ลำดับเดิม: 'อ.2', ชนิด: 'เครื่องกระสุน', รายการ: 'กระสุนปืน 9 มม.', จำนวน: '1,000', รหัสที่เก็บ: 'SAFE1' },
    ],
    ของบริจาค: [
      { ลำดับเดิม: 'บ.1', ชนิด: 'วัสดุอุปกรณ์', รายการ: 'ไฟฉายสายตรวจ LED', จำนวน: 10, หน่วยนับ: 'อัน', รหัสที่เก็บ: 'R1', ชื่อผู้บริจาค: 'บริษัท ใจบุญ จำกัด', วันที่รับบริจาค: '05/03/2567',
        'มูลค่าโดยประมาณ (บาท)': '35,000', วัตถุประสงค์ของผู้บริจาค: 'ใช้ในงานป้องกันปราบปราม' },
    ],
  });

  it('imports a valid file of every category: codes continue the station gap-free, details, INTAKE events and audit rows, the chain verifies', async () => {
    await registerPhone('API-0001');
    const before = { EVIDENCE: await lastSeq('EVIDENCE'), PROPERTY: await lastSeq('PROPERTY'), WEAPON: await lastSeq('WEAPON'), DONATION: await lastSeq('DONATION') };
    expect(before.EVIDENCE).toBeGreaterThan(0);
    const [{ seq: headBefore }] = await rows<{ seq: number }>('SELECT seq FROM audit_chain_heads WHERE chain_key = $1', [t.a.station.id]);
    const bytes = await registerWorkbook(everyCategory('glk 1001'));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const run = importAs(file('every.xlsx', bytes), 'sta.clerk', '--witness', 'sta.supervisor');
    expectOk(run);
    expect(run.stdout).toContain('นำเข้าแล้ว 7 รายการ');
    const code = (cat: string, seq: number) => `STA-${CAT[cat]}${yy}-${String(seq).padStart(6, '0')}`;
    expect(run.stdout).toContain(`ของกลาง 3 รายการ รหัส ${code('EVIDENCE', before.EVIDENCE + 1)} ถึง ${code('EVIDENCE', before.EVIDENCE + 3)}`);

    const items = await rows<Record<string, any>>(
      `SELECT i.*, l.code AS location_code FROM items i JOIN locations l ON l.id = i.location_id WHERE i.details ? 'legacyRegisterNumber' ORDER BY i.category, i.seq`,
    );
    expect(items.map((i) => i.code)).toEqual([
      code('EVIDENCE', before.EVIDENCE + 1), code('EVIDENCE', before.EVIDENCE + 2), code('EVIDENCE', before.EVIDENCE + 3),
      code('PROPERTY', before.PROPERTY + 1), code('WEAPON', before.WEAPON + 1), code('WEAPON', before.WEAPON + 2), code('DONATION', before.DONATION + 1),
    ]);
    const [drugs, phone, cash, desk, pistol, rounds, torch] = items;
    expect(drugs).toMatchObject({ kind: 'drugs', risk_class: 'HIGH', quantity: '200.000', unit: 'เม็ด', location_code: 'SAFE1', weight_grams: '1020.500', net_weight_grams: '1000.000', case_number: '123/2566', registered_by: t.a.users.CLERK.id });
    expect(drugs.details).toEqual({ caseNumber: '123/2566', offence: 'มียาเสพติดไว้ในครอบครอง', seizedFrom: 'นายสมชาย ใจดี', seizedAt: '2023-01-10T14:30:00+07:00', legacyRegisterNumber: '15/2566', legacyRemarks: 'ส่งตรวจพิสูจน์แล้ว' });
    expect(phone).toMatchObject({ kind: 'electronics', risk_class: 'NORMAL', serial_number: 'IMEI0001', unit: 'ชิ้น', quantity: '1.000', condition: 'GOOD' });
    expect(phone.details).toMatchObject({ seizedAt: '2023-01-10', legacyRegisterNumber: '16' });
    expect(cash).toMatchObject({ kind: 'cash', amount: '6000.00', denominations: { '1000': 5, '500': 2 } });
    expect(cash.details.seizedAt).toBe('2023-02-01');
    expect(desk).toMatchObject({ kind: 'furniture', condition: 'DAMAGED', asset_number: '7110-001-0001/2560' });
    expect(desk.details).toEqual({ assetNumber: '7110-001-0001/2560', acquisitionDate: '2017-10-01', acquisitionMethod: 'PURCHASE', fundingSource: 'BUDGET', unitPrice: 25900, usefulLifeYears: 5, legacyRegisterNumber: 'ค.1' });
    expect(pistol).toMatchObject({ kind: 'firearm', serial_number: 'GLK1001', unit: 'กระบอก', risk_class: 'HIGH' });
    expect(rounds).toMatchObject({ kind: 'ammunition', quantity: '1000.000', unit: 'นัด' });
    expect(torch.details).toMatchObject({ donorName: 'บริษัท ใจบุญ จำกัด', receivedAt: '2024-03-05', estimatedValue: 35000, purpose: 'ใช้ในงานป้องกันปราบปราม' });

    const events = await rows<Record<string, any>>('SELECT * FROM custody_events WHERE item_id = ANY($1::uuid[]) ORDER BY id', [items.map((i) => i.id)]);
    expect(events).toHaveLength(7);
    for (const item of items) {
      const event = events.find((e) => e.item_id === item.id)!;
      expect(event).toMatchObject({ type: 'INTAKE', actor_id: t.a.users.CLERK.id, to_status: 'IN_STORAGE', to_location_id: item.location_id });
      expect(event.note).toContain(sha256);
      expect(event.note).toContain(`ลำดับเดิม ${item.details.legacyRegisterNumber}`);
      expect(event.witness_id).toBe(item.risk_class === 'HIGH' ? t.a.users.SUPERVISOR.id : null);
    }
    expect(events.find((e) => e.item_id === drugs.id)!.note).toContain('แผ่นงาน ของกลาง แถว 2');

    const audit = await rows<Record<string, any>>('SELECT seq, action, entity_id, actor_id, after FROM audit_log WHERE chain_key = $1 AND seq > $2 ORDER BY seq', [t.a.station.id, headBefore]);
    expect(audit.map((a) => a.seq)).toEqual(Array.from({ length: 8 }, (_, i) => headBefore + 1 + i));
    expect(audit.slice(0, 7).map((a) => a.action)).toEqual(Array(7).fill('ITEM_IMPORTED'));
    expect(new Set(audit.slice(0, 7).map((a) => a.entity_id))).toEqual(new Set(items.map((i) => i.id)));
    expect(audit.every((a) => a.actor_id === t.a.users.CLERK.id)).toBe(true);
    expect(audit[0].after.item.code).toBe(items[0].code);
    expect(audit[7]).toMatchObject({ action: 'REGISTER_IMPORTED', entity_id: sha256 });
    expect(audit[7].after).toMatchObject({ file: 'every.xlsx', sha256, items: 7, importedBy: { id: t.a.users.CLERK.id, username: 'sta.clerk' }, witnessId: t.a.users.SUPERVISOR.id });
    expect(audit[7].after.categories).toEqual([
      { category: 'EVIDENCE', count: 3, firstCode: code('EVIDENCE', before.EVIDENCE + 1), lastCode: code('EVIDENCE', before.EVIDENCE + 3) },
      { category: 'PROPERTY', count: 1, firstCode: code('PROPERTY', before.PROPERTY + 1), lastCode: code('PROPERTY', before.PROPERTY + 1) },
      { category: 'WEAPON', count: 2, firstCode: code('WEAPON', before.WEAPON + 1), lastCode: code('WEAPON', before.WEAPON + 2) },
      { category: 'DONATION', count: 1, firstCode: code('DONATION', before.DONATION + 1), lastCode: code('DONATION', before.DONATION + 1) },
    ]);
    await expectChainVerifies();

    // The API's next registration continues both the numbers and the chain.
    const next = await registerPhone('API-0002');
    expect(next.body.code).toBe(code('EVIDENCE', before.EVIDENCE + 4));
    await expectGapFree();
    await expectChainVerifies();
  });

  it('reports every invalid row (sheet, row, column, Thai reason) and writes nothing', async () => {
    await t.http().post('/api/items').set('authorization', `Bearer ${t.a.tokens.CLERK}`).send({
      category: 'WEAPON', kind: 'firearm', description: 'ปืนพกสั้น', locationId: t.a.safe.id, serialNumber: 'DB-777', witness: { username: 'sta.supervisor', password: TEST_PASSWORD },
    }).expect(201);
    const evidence = (over: Record<string, string | number>) => ({ ลำดับเดิม: 'x', ชนิด: 'อุปกรณ์อิเล็กทรอนิกส์', รายการ: 'โทรศัพท์', รหัสที่เก็บ: 'R1', จำนวน: 1, คดีอาญาที่: '1/2566', วันที่ยึด: '01/01/2566', ...over });
    const pistol = (legacy: string, serial: string) => ({ ลำดับเดิม: legacy, ชนิด: 'อาวุธปืน', รายการ: 'ปืนพก', รหัสที่เก็บ: 'SAFE1', หมายเลขประจำอาวุธ: serial });
    const bytes = await registerWorkbook({
      ของกลาง: [
        evidence({ คดีอาญาที่: '' }),
        evidence({ ชนิด: 'ยาเสพติด', 'น้ำหนักรวม (กรัม)': 5 }),
        evidence({ รหัสที่เก็บ: 'NOPE' }),
        evidence({ วันที่ยึด: '31/02/2566' }),
        evidence({ จำนวน: 'สิบ' }),
        evidence({ รหัสที่เก็บ: 'BVAULT' }),
        evidence({}),
      ],
      ทรัพย์สินราชการ: [{ ลำดับเดิม: 'ค.9', ชนิด: 'ยาเสพติด', รายการ: 'ยาบ้า', รหัสที่เก็บ: 'SAFE1' }],
      อาวุธและยุทธภัณฑ์: [pistol('อ.1', 'DUP-1'), pistol('อ.2', 'dup-1'), pistol('อ.3', 'db-777')],
    });
    const before = await snapshot();
    const path = file('errors.xlsx', bytes);
    const run = importAs(path, 'sta.clerk', '--witness', 'sta.supervisor');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('ไม่ได้บันทึกข้อมูลใด ๆ');
    const [header, ...report] = parseCsv(readFileSync(join(dir, 'errors.report.csv'), 'utf8'));
    expect(header).toEqual(['แผ่นงาน', 'แถว', 'คอลัมน์', 'ค่าในเซลล์', 'เหตุผล']);
    const expected: [string, string, string, RegExp][] = [
      ['ของกลาง', '2', 'คดีอาญาที่', /กรุณากรอก/],
      ['ของกลาง', '3', 'รหัสที่เก็บ', /ที่เก็บที่ปลอดภัย/],
      ['ของกลาง', '4', 'รหัสที่เก็บ', /ไม่พบที่เก็บรหัส NOPE/],
      ['ของกลาง', '5', 'วันที่ยึด', /วันที่ "31\/02\/2566" ไม่ถูกต้อง/],
      ['ของกลาง', '6', 'จำนวน', /ต้องเป็นตัวเลข \(พบ "สิบ"\)/],
      ['ของกลาง', '7', 'รหัสที่เก็บ', /ไม่พบที่เก็บรหัส BVAULT ในสถานีนี้/],
      ['ทรัพย์สินราชการ', '2', 'ชนิด', /ทรัพย์สินราชการ ไม่มีประเภทยาเสพติด/],
      ['อาวุธและยุทธภัณฑ์', '3', 'หมายเลขประจำอาวุธ', /DUP-1 ซ้ำกับแถว 2 ในไฟล์นี้/],
      ['อาวุธและยุทธภัณฑ์', '4', 'หมายเลขประจำอาวุธ', /มีอาวุธหมายเลข DB-777 ลงทะเบียนในสถานีนี้แล้ว/],
    ];
    expect(report.map(([sheet, row, column]) => `${sheet}/${row}/${column}`)).toEqual(expected.map(([s, r, c]) => `${s}/${r}/${c}`));
    for (const [i, [, , , reason]] of expected.entries()) expect(report[i][4]).toMatch(reason);
    expect(report.every((line) => /[\u0E00-\u0E7F]/.test(line[4]))).toBe(true);
    // The table on the terminal names them too.
    expect(run.stdout).toContain('ไม่พบที่เก็บรหัส NOPE');
    expect(await snapshot()).toEqual(before);
  });

  it('the serial already registered is caught as registered, whatever spaces the register typed', async () => {
    const bytes = await registerWorkbook({ อาวุธและยุทธภัณฑ์: [{ ลำดับเดิม: 'อ.1', ชนิด: 'อาวุธปืน', รายการ: 'ปืนพก', รหัสที่เก็บ: 'SAFE1', หมายเลขประจำอาวุธ: 'db-777' }] });
    const before = await snapshot();
    const run = importAs(file('taken.xlsx', bytes), 'sta.clerk', '--witness', 'sta.supervisor', '--report', join(dir, 'taken-report.xlsx'));
    expect(run.status).toBe(1);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(dir, 'taken-report.xlsx'));
    const sheet = book.worksheets[0];
    expect(sheet.getRow(2).values).toEqual([undefined, 'อาวุธและยุทธภัณฑ์', 2, 'หมายเลขประจำอาวุธ', 'DB-777', 'มีอาวุธหมายเลข DB-777 ลงทะเบียนในสถานีนี้แล้ว']);
    expect(await snapshot()).toEqual(before);
  });

  it('--dry-run validates, says what each category would get, and writes nothing; wrong users are refused', async () => {
    const path = file('dry.xlsx', await registerWorkbook(everyCategory('GLK-2002')));
    const before = await snapshot();
    const ev = await lastSeq('EVIDENCE');
    const dry = importAs(path, 'sta.commander', '--witness', 'sta.supervisor', '--dry-run');
    expectOk(dry);
    expect(dry.stdout).toContain('ตรวจสอบอย่างเดียว');
    expect(dry.stdout).toContain(`ของกลาง 3 รายการ รหัส STA-EV${yy}-${String(ev + 1).padStart(6, '0')} ถึง STA-EV${yy}-${String(ev + 3).padStart(6, '0')}`);
    expect(dry.stdout).toMatch(/ทรัพย์สินราชการ 1 รายการ/);

    const officer = importAs(path, 'sta.officer', '--witness', 'sta.supervisor');
    expect(officer.status).toBe(2);
    expect(officer.stderr).toContain('ไม่ใช่เจ้าหน้าที่พัสดุหรือผู้บังคับบัญชา');
    const otherStation = importAs(path, 'stb.clerk', '--witness', 'sta.supervisor');
    expect(otherStation.status).toBe(2);
    expect(otherStation.stderr).toContain('สถานี STA');
    const selfWitness = importAs(path, 'sta.clerk', '--witness', 'sta.clerk');
    expect(selfWitness.status).toBe(2);
    expect(selfWitness.stderr).toContain('พยานต้องเป็นบุคคลอื่น');
    const noWitness = importAs(path, 'sta.clerk');
    expect(noWitness.status).toBe(1);
    expect(noWitness.stdout).toContain('ต้องระบุพยานด้วย --witness');
    expect(importAs(path, 'sta.clerk', '--witness', 'stb.supervisor').status).toBe(2);
    // The very file imported by the first test (same SHA-256) is not imported twice.
    const again = importAs(join(dir, 'every.xlsx'), 'sta.clerk', '--witness', 'sta.supervisor');
    expect(again.status).toBe(1);
    expect(again.stdout).toMatch(/ไฟล์นี้ \(SHA-256 เดียวกัน\) นำเข้าแล้วเมื่อ .* โดย sta\.clerk/);
    expect(cli('import', '--station', 'STA', '--as', 'sta.clerk').status).toBe(2);
    expect(await snapshot()).toEqual(before);
  });

  it('the template has the four register sheets with Thai headers and lists, and a filled template imports', async () => {
    const path = join(dir, 'template.xlsx');
    const made = cli('import-template', '--out', path, '--station', 'STA');
    expectOk(made);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    expect(book.worksheets.map((s) => s.name)).toEqual(['ของกลาง', 'ทรัพย์สินราชการ', 'อาวุธและยุทธภัณฑ์', 'ของบริจาค', 'คำอธิบาย', 'ค่าที่เลือกได้']);
    const evidence = book.getWorksheet('ของกลาง')!;
    const headers = (evidence.getRow(1).values as string[]).filter(Boolean);
    expect(headers.slice(0, 3)).toEqual(['ลำดับเดิม *', 'ชนิด *', 'รายการ *']);
    expect(headers).toContain('คดีอาญาที่ *');
    expect(evidence.getCell('B1').note).toBeTruthy();
    const validations = (evidence as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }).dataValidations.model;
    expect(validations.B2).toMatchObject({ type: 'list' });
    const lists = book.getWorksheet('ค่าที่เลือกได้')!;
    const listed: string[] = [];
    lists.eachRow((row) => row.eachCell((cell) => listed.push(String(cell.value))));
    expect(listed).toEqual(expect.arrayContaining(['SAFE1', 'R1', 'ยาเสพติด', 'ใช้การได้', 'เงินงบประมาณ']));
    expect(listed).not.toContain('BVAULT');

    const filled = await fillTemplate(readFileSync(path), everyCategory('GLK-3003'));
    const run = importAs(file('filled.xlsx', filled), 'sta.clerk', '--witness', 'sta.supervisor');
    expectOk(run);
    expect(run.stdout).toContain('นำเข้าแล้ว 7 รายการ');
    await expectGapFree();
  });

  it(`imports ${BIG_ROWS.toLocaleString('en-US')} rows in one go; the chain verifies and the codes stay gap-free`, async () => {
    const path = join(dir, 'big.xlsx');
    let started = performance.now();
    const perSheet = await writeBigRegister(path, { rows: BIG_ROWS, secure: 'SAFE1', room: 'R1', serialPrefix: 'BIG-' });
    const generated = performance.now() - started;
    const itemsBefore = (await rows<{ n: number }>('SELECT count(*)::int AS n FROM items WHERE station_id = $1', [t.a.station.id]))[0].n;
    started = performance.now();
    const run = importAs(path, 'sta.clerk', '--witness', 'sta.supervisor');
    const seconds = (performance.now() - started) / 1000;
    expectOk(run);
    console.log(`import of ${BIG_ROWS} rows ${JSON.stringify(perSheet)}: ${seconds.toFixed(1)} s for the whole command (file generated in ${(generated / 1000).toFixed(1)} s)\n${run.stdout.split('\n').filter((l) => /เวลา|นำเข้าแล้ว/.test(l)).join('\n')}`);
    const itemsAfter = (await rows<{ n: number }>('SELECT count(*)::int AS n FROM items WHERE station_id = $1', [t.a.station.id]))[0].n;
    expect(itemsAfter - itemsBefore).toBe(BIG_ROWS);
    await expectGapFree();
    await expectChainVerifies();
  });
});
