import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import bwipjs from 'bwip-js';
import { crc32, deflateSync } from 'node:zlib';
import { DomainError } from '../common/errors.js';
import { BarcodeWorkerPool, type RawSymbol } from './barcode-worker-pool.js';

export type Symbology = 'code128' | 'qrcode' | 'datamatrix';
export const SYMBOLOGIES: readonly Symbology[] = ['code128', 'qrcode', 'datamatrix'];

/** Quiet zones in modules: ISO/IEC 15417 (Code 128) 10X, ISO/IEC 18004 (QR) 4X, ISO/IEC 16022 1X (2X here). */
const QUIET_ZONE: Record<Symbology, number> = { code128: 10, qrcode: 4, datamatrix: 2 };
const MAX_TEXT = 80;
const PRINTABLE_ASCII = /^[\x20-\x7E]+$/;

/** A symbol as modules (no quiet zone): `dark[row * columns + column]`, a 1D symbol has one row. */
export interface BarcodeSymbol {
  symbology: Symbology;
  text: string;
  columns: number;
  rows: number;
  /** Shared with the encoding cache: read, never write. */
  readonly dark: Uint8Array;
}

export interface BarcodePngOptions {
  /** Pixels per module (default 4). */
  scale?: number;
  /** Pixels per module vertically (default `scale`): 1 for a Code 128 that a PDF stretches to height. */
  scaleY?: number;
  /** Quiet zone in modules on every side of a 2D symbol, left and right of a 1D one (default: the standard's). */
  quietZone?: number;
  /** Code 128 only: bar height in modules (default 40), plus `verticalMargin` above and below. */
  barHeight?: number;
  /** Code 128 only: white modules above and below the bars (default 2). */
  verticalMargin?: number;
}

/** A PNG with the geometry needed to place it: sizes in pixels and in modules (quiet zone included). */
export interface BarcodeImage {
  png: Buffer;
  widthPx: number;
  heightPx: number;
  modulesWide: number;
  modulesHigh: number;
  quietZone: number;
}

/** Refused input (empty, too long, not printable ASCII, or not encodable): a 422 for the caller. */
export class BarcodeError extends DomainError {
  constructor(message: string, details?: unknown) {
    super(422, 'BARCODE_UNENCODABLE', message, 'ไม่สามารถสร้างบาร์โค้ดจากรหัสนี้ได้', details);
  }
}

/**
 * bwip-js (BWIPP) encodes; this class rasterises the modules itself into a 1-bit greyscale PNG with a
 * white background and quiet zones. Why not bwip-js's own PNG: it is RGBA (transparent by default, which
 * zbar cannot read; pdfkit must split the alpha channel of every image, slowly) and several times slower.
 */
@Injectable()
export class BarcodeRenderer implements OnModuleDestroy {
  /** Encoding a QR code costs BWIPP ~1.5 ms; labels are reprinted, so recent symbols are kept. */
  private readonly cache = new Map<string, BarcodeSymbol>();
  private static readonly CACHE_SIZE = 20_000;
  /** Below this many new symbols, starting workers costs more than it saves. */
  static readonly WORKER_BATCH = 64;
  private readonly pool = new BarcodeWorkerPool();

  async onModuleDestroy(): Promise<void> {
    await this.pool.close();
  }

  /**
   * Encodes many texts, as `encode` would; big batches of new ones are encoded on worker threads.
   * @throws BarcodeError for the first text that cannot be encoded
   */
  async encodeMany(texts: string[], symbology: Symbology): Promise<BarcodeSymbol[]> {
    for (const text of texts) checkText(text, symbology);
    const missing = [...new Set(texts)].filter((t) => !this.cache.has(cacheKey(symbology, t)));
    if (missing.length >= BarcodeRenderer.WORKER_BATCH && this.pool.size > 1) {
      let raws: RawSymbol[] | undefined;
      try {
        raws = await this.pool.encode(symbology, missing);
      } catch {
        raws = undefined; // a failed worker: encode here instead
      }
      raws?.forEach((raw, i) => {
        if (raw.error) throw new BarcodeError(`Cannot encode '${missing[i]}' as ${symbology}: ${raw.error}`, { text: missing[i], symbology });
        this.remember(cacheKey(symbology, missing[i]), toSymbol(raw, missing[i], symbology));
      });
    }
    return texts.map((text) => this.encode(text, symbology));
  }

  /** Encodes `text` (printable ASCII, 1–80 characters) into modules. */
  encode(text: string, symbology: Symbology): BarcodeSymbol {
    const key = cacheKey(symbology, text);
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key); // move to the most recent end
      this.cache.set(key, hit);
      return hit;
    }
    checkText(text, symbology);
    let raw: RawSymbol;
    try {
      raw = bwipjs.raw(symbology, text, '')[0];
    } catch (err) {
      throw new BarcodeError(`Cannot encode '${text}' as ${symbology}: ${String(err)}`, { text, symbology });
    }
    return this.remember(key, toSymbol(raw, text, symbology));
  }

  private remember(key: string, symbol: BarcodeSymbol): BarcodeSymbol {
    this.cache.set(key, symbol);
    if (this.cache.size > BarcodeRenderer.CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    return symbol;
  }

  /** PNG (white background, quiet zones) of `text`; 4 px per module unless `options.scale`. */
  png(text: string, symbology: Symbology, options: BarcodePngOptions = {}): Buffer {
    return this.image(text, symbology, options).png;
  }

  /** The same PNG with its geometry, for placing in a PDF at a chosen module size. */
  image(text: string, symbology: Symbology, options: BarcodePngOptions = {}): BarcodeImage {
    return this.rasterise(this.encode(text, symbology), options);
  }

  rasterise(symbol: BarcodeSymbol, options: BarcodePngOptions = {}): BarcodeImage {
    const scale = Math.max(1, Math.round(options.scale ?? 4));
    const scaleY = Math.max(1, Math.round(options.scaleY ?? scale));
    const qz = Math.max(0, Math.round(options.quietZone ?? QUIET_ZONE[symbol.symbology]));
    const linear = symbol.rows === 1 && symbol.symbology === 'code128';
    const marginY = linear ? Math.max(0, Math.round(options.verticalMargin ?? 2)) : qz;
    const moduleRows = linear ? Math.max(1, Math.round(options.barHeight ?? 40)) : symbol.rows;
    const modulesWide = symbol.columns + 2 * qz;
    const modulesHigh = moduleRows + 2 * marginY;
    const widthPx = modulesWide * scale;
    const heightPx = modulesHigh * scaleY;

    // Each scanline: filter byte 0, then 1 bit per pixel, 1 = white (greyscale bit depth 1).
    const stride = 1 + Math.ceil(widthPx / 8);
    const white = Buffer.alloc(stride, 0xff);
    white[0] = 0;
    const raw = Buffer.alloc(stride * heightPx);
    const line = Buffer.alloc(stride);
    for (let my = 0; my < modulesHigh; my++) {
      const symbolRow = linear ? 0 : my - marginY;
      const inside = linear ? my >= marginY && my < marginY + moduleRows : symbolRow >= 0 && symbolRow < symbol.rows;
      let source = white;
      if (inside) {
        white.copy(line);
        for (let mx = 0; mx < symbol.columns; mx++) {
          if (!symbol.dark[symbolRow * symbol.columns + mx]) continue;
          const x0 = (mx + qz) * scale;
          for (let px = x0; px < x0 + scale; px++) line[1 + (px >> 3)] &= ~(0x80 >> (px & 7));
        }
        source = line;
      }
      for (let r = 0; r < scaleY; r++) source.copy(raw, (my * scaleY + r) * stride);
    }
    const png = encodePng(widthPx, heightPx, raw);
    return { png, widthPx, heightPx, modulesWide, modulesHigh, quietZone: qz };
  }
}

function cacheKey(symbology: Symbology, text: string) {
  return `${symbology}\u0000${text}`;
}

function checkText(text: string, symbology: Symbology) {
  if (!SYMBOLOGIES.includes(symbology)) throw new BarcodeError(`Unknown symbology '${String(symbology)}'`);
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_TEXT || !PRINTABLE_ASCII.test(text)) {
    throw new BarcodeError(`A barcode text is 1-${MAX_TEXT} printable ASCII characters`, { text });
  }
}

/** bwip-js's raw output as modules: space/bar widths for Code 128, a pixel matrix for 2D. */
function toSymbol(raw: RawSymbol, text: string, symbology: Symbology): BarcodeSymbol {
  if (symbology === 'code128') {
    const sbs = raw.sbs ?? [];
    const columns = sbs.reduce((a, b) => a + b, 0);
    const dark = new Uint8Array(columns);
    let x = 0;
    sbs.forEach((width, i) => {
      if (i % 2 === 0) dark.fill(1, x, x + width); // bars at even indexes, spaces at odd
      x += width;
    });
    return { symbology, text, columns, rows: 1, dark };
  }
  return { symbology, text, columns: raw.pixx ?? 0, rows: raw.pixy ?? 0, dark: Uint8Array.from(raw.pixs ?? []) };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A 1-bit greyscale PNG from filtered scanlines (filter type 0 on every line). */
function encodePng(width: number, height: number, scanlines: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  ihdr[10] = 0; // deflate
  ihdr[11] = 0; // filter method
  ihdr[12] = 0; // no interlace
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(scanlines, { level: 1 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
