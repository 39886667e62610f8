import type { INestApplicationContext } from '@nestjs/common';
import { LazyModuleLoader } from '@nestjs/core';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { reportTable, ImportReportWriter } from './import-report.js';
import type { CodeRange } from './import-rows.js';
import { type ImportOutcome, ImportService } from './import.service.js';
import { ImportModule } from './import.module.js';

type Options = Record<string, string | boolean | undefined>;

/** Lines of the report shown on the terminal; the report file holds every one. */
const TABLE_LINES = 200;

export const IMPORT_USAGE = `  import-template --out FILE [--station CODE]
                                   write the Excel template for importing old registers: a sheet per
                                   category with Thai headers, drop-down lists and the station's locations
  import FILE.xlsx --station CODE --as USERNAME [--witness USERNAME] [--dry-run] [--report REPORT.csv|.xlsx]
                                   validate every row of old registers and import them all in one
                                   transaction, or nothing when any row is invalid (exit 1; the report
                                   names sheet, row, column and reason); --as an active CLERK or COMMANDER;
                                   --witness another user of the station when there are HIGH-risk items`;

/**
 * The import module, loaded into the command line's application only when asked for: it has no HTTP
 * routes, so the server has no reason to hold it.
 */
async function importModule(app: INestApplicationContext) {
  return app.get(LazyModuleLoader).load(() => ImportModule);
}

/** A missing argument, said before the application (and its database) is started; null when all are there. */
export function importArgumentsProblem(command: 'import' | 'import-template', options: Options, positionals: string[]): string | null {
  if (command === 'import-template') return typeof options.out === 'string' ? null : 'import-template: --out FILE is required / กรุณาระบุ --out ชื่อไฟล์';
  if (positionals.length !== 1) return 'import: give one workbook, e.g. import registers.xlsx / กรุณาระบุไฟล์ Excel หนึ่งไฟล์';
  if (typeof options.as !== 'string') return 'import: --as USERNAME is required / กรุณาระบุผู้นำเข้า --as ชื่อผู้ใช้';
  return null;
}

export async function runImportTemplate(app: INestApplicationContext, options: Options, stationCode: string): Promise<number> {
  const out = options.out as string;
  const bytes = await (await importModule(app)).get(ImportService).template(stationCode);
  writeFileSync(out, bytes);
  console.log(`เขียนแม่แบบนำเข้าทะเบียนเดิมของสถานี ${stationCode} แล้ว: ${out}`);
  return 0;
}

const count = (n: number) => n.toLocaleString('th-TH');
const seconds = (ms: number) => (ms / 1000).toFixed(1);
const rangeLine = (r: CodeRange) => `  ${r.categoryTh} ${count(r.count)} รายการ รหัส ${r.firstCode} ถึง ${r.lastCode}`;

/** What the command says: the file, who, the outcome, the code ranges, the time each step took, where the report is. */
function summary(outcome: ImportOutcome, dryRun: boolean, reportPath: string): string {
  const lines = [
    `ไฟล์ ${outcome.fileName} (SHA-256 ${outcome.sha256})`,
    `สถานี ${outcome.station} · ผู้นำเข้า ${outcome.actor}${outcome.witness ? ` · พยาน ${outcome.witness}` : ''} · อ่านได้ ${count(outcome.rows)} แถว`,
  ];
  if (outcome.problems.length) {
    lines.push(`พบข้อผิดพลาด ${count(outcome.problems.length)} รายการ จึงไม่ได้บันทึกข้อมูลใด ๆ (นำเข้าได้เมื่อทั้งไฟล์ถูกต้องเท่านั้น)`, '', reportTable(outcome.problems, outcome.rows, TABLE_LINES), '');
  } else if (dryRun) {
    lines.push('ตรวจสอบอย่างเดียว (--dry-run): ไฟล์ถูกต้อง ไม่ได้บันทึกข้อมูล ถ้านำเข้าตอนนี้จะได้', ...outcome.ranges.map(rangeLine));
  } else {
    lines.push(`นำเข้าแล้ว ${count(outcome.ranges.reduce((s, r) => s + r.count, 0))} รายการ`, ...outcome.ranges.map(rangeLine));
    lines.push(`บันทึกการตรวจสอบ (audit log) ต่อท้ายถึงลำดับที่ ${outcome.auditHead?.seq}`);
  }
  const t = outcome.timings;
  const written = outcome.written ? ` · บันทึก ${seconds((t.numbers ?? 0) + (t.items ?? 0) + (t.events ?? 0) + (t.audit ?? 0) + (t.commit ?? 0))} วินาที (รายการ ${seconds(t.items ?? 0)} · ประวัติการครอบครอง ${seconds(t.events ?? 0)} · บันทึกการตรวจสอบ ${seconds(t.audit ?? 0)} · ยืนยัน ${seconds(t.commit ?? 0)})` : '';
  lines.push(`เวลา: อ่านไฟล์ ${seconds(t.read)} วินาที · ตรวจสอบ ${seconds(t.validate)} วินาที${written}`);
  lines.push(`รายงานผลการตรวจสอบ: ${reportPath}`);
  return lines.join('\n');
}

/** Validates (and unless --dry-run or invalid, imports) a workbook; writes the report beside it. Exit 1 when anything is invalid. */
export async function runImport(app: INestApplicationContext, options: Options, file: string, stationCode: string): Promise<number> {
  const module = await importModule(app);
  const dryRun = options['dry-run'] === true;
  const outcome = await module.get(ImportService).run({
    bytes: readFileSync(file),
    fileName: basename(file),
    stationCode,
    actorUsername: options.as as string,
    witnessUsername: typeof options.witness === 'string' ? options.witness : undefined,
    dryRun,
  });
  const reportPath = typeof options.report === 'string' ? options.report : join(dirname(file), `${basename(file, extname(file))}.report.csv`);
  const format = extname(reportPath).toLowerCase() === '.xlsx' ? 'xlsx' : 'csv';
  writeFileSync(reportPath, await module.get(ImportReportWriter).render(outcome.problems, outcome.rows, format));
  console.log(summary(outcome, dryRun, reportPath));
  return outcome.problems.length ? 1 : 0;
}
