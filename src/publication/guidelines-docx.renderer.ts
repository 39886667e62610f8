import {
  AlignmentType,
  BorderStyle,
  CharacterSet,
  Document,
  Footer,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import JSZip from 'jszip';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SARABUN, SARABUN_FILES } from '../labels/sarabun-font.js';
import { reproducibleZip } from './zip.js';
import { toThaiDigits } from '../reports/registers/register-document.js';
import type { GuidelinesBlock, GuidelinesDocument } from './guidelines.js';

/** Twips (1/20 pt) per centimetre; Word measures pages in twips and font sizes in half-points. */
const TWIPS_PER_CM = 1440 / 2.54;
const cm = (n: number) => Math.round(n * TWIPS_PER_CM);
const A4 = { width: 11906, height: 16838 };
const MARGIN = { left: cm(3), right: cm(2), top: cm(2), bottom: cm(2) };
const INDENT = cm(2.5);
const SIZE = { body: 32, table: 28, footer: 22 };
const GREY = 'E6E6E6';

let fonts: { regular: Buffer; bold: Buffer } | undefined;
const sarabun = () => (fonts ??= { regular: readFileSync(SARABUN_FILES.normal), bold: readFileSync(SARABUN_FILES.bold) });

/**
 * The announcement as a Word file (DOCX) a station can edit and print: the same model and layout as the
 * PDF (A4, 3/2 cm margins, Sarabun 16 pt with the font embedded, clauses with a 2.5 cm first-line
 * indent, the tables, the commander's block). Word's own dates and the ZIP's file times are set to the
 * day the settings took effect, so the same settings give the same bytes.
 */
export async function renderGuidelinesDocx(doc: GuidelinesDocument, thaiNumerals: boolean): Promise<Buffer> {
  const word = new Document({
    creator: 'Khlang',
    lastModifiedBy: 'Khlang',
    title: doc.title,
    subject: doc.source,
    description: doc.source,
    fonts: [{ name: SARABUN, data: sarabun().regular, bold: sarabun().bold, characterSet: CharacterSet.THAI }],
    styles: {
      default: {
        document: {
          run: { font: SARABUN, size: SIZE.body, sizeComplexScript: SIZE.body, language: { value: 'th-TH' } },
          paragraph: { spacing: { after: 0 } },
        },
      },
    },
    sections: [
      {
        properties: { page: { size: A4, margin: MARGIN } },
        footers: { default: footer(doc, thaiNumerals) },
        children: [
          centred(doc.heading, true),
          centred(doc.subject, true),
          new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 200 }, children: [new TextRun({ text: '—————————', bold: true })] }),
          ...doc.preamble.map((p) => paragraph(p)),
          ...doc.sections.flatMap((s) => [
            new Paragraph({ indent: { firstLine: INDENT }, spacing: { before: 200, after: 40 }, keepNext: true, children: [run(`${s.number} ${s.heading}`, { bold: true })] }),
            ...s.blocks.flatMap(block),
          ]),
          ...doc.closing.map((p) => paragraph(p, { before: 200, keepNext: true })),
          ...signature(doc),
        ],
      },
    ],
  });
  return reproducible(await Packer.toBuffer(word), doc.effectiveAt);
}

function run(text: string, options: { bold?: boolean; size?: number } = {}): TextRun {
  return new TextRun({ text, bold: options.bold, boldComplexScript: options.bold, ...(options.size ? { size: options.size, sizeComplexScript: options.size } : {}) });
}

function centred(text: string, bold = false): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, children: [run(text, { bold })] });
}

function paragraph(text: string, spacing: { before?: number; keepNext?: boolean } = {}): Paragraph {
  return new Paragraph({ indent: { firstLine: INDENT }, spacing: { before: spacing.before ?? 60 }, keepNext: spacing.keepNext, children: [run(text)] });
}

function block(b: GuidelinesBlock): (Paragraph | Table)[] {
  switch (b.kind) {
    case 'paragraph':
      return [paragraph(b.text)];
    case 'clause':
      return [paragraph(`${b.number} ${b.text}`), ...(b.points ?? []).map((p) => new Paragraph({ indent: { firstLine: INDENT + cm(0.8) }, children: [run(`- ${p}`)] }))];
    case 'table':
      return [table(b)];
  }
}

function table(b: GuidelinesBlock & { kind: 'table' }): Table {
  const line = { style: BorderStyle.SINGLE, size: 4, color: '444444' };
  const borders = { top: line, bottom: line, left: line, right: line };
  const cell = (text: string, width: number, header: boolean) =>
    new TableCell({
      width: { size: width, type: WidthType.PERCENTAGE },
      borders,
      margins: { left: 80, right: 80 },
      shading: header ? { type: ShadingType.CLEAR, fill: GREY, color: 'auto' } : undefined,
      children: [new Paragraph({ alignment: header ? AlignmentType.CENTER : AlignmentType.LEFT, children: [run(text, { bold: header, size: SIZE.table })] })],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: b.header.map((h, i) => cell(h, b.widths[i], true)) }),
      ...b.rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, b.widths[i], false)) })),
    ],
  });
}

/** The date, room to sign, then the commander's name and rank and position, centred right of the middle. */
function signature(doc: GuidelinesDocument): Paragraph[] {
  const signer = doc.signer;
  const lines = signer ? [`(${`${signer.rank} ${signer.displayName}`.trim()})`, signer.position ?? ''] : ['(.............................................)', 'ตำแหน่ง .............................................'];
  return [
    new Paragraph({ indent: { left: Math.round(INDENT * 1.6) }, spacing: { before: 240, after: 960 }, keepNext: true, children: [run(doc.announcedOn)] }),
    ...lines.filter(Boolean).map((l, i, all) => new Paragraph({ alignment: AlignmentType.CENTER, indent: { left: cm(6) }, keepNext: i < all.length - 1, children: [run(l)] })),
  ];
}

function footer(doc: GuidelinesDocument, thaiNumerals: boolean): Footer {
  const small = (text: string) => new TextRun({ text, size: SIZE.footer, sizeComplexScript: SIZE.footer, color: '555555' });
  // Word counts the pages itself; Thai digits would need its own number format, so the page line stays Arabic there.
  const pageWord = thaiNumerals ? toThaiDigits('หน้า ') : 'หน้า ';
  return new Footer({
    children: [
      new Paragraph({
        children: [
          small(`${doc.source}    ${pageWord}`),
          new TextRun({ children: [PageNumber.CURRENT], size: SIZE.footer, sizeComplexScript: SIZE.footer, color: '555555' }),
          small('/'),
          new TextRun({ children: [PageNumber.TOTAL_PAGES], size: SIZE.footer, sizeComplexScript: SIZE.footer, color: '555555' }),
        ],
      }),
    ],
  });
}

/**
 * The same document gives the same bytes: Word's created/modified dates and every ZIP entry's time are
 * the day the settings took effect, not the moment of rendering, and the embedded fonts' keys (random
 * GUIDs in the docx package) are derived from the fonts (the public page lists the file's hash).
 */
async function reproducible(docx: Buffer, at: Date): Promise<Buffer> {
  const zip = await JSZip.loadAsync(docx);
  const stamp = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  await rewrite(zip, 'docProps/core.xml', (xml) => xml.replace(/(<dcterms:(created|modified)[^>]*>)[^<]*(<\/dcterms:\2>)/g, `$1${stamp}$3`));
  const table = await zip.file('word/fontTable.xml')!.async('string');
  const keys = [...table.matchAll(/r:id="rId(\d+)" w:fontKey="\{([0-9A-F-]{36})\}"/g)];
  let fixed = table;
  for (const [, id, key] of keys) {
    const name = `word/fonts/font${id}.odttf`;
    const font = Buffer.from(await zip.file(name)!.async('uint8array'));
    obfuscate(font, key); // XOR again: the font as it was
    const stable = guidOf(createHash('sha256').update(font).digest());
    obfuscate(font, stable);
    zip.file(name, font);
    fixed = fixed.replace(`{${key}}`, `{${stable}}`);
  }
  zip.file('word/fontTable.xml', fixed);
  const entries = [];
  for (const name of Object.keys(zip.files).sort()) {
    if (!zip.files[name].dir) entries.push({ name, data: await zip.files[name].async('uint8array') });
  }
  return reproducibleZip(entries, at);
}

async function rewrite(zip: JSZip, name: string, change: (text: string) => string): Promise<void> {
  const file = zip.file(name);
  if (file) zip.file(name, change(await file.async('string')));
}

/** ECMA-376 font obfuscation, in place: the first 32 bytes XOR the key's bytes, last byte first. */
function obfuscate(font: Buffer, key: string): void {
  const bytes = Buffer.from(key.replaceAll('-', ''), 'hex').reverse();
  for (let i = 0; i < 32; i++) font[i] ^= bytes[i % 16];
}

function guidOf(digest: Buffer): string {
  const hex = digest.subarray(0, 16).toString('hex').toUpperCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
