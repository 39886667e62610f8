import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  findLabelTemplateDir,
  LabelTemplateError,
  LabelTemplates,
  listLabelTemplates,
  loadLabelTemplate,
  parseLabelTemplate,
} from './label-templates.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

describe('label templates', () => {
  it('finds <repo>/labels from src/labels (jest) and from dist/src/labels (node)', () => {
    expect(findLabelTemplateDir()).toBe(join(ROOT, 'labels'));
    expect(findLabelTemplateDir(join(ROOT, 'dist', 'src', 'labels'))).toBe(join(ROOT, 'labels'));
  });

  it('lists and loads the A4 3 × 8 and the thermal 50 × 30 templates', () => {
    expect(listLabelTemplates()).toEqual(expect.arrayContaining(['a4-3x8', 'thermal-50x30']));
    const a4 = loadLabelTemplate('a4-3x8');
    expect(a4.page).toEqual({ width: 210, height: 297 });
    expect(a4.grid).toMatchObject({ columns: 3, rows: 8, labelWidth: 70, labelHeight: 37 });
    const thermal = new LabelTemplates().get('thermal-50x30');
    expect(thermal.grid).toMatchObject({ columns: 1, rows: 1, labelWidth: 50, labelHeight: 30 });
    expect(thermal.elements.code128.show && thermal.elements.qr.show).toBe(true);
  });

  it.each(['../../etc/passwd', '..', 'a4-3x8/../a4-3x8', 'a4-3x8.json', 'A4-3X8', 'a4_3x8', '', ' a4-3x8', 'a4-3x8\0', '%2e%2e', 'x'.repeat(65)])(
    'refuses the name %j with a 400 before touching the file system',
    (name) => {
      expect(errorOf(() => loadLabelTemplate(name))).toMatchObject({ status: 400, code: 'LABEL_TEMPLATE_NAME_INVALID' });
      expect(errorOf(() => new LabelTemplates().get(name))).toBeInstanceOf(LabelTemplateError);
    },
  );

  it('refuses a name that is not a string', () => {
    expect(errorOf(() => new LabelTemplates().get(['a4-3x8']))).toMatchObject({ status: 400 });
    expect(errorOf(() => new LabelTemplates().get(undefined))).toMatchObject({ status: 400 });
  });

  it('answers an unknown name with a 404 listing the templates there are', () => {
    const err = errorOf(() => loadLabelTemplate('a4-4x10'));
    expect(err).toMatchObject({ status: 404, code: 'LABEL_TEMPLATE_NOT_FOUND' });
    expect((err as LabelTemplateError).details).toMatchObject({ available: expect.arrayContaining(['a4-3x8']) });
  });

  it('lists every problem of a malformed template', () => {
    const good = JSON.parse(readFileSync(join(ROOT, 'labels', 'a4-3x8.json'), 'utf8'));
    const bad = {
      ...good,
      grid: { ...good.grid, columns: 4, rows: 'eight' },
      padding: -1,
      elements: { ...good.elements, qr: { show: false, size: 17 }, code128: { show: false, height: 7 }, description: { fontSize: 8, maxLines: 0 } },
    };
    const err = errorOf(() => parseLabelTemplate('a4-3x8', bad)) as LabelTemplateError;
    expect(err).toMatchObject({ status: 500, code: 'LABEL_TEMPLATE_INVALID' });
    const problems = (err.details as { problems: string[] }).problems.join('\n');
    expect(problems).toMatch(/grid\.rows/);
    expect(problems).toMatch(/padding/);
    expect(problems).toMatch(/description\.maxLines/);
    expect(problems).toMatch(/grid is 280 mm wide/);
    expect(problems).toMatch(/at least one barcode/);
    expect(errorOf(() => parseLabelTemplate('x', [1, 2]))).toMatchObject({ code: 'LABEL_TEMPLATE_INVALID' });
    expect(errorOf(() => parseLabelTemplate('other-name', good))).toMatchObject({ code: 'LABEL_TEMPLATE_INVALID' });
  });
});
