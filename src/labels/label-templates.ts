import { Injectable } from '@nestjs/common';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../common/errors.js';
import { findProjectFolder } from '../common/project-folder.js';

/** Sizes in millimetres, font sizes in points; see labels/README.md. */
export interface LabelTemplate {
  name: string;
  description: string;
  page: { width: number; height: number };
  margins: { top: number; right: number; bottom: number; left: number };
  grid: { columns: number; rows: number; labelWidth: number; labelHeight: number; columnGap: number; rowGap: number };
  /** Blank border inside each label (printer registration error, die-cut tolerance). */
  padding: number;
  /** Draw a thin grey outline round each label (plain paper, checking alignment). */
  outline: boolean;
  elements: {
    code128: { show: boolean; height: number };
    qr: { show: boolean; size: number };
    code: { show: boolean; fontSize: number };
    category: { show: boolean; fontSize: number };
    highRisk: { show: boolean; fontSize: number };
    caseNumber: { show: boolean; fontSize: number };
    description: { show: boolean; fontSize: number; maxLines: number };
    station: { show: boolean; fontSize: number };
  };
}

export type LabelTemplateErrorCode = 'LABEL_TEMPLATE_NAME_INVALID' | 'LABEL_TEMPLATE_NOT_FOUND' | 'LABEL_TEMPLATE_INVALID';

/** 400 for a bad name, 404 for an unknown one, 500 for a broken template file (a deployment fault). */
export class LabelTemplateError extends DomainError {
  constructor(code: LabelTemplateErrorCode, message: string, messageTh: string, details?: unknown) {
    const status = code === 'LABEL_TEMPLATE_NAME_INVALID' ? 400 : code === 'LABEL_TEMPLATE_NOT_FOUND' ? 404 : 500;
    super(status, code, message, messageTh, details);
  }
}

/** Only these names reach the file system: no dots, slashes or anything else a path could use. */
export const LABEL_TEMPLATE_NAME = /^[a-z0-9-]+$/;
const MAX_NAME_LENGTH = 64;

/** <repo>/labels, where the label templates are. */
export function findLabelTemplateDir(start: string = import.meta.dirname): string {
  return findProjectFolder('labels', start);
}

export function assertTemplateName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.length > MAX_NAME_LENGTH || !LABEL_TEMPLATE_NAME.test(name)) {
    throw new LabelTemplateError(
      'LABEL_TEMPLATE_NAME_INVALID',
      'A label template name is lower-case letters, digits and hyphens',
      'ชื่อแบบฉลากต้องเป็นอักษรภาษาอังกฤษตัวเล็ก ตัวเลข หรือขีด (-) เท่านั้น',
    );
  }
}

/** Template names in `dir` (files `<name>.json` whose name passes the name rule). */
export function listLabelTemplates(dir: string = findLabelTemplateDir()): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .filter((n) => LABEL_TEMPLATE_NAME.test(n))
    .sort();
}

export function loadLabelTemplate(name: unknown, dir: string = findLabelTemplateDir()): LabelTemplate {
  assertTemplateName(name);
  // The name is checked against the folder listing too, so nothing outside labels/ is ever opened.
  if (!listLabelTemplates(dir).includes(name)) {
    throw new LabelTemplateError('LABEL_TEMPLATE_NOT_FOUND', `No label template '${name}'`, `ไม่พบแบบฉลาก '${name}'`, {
      available: listLabelTemplates(dir),
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));
  } catch (err) {
    throw invalid(name, [`not JSON: ${(err as Error).message}`]);
  }
  return parseLabelTemplate(name, json);
}

function invalid(name: string, problems: string[]) {
  return new LabelTemplateError(
    'LABEL_TEMPLATE_INVALID',
    `Label template '${name}' is invalid: ${problems.join('; ')}`,
    `แบบฉลาก '${name}' ไม่ถูกต้อง`,
    { problems },
  );
}

/** Validates a parsed template; every problem is listed in the error's details. */
export function parseLabelTemplate(name: string, json: unknown): LabelTemplate {
  const problems: string[] = [];
  const obj = (value: unknown, path: string): Record<string, unknown> => {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    problems.push(`${path} must be an object`);
    return {};
  };
  const num = (o: Record<string, unknown>, key: string, path: string, min: number, max: number, integer = false): number => {
    const v = o[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
      problems.push(`${path}.${key} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
      return min;
    }
    return v;
  };
  const bool = (o: Record<string, unknown>, key: string, path: string, fallback: boolean): boolean => {
    const v = o[key] ?? fallback;
    if (typeof v !== 'boolean') problems.push(`${path}.${key} must be true or false`);
    return v === true;
  };

  const root = obj(json, 'template');
  if (root.name !== undefined && root.name !== name) problems.push(`name '${String(root.name)}' differs from the file name '${name}'`);
  const description = typeof root.description === 'string' ? root.description : '';
  const page = obj(root.page, 'page');
  const margins = obj(root.margins, 'margins');
  const grid = obj(root.grid, 'grid');
  const el = obj(root.elements, 'elements');
  const element = (key: string) => obj(el[key], `elements.${key}`);
  const text = (key: string, maxLines = false) => {
    const e = element(key);
    const out = { show: bool(e, 'show', `elements.${key}`, true), fontSize: num(e, 'fontSize', `elements.${key}`, 4, 36) };
    return maxLines ? { ...out, maxLines: num(e, 'maxLines', `elements.${key}`, 1, 6, true) } : out;
  };
  const code128 = element('code128');
  const qr = element('qr');

  const t: LabelTemplate = {
    name,
    description,
    page: { width: num(page, 'width', 'page', 20, 1000), height: num(page, 'height', 'page', 20, 1000) },
    margins: {
      top: num(margins, 'top', 'margins', 0, 100),
      right: num(margins, 'right', 'margins', 0, 100),
      bottom: num(margins, 'bottom', 'margins', 0, 100),
      left: num(margins, 'left', 'margins', 0, 100),
    },
    grid: {
      columns: num(grid, 'columns', 'grid', 1, 20, true),
      rows: num(grid, 'rows', 'grid', 1, 40, true),
      labelWidth: num(grid, 'labelWidth', 'grid', 20, 300),
      labelHeight: num(grid, 'labelHeight', 'grid', 15, 300),
      columnGap: num(grid, 'columnGap', 'grid', 0, 50),
      rowGap: num(grid, 'rowGap', 'grid', 0, 50),
    },
    padding: num(root, 'padding', 'template', 0, 10),
    outline: bool(root, 'outline', 'template', false),
    elements: {
      code128: { show: bool(code128, 'show', 'elements.code128', true), height: num(code128, 'height', 'elements.code128', 4, 60) },
      qr: { show: bool(qr, 'show', 'elements.qr', true), size: num(qr, 'size', 'elements.qr', 8, 100) },
      code: text('code'),
      category: text('category'),
      highRisk: text('highRisk'),
      caseNumber: text('caseNumber'),
      description: text('description', true) as LabelTemplate['elements']['description'],
      station: text('station'),
    },
  };

  const { page: p, margins: m, grid: g } = t;
  const usedWidth = m.left + g.columns * g.labelWidth + (g.columns - 1) * g.columnGap + m.right;
  const usedHeight = m.top + g.rows * g.labelHeight + (g.rows - 1) * g.rowGap + m.bottom;
  if (usedWidth > p.width + 0.01) problems.push(`grid is ${usedWidth} mm wide with margins, the page ${p.width} mm`);
  if (usedHeight > p.height + 0.01) problems.push(`grid is ${usedHeight} mm high with margins, the page ${p.height} mm`);
  if (2 * t.padding >= Math.min(g.labelWidth, g.labelHeight)) problems.push('padding leaves no room inside the label');
  if (!t.elements.code128.show && !t.elements.qr.show) problems.push('a label needs at least one barcode');
  if (!t.elements.code.show) problems.push('the code must be printed as text (elements.code.show)');
  if (t.elements.highRisk.show && !t.elements.category.show) problems.push('the high-risk badge sits on the category line: show the category too');

  if (problems.length > 0) throw invalid(name, problems);
  return t;
}

/** Label templates from <repo>/labels, read once each. */
@Injectable()
export class LabelTemplates {
  private readonly dir = findLabelTemplateDir();
  private readonly cache = new Map<string, LabelTemplate>();

  /** @throws LabelTemplateError (400 bad name, 404 unknown, 500 broken file) */
  get(name: unknown): LabelTemplate {
    assertTemplateName(name);
    let template = this.cache.get(name);
    if (!template) {
      template = loadLabelTemplate(name, this.dir);
      this.cache.set(name, template);
    }
    return template;
  }

  names(): string[] {
    return listLabelTemplates(this.dir);
  }
}
