import { SARABUN } from '../labels/sarabun-font.js';
import { renderSarabunPdf } from '../labels/sarabun-pdf.js';
import { insertThaiBreaks, KEEP_WHOLE_RE, thaiToUnicodeSeed, ZWSP } from '../labels/thai-text.js';
import { GRID_LAYOUT } from '../reports/o23-pdf.renderer.js';
import { toThaiDigits } from '../reports/registers/register-document.js';
import type { GuidelinesBlock, GuidelinesDocument } from './guidelines.js';

type Node = Record<string, unknown>;

const PT_PER_CM = 72 / 2.54;
/** ระเบียบงานสารบรรณ: A4, 3 cm on the left, 2 cm on the right, 16 pt Sarabun, a 2.5 cm first-line indent. */
const MARGIN = { left: 3 * PT_PER_CM, top: 2 * PT_PER_CM, right: 2 * PT_PER_CM, bottom: 2 * PT_PER_CM };
const CONTENT_WIDTH = 595.28 - MARGIN.left - MARGIN.right;
const INDENT = 2.5 * PT_PER_CM;
const SIZE = { body: 16, table: 14, footer: 11 };

/** Thai text ready for pdfmake: breaks at word boundaries, never inside the words a Thai reader sees as one. */
const th = (s: string) => insertThaiBreaks(s).replace(KEEP_WHOLE_RE, (m) => m.replaceAll(ZWSP, ''));

/**
 * The announcement as an official Thai document (PDF): the heading and subject centred, the preamble
 * indented, each section's clauses numbered with a hanging indent, the tables in a thin grid, and the
 * commander's signature block. Its creation date is the day the settings took effect, so the same
 * settings give the same bytes, and the hash the public page lists stays the file's.
 */
export function renderGuidelinesPdf(doc: GuidelinesDocument, thaiNumerals: boolean): Promise<Buffer> {
  return renderSarabunPdf({
    pageSize: 'A4',
    pageMargins: [MARGIN.left, MARGIN.top, MARGIN.right, MARGIN.bottom],
    language: 'th-TH',
    info: { title: doc.title, author: doc.author, subject: doc.source, creator: 'Khlang', producer: 'Khlang', creationDate: doc.effectiveAt },
    defaultStyle: { font: SARABUN, fontSize: SIZE.body, lineHeight: 1 },
    footer: (page: number, pages: number) => ({
      columns: [
        { text: th(doc.source), width: '*' },
        { text: (thaiNumerals ? toThaiDigits : String)(`หน้า ${page}/${pages}`), width: 'auto', alignment: 'right' },
      ],
      fontSize: SIZE.footer,
      color: '#555555',
      margin: [MARGIN.left, 20, MARGIN.right, 0],
    }),
    content: [
      ...thaiToUnicodeSeed(SARABUN),
      { text: th(doc.heading), bold: true, alignment: 'center' },
      { text: th(doc.subject), bold: true, alignment: 'center', margin: [40, 0, 40, 0] },
      { canvas: [{ type: 'line', x1: CONTENT_WIDTH / 2 - 60, y1: 0, x2: CONTENT_WIDTH / 2 + 60, y2: 0, lineWidth: 0.7 }], margin: [0, 6, 0, 10] },
      ...doc.preamble.map((p) => paragraph(p)),
      ...doc.sections.flatMap((s) => [
        { text: th(`${s.number} ${s.heading}`), bold: true, margin: [INDENT, 10, 0, 2], headlineLevel: 1 },
        ...s.blocks.map(block),
      ]),
      signature(doc),
    ],
    // A section heading never ends a page: it moves on with its first clause.
    pageBreakBefore: (node: { headlineLevel?: number }, q: { getFollowingNodesOnPage: () => unknown[] }) => node.headlineLevel === 1 && q.getFollowingNodesOnPage().length === 0,
  });
}

function paragraph(text: string, margin = [0, 4, 0, 0]): Node {
  // Left-aligned: pdfmake's justification widens the word breaks of Thai text into visible gaps.
  return { text: th(text), leadingIndent: INDENT, margin };
}

function block(b: GuidelinesBlock): Node {
  switch (b.kind) {
    case 'paragraph':
      return paragraph(b.text);
    case 'clause':
      // Official style: the number starts the indented first line; the text wraps back to the margin.
      return {
        stack: [
          { text: th(`${b.number} ${b.text}`), leadingIndent: INDENT },
          ...(b.points ?? []).map((p) => ({ text: th(`- ${p}`), leadingIndent: INDENT + 24 })),
        ],
        margin: [0, 2, 0, 0],
      };
    case 'table': {
      const width = CONTENT_WIDTH - INDENT / 2;
      return {
        table: {
          headerRows: 1,
          dontBreakRows: true,
          widths: b.widths.map((w) => (w / 100) * width - 8.5),
          body: [b.header.map((h) => ({ text: th(h), bold: true, fillColor: '#e6e6e6', alignment: 'center' })), ...b.rows.map((r) => r.map((c) => ({ text: th(c) })))],
        },
        layout: GRID_LAYOUT,
        fontSize: SIZE.table,
        margin: [INDENT / 2, 4, 0, 4],
      };
    }
  }
}

/** The closing words, the date, then the commander's block right of centre: room to sign, the name and rank, the position. */
function signature(doc: GuidelinesDocument): Node {
  const signer = doc.signer;
  const lines = signer
    ? [`(${`${signer.rank} ${signer.displayName}`.trim()})`, signer.position ?? '']
    : ['(.............................................)', 'ตำแหน่ง .............................................'];
  return {
    unbreakable: true,
    margin: [0, 16, 0, 0],
    stack: [
      // The closing words go with the signature: a page never holds the signature alone.
      ...doc.closing.map((p) => paragraph(p, [0, 0, 0, 12])),
      { text: th(doc.announcedOn), margin: [INDENT * 1.6, 0, 0, 0] },
      { stack: lines.filter(Boolean).map((l) => ({ text: th(l) })), alignment: 'center', margin: [CONTENT_WIDTH * 0.4, 48, 0, 0] },
    ],
  };
}
