import pdfmake from 'pdfmake';
import { resolve } from 'node:path';
import { SARABUN_FILES, sarabunFontDictionary } from './sarabun-font.js';
import { installThaiLineBreaking } from './thai-text.js';

/**
 * Renders a pdfmake document in Sarabun: the one place pdfmake (a process-wide singleton) is configured,
 * just before each document — the fonts, nothing fetched from the network, only the font files read,
 * and Thai line breaking at word boundaries. Labels and reports both render through it.
 */
export function renderSarabunPdf(doc: object): Promise<Buffer> {
  const fontFiles = new Set(Object.values(SARABUN_FILES).map((f) => resolve(f)));
  pdfmake.setFonts(sarabunFontDictionary());
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => fontFiles.has(resolve(path)));
  installThaiLineBreaking();
  return pdfmake.createPdf(doc as Parameters<typeof pdfmake.createPdf>[0]).getBuffer();
}
