import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findProjectFolder } from '../common/project-folder.js';
import type { IssuedO23View } from '../reports/o23-issue.service.js';
import { O23_TITLE, o23PeriodKind } from '../reports/o23-labels.js';
import { o23Filename } from '../reports/reports.service.js';
import { thaiDate, thaiPeriod, thaiShortDateTime } from '../reports/thai-dates.js';
import { type Html, html } from '../web/html.js';
import { GUIDELINES_SUBJECT } from './guidelines.js';
import type { CheckResult, PublicPackage } from './publication.service.js';

export interface PublicIndexOptions {
  /** 'live': the server's page, with the hash check; 'zip': index.html inside the ZIP, links to the files beside it. */
  mode: 'live' | 'zip';
  /** The answer to a check on the live page. */
  check?: { sha256: string; result: CheckResult } | { sha256: string; error: string };
}

const STYLESHEET = 'public.css';
let inlineCss: string | undefined;
/** The stylesheet inlined into the ZIP's index.html, without the fonts the server serves (the page falls back to the reader's Thai font). */
const stylesheet = () => (inlineCss ??= readFileSync(join(findProjectFolder('web', import.meta.dirname), 'assets', STYLESHEET), 'utf8').replace(/@font-face[^}]*}\s*/g, ''));

const SIZE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${SIZE.format(bytes / 1024)} KB` : `${SIZE.format(bytes / 1024 / 1024)} MB`;
}

/** "รายงาน… ประจำเดือนมกราคม 2568", "… ประจำช่วงตุลาคม 2567 – มีนาคม 2568". */
export function reportTitle(r: Pick<IssuedO23View, 'period'>): string {
  return `${O23_TITLE} ${o23PeriodKind(r.period)}${thaiPeriod(r.period.from, r.period.to)}`;
}

export const signerName = (p: { rank: string; displayName: string }) => `${p.rank} ${p.displayName}`.trim();

/**
 * The station's public O23 page (no login) and the same list as index.html in the ZIP: the current
 * announcement, flowcharts and forms, then every issued report with its files' SHA-256 and the
 * audit-log chain head it printed. Plain HTML in Thai; no suspect, owner or case appears in anything it
 * lists (the reports are aggregates, the forms blank).
 */
export function publicIndexHtml(pkg: PublicPackage, options: PublicIndexOptions): string {
  const live = options.mode === 'live';
  const base = live ? `/public/${pkg.station.code}/o23/files/` : 'files/';
  const title = `${pkg.station.nameTh}: ${GUIDELINES_SUBJECT}`;
  return html`<!doctype html>
<html lang="th">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
${live ? html`<link rel="stylesheet" href="/assets/${STYLESHEET}"><script src="/assets/public-check.js" defer></script>` : html`<style>${stylesheet()}</style>`}
</head>
<body>
<header>
  <p class="eyebrow">ITA ${pkg.itaItemNumber} · ${pkg.station.nameTh} (${pkg.station.code})</p>
  <h1>${GUIDELINES_SUBJECT}</h1>
</header>
<main>
${live && options.check ? checkAnswer(pkg, options.check) : ''}
<section aria-labelledby="docs">
  <h2 id="docs">ประกาศ แผนผังขั้นตอน และแบบฟอร์ม</h2>
  <p>จัดทำจากหลักเกณฑ์ที่ระบบคลังของสถานีบังคับใช้จริง ตามการตั้งค่าฉบับที่ ${pkg.settingsVersion} มีผลตั้งแต่วันที่ ${thaiDate(pkg.effectiveAt)}</p>
  <table>
    <thead><tr><th scope="col">เอกสาร</th><th scope="col">ไฟล์</th><th scope="col">SHA-256</th></tr></thead>
    <tbody>
    ${pkg.documents.map((d) => html`<tr><th scope="row">${d.titleTh}</th><td><a href="${base}${d.name}">${d.name}</a> <small>(${size(d.body.length)})</small></td><td class="hash">${d.sha256}</td></tr>`)}
    </tbody>
  </table>
</section>
<section aria-labelledby="reports">
  <h2 id="reports">รายงานผลที่ออกแล้ว</h2>
  ${pkg.reports.length ? reportsTable(pkg.station.code, pkg.reports, base) : html`<p>ยังไม่มีรายงานที่ออก</p>`}
  <p class="note">ค่าแฮชสุดท้ายของบันทึกการตรวจสอบ คือค่าที่พิมพ์ไว้ในรายงาน ณ สิ้นช่วง หากภายหลังมีผู้แก้ไขบันทึกย้อนหลัง ค่านี้จะไม่ตรงกับบันทึกในระบบ ผู้ถือรายงานจึงตรวจพบได้</p>
</section>
${live ? checkForms(pkg) : zipHowToCheck()}
</main>
<footer>
  ${live ? html`<p><a href="/public/${pkg.station.code}/o23.zip">ดาวน์โหลดทั้งหมดเป็นไฟล์ ZIP</a> สำหรับนำขึ้นเว็บไซต์ของสถานี</p>` : ''}
  <p>จัดทำโดยระบบคลัง (Khlang) ของ${pkg.station.nameTh}</p>
</footer>
</body>
</html>`.value;
}

function reportsTable(code: string, reports: IssuedO23View[], base: string): Html {
  const fileName = (r: IssuedO23View, format: 'pdf' | 'xlsx') => o23Filename(code, r.period.from, r.period.to, format, r.version);
  const file = (f: { sha256: string; bytes: number }, name: string, label: string) =>
    html`<a href="${base}${name}">${label}</a> <small>(${size(f.bytes)})</small><div class="hash">${f.sha256}</div>`;
  return html`<table class="reports">
    <thead><tr><th scope="col">รายงาน</th><th scope="col">ออกเมื่อ / โดย</th><th scope="col">ไฟล์ PDF</th><th scope="col">ไฟล์ Excel</th><th scope="col">ค่าแฮชสุดท้ายของบันทึก ณ สิ้นช่วง</th></tr></thead>
    <tbody>
    ${reports.map(
      (r) => html`<tr${r.superseded ? html` class="superseded"` : ''}>
      <th scope="row">${reportTitle(r)}<div><small>ครั้งที่ ${r.version}${r.superseded ? ' · ถูกแทนที่ด้วยฉบับที่ออกภายหลัง' : ''}</small></div>${r.reason ? html`<div><small>เหตุที่ออกใหม่: ${r.reason}</small></div>` : ''}</th>
      <td>${thaiShortDateTime(r.issuedAt)}<div>${signerName(r.issuedBy)}</div></td>
      <td>${file(r.pdf, fileName(r, 'pdf'), 'PDF')}</td>
      <td>${file(r.xlsx, fileName(r, 'xlsx'), 'Excel')}</td>
      <td>ลำดับที่ ${r.chainHead.seq}<div class="hash">${r.chainHead.hash ?? '-'}</div></td>
    </tr>`,
    )}
    </tbody>
  </table>`;
}


function checkForms(pkg: PublicPackage): Html {
  const action = `/public/${pkg.station.code}/o23`;
  return html`<section aria-labelledby="check" class="check">
  <h2 id="check">ตรวจสอบไฟล์ที่ได้รับ</h2>
  <p>เลือกไฟล์รายงานหรือเอกสารที่ดาวน์โหลดไว้ หรือวางค่า SHA-256 ของไฟล์ ระบบจะบอกว่าตรงกับรายงานที่สถานีออกหรือไม่</p>
  <form method="post" action="${action}/check" enctype="multipart/form-data" class="upload" data-hash-target="sha256">
    <label for="file">ไฟล์</label>
    <input id="file" name="file" type="file" accept=".pdf,.xlsx,.docx">
    <button type="submit">ตรวจสอบไฟล์</button>
  </form>
  <form method="get" action="${action}" class="paste">
    <label for="sha256">ค่า SHA-256 (ตัวอักษร 0-9 a-f จำนวน 64 ตัว)</label>
    <input id="sha256" name="sha256" inputmode="latin" autocomplete="off" spellcheck="false" maxlength="200">
    <button type="submit">ตรวจสอบค่า</button>
  </form>
</section>`;
}

function zipHowToCheck(): Html {
  return html`<section aria-labelledby="check">
  <h2 id="check">วิธีตรวจสอบไฟล์</h2>
  <p>ค่า SHA-256 ของทุกไฟล์อยู่ในตารางข้างต้นและในไฟล์ SHA256SUMS ตรวจได้ด้วยคำสั่ง <code>sha256sum -c SHA256SUMS</code> (Linux) หรือ <code>certutil -hashfile ชื่อไฟล์ SHA256</code> (Windows) ค่าที่ได้ต้องตรงกับค่าที่แสดงทุกตัวอักษร</p>
</section>`;
}

function checkAnswer(pkg: PublicPackage, check: NonNullable<PublicIndexOptions['check']>): Html {
  if ('error' in check) return html`<p class="answer bad" role="alert" id="answer">${check.error}</p>`;
  const { result, sha256 } = check;
  const said = html`<div class="hash">SHA-256: ${sha256}</div>`;
  switch (result.kind) {
    case 'report': {
      const r = result.report;
      return html`<div class="answer ok" role="status" id="answer"><p>ไฟล์นี้คือ${reportTitle(r)} (${result.format === 'pdf' ? 'PDF' : 'Excel'}) ครั้งที่ ${r.version} ออกเมื่อ ${thaiShortDateTime(r.issuedAt)} โดย ${signerName(r.issuedBy)}${r.issuedBy.position ? ` ${r.issuedBy.position}` : ''}</p>${r.superseded ? html`<p>รายงานครั้งนี้ถูกแทนที่ด้วยฉบับที่ออกภายหลัง ดูฉบับล่าสุดในตารางด้านล่าง</p>` : ''}${said}</div>`;
    }
    case 'document':
      return html`<div class="answer ok" role="status" id="answer"><p>ไฟล์นี้คือ${result.document.titleTh} ฉบับปัจจุบัน (ตามการตั้งค่าฉบับที่ ${pkg.settingsVersion})</p>${said}</div>`;
    case 'none':
      return html`<div class="answer bad" role="alert" id="answer"><p>ไม่พบรายงานหรือเอกสารของ${pkg.station.nameTh}ที่มีค่า SHA-256 นี้ ไฟล์อาจถูกแก้ไข หรือไม่ได้ออกโดยสถานีนี้</p>${said}</div>`;
  }
}
