import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BarcodeError, BarcodeRenderer, type Symbology } from './barcode-renderer.js';

/** A missing decoder fails the suite (CI installs it); it never skips. */
function requireTool(command: string, debianPackage: string) {
  const probe = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(`${command} is not installed: install ${debianPackage} (apt-get install -y ${debianPackage}); CI installs it`);
  }
}

/** zbarimg's decoded texts, one per symbol found. */
function zbar(file: string): string[] {
  const run = spawnSync('zbarimg', ['-q', '--nodbus', '--raw', file], { encoding: 'utf8' });
  if (run.status !== 0) return []; // zbarimg exits 4 when it finds no symbol
  return run.stdout.split('\n').filter((l) => l.length > 0);
}

function pngHeader(png: Buffer) {
  return {
    signature: png.subarray(0, 8).toString('hex'),
    chunk: png.subarray(12, 16).toString('latin1'),
    width: png.readUInt32BE(16),
    height: png.readUInt32BE(20),
    bitDepth: png[24],
    colourType: png[25],
  };
}

// Station codes of several lengths, the four categories, Buddhist-era years, short and long sequences.
const CODES = [
  'BKM-EV69-000123',
  'BKM-GP68-000001',
  'CMI-WP70-999999',
  'NKP-DN69-000042',
  'BKKNONGKHAEM-EV69-000007',
  'BKM-EV69-1234567890',
  'LOC-ARMORY.01',
  'A1',
];

describe('BarcodeRenderer', () => {
  const renderer = new BarcodeRenderer();
  let dir: string;

  beforeAll(() => {
    requireTool('zbarimg', 'zbar-tools');
    dir = mkdtempSync(join(tmpdir(), 'khlang-barcodes-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe.each<Symbology>(['code128', 'qrcode'])('%s', (symbology) => {
    it.each(CODES)('decodes back to exactly %s', (code) => {
      const file = join(dir, `${symbology}-${code}.png`);
      writeFileSync(file, renderer.png(code, symbology));
      expect(zbar(file)).toEqual([code]);
    });

    it('decodes at 2 pixels per module too', () => {
      const file = join(dir, `${symbology}-scale1.png`);
      writeFileSync(file, renderer.png(CODES[0], symbology, { scale: 2 }));
      expect(zbar(file)).toEqual([CODES[0]]);
    });
  });

  it('writes opaque 1-bit greyscale PNGs (a transparent background decodes to nothing in zbar)', () => {
    const header = pngHeader(renderer.png(CODES[0], 'qrcode'));
    expect(header).toMatchObject({ signature: '89504e470d0a1a0a', chunk: 'IHDR', bitDepth: 1, colourType: 0 });
  });

  it('adds the quiet zones of each standard around the modules', () => {
    const code128 = renderer.image(CODES[0], 'code128', { scale: 3 });
    const symbol = renderer.encode(CODES[0], 'code128');
    expect(code128.quietZone).toBe(10);
    expect(code128.widthPx).toBe((symbol.columns + 20) * 3);
    const qr = renderer.image(CODES[0], 'qrcode', { scale: 3 });
    expect(qr.quietZone).toBe(4);
    expect(qr.modulesWide).toBe(21 + 8); // version 1 fits a 15-character code
    expect(qr.widthPx).toBe(qr.heightPx);
  });

  // zbar cannot read DataMatrix (STACK-NOTES "Barcodes"), so only its shape is checked: a valid,
  // square PNG of the symbol's module count plus a 2-module quiet zone, with dark and light modules.
  it.each(CODES)('renders a square DataMatrix PNG of the right size for %s', (code) => {
    const symbol = renderer.encode(code, 'datamatrix');
    expect(symbol.rows).toBe(symbol.columns);
    expect(symbol.rows).toBeGreaterThanOrEqual(10);
    const dark = symbol.dark.reduce((n, v) => n + v, 0);
    expect(dark).toBeGreaterThan(symbol.dark.length / 4);
    expect(dark).toBeLessThan(symbol.dark.length);
    const png = renderer.png(code, 'datamatrix', { scale: 5 });
    const header = pngHeader(png);
    expect(header).toMatchObject({ signature: '89504e470d0a1a0a', chunk: 'IHDR', bitDepth: 1, colourType: 0 });
    expect(header.width).toBe((symbol.columns + 4) * 5);
    expect(header.height).toBe((symbol.rows + 4) * 5);
    expect(png.subarray(-8, -4).toString('latin1')).toBe('IEND');
  });

  it('encodes a big batch on worker threads to the same modules as one at a time', async () => {
    const texts = Array.from({ length: 3 * BarcodeRenderer.WORKER_BATCH }, (_, i) => `NKP-WP69-${String(i * 7).padStart(6, '0')}`);
    const batch = new BarcodeRenderer();
    try {
      const many = await batch.encodeMany([...texts, texts[0]], 'qrcode');
      expect(many).toHaveLength(texts.length + 1);
      const oneByOne = new BarcodeRenderer();
      texts.forEach((text, i) => expect(many[i]).toEqual(oneByOne.encode(text, 'qrcode')));
      expect(many[texts.length]).toBe(many[0]);
      await expect(batch.encodeMany([...texts.slice(0, 70), 'ไม่ใช่รหัส'], 'code128')).rejects.toBeInstanceOf(BarcodeError);
    } finally {
      await batch.onModuleDestroy();
    }
  });

  it('refuses texts that are empty, too long or not printable ASCII with a 422', () => {
    for (const bad of ['', 'ของกลาง-001', 'A\nB', 'X'.repeat(81)]) {
      expect(() => renderer.png(bad, 'code128')).toThrow(BarcodeError);
    }
    let error: unknown;
    try {
      renderer.png('', 'qrcode');
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({ status: 422, code: 'BARCODE_UNENCODABLE' });
  });
});
