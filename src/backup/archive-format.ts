import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { UnprocessableError } from '../common/errors.js';

/*
 * A Khlang backup file: gzip of the magic line, then frames of [kind: 1 byte][length: uint32 BE][payload]:
 *   H  header (JSON): what is known before the data — versions, migrations, tables and their columns
 *   T  table (JSON {name}): the data frames that follow are this table's
 *   D  data: COPY text-format bytes of the current table, in pieces of at most DATA_FRAME bytes
 *   M  manifest (JSON, last): the header plus, per table, rows, bytes and SHA-256, the sequences and
 *      the audit-log chain heads
 * Written and read front to back, so neither side holds a table in memory; a file cut short has no M.
 */

export const MAGIC = Buffer.from('KHLANG-BACKUP/1\n');
export const FORMAT_VERSION = 1;
export const DATA_FRAME = 256 * 1024;
const MAX_FRAME = 64 * 1024 * 1024;

export enum FrameKind {
  Header = 0x48,
  Table = 0x54,
  Data = 0x44,
  Manifest = 0x4d,
}

export interface Frame {
  kind: FrameKind;
  payload: Buffer;
}

export interface TableHeader {
  name: string;
  /** Columns in the data, in order (generated columns are left out: the database derives them). */
  columns: string[];
}

export interface ArchiveHeader {
  format: 'khlang-backup';
  formatVersion: number;
  khlangVersion: string;
  createdAt: string;
  postgres: { version: string; versionNum: number; database: string };
  /** Applied migrations in order: the schema the data belongs to. */
  migrations: string[];
  tables: TableHeader[];
}

export interface TableManifest extends TableHeader {
  rows: number;
  bytes: number;
  sha256: string;
  /** khlang_app's privileges on the table (SELECT,INSERT,…): what the migrations granted. */
  appPrivileges: string[];
  /** Enabled user triggers (append-only, business rules): the schema the data relies on. */
  triggers: string[];
}

export interface SequenceManifest {
  name: string;
  /** The identity or serial column it feeds, if any. */
  table: string | null;
  column: string | null;
  lastValue: number;
  isCalled: boolean;
}

export interface ChainHeadManifest {
  /** SYSTEM, or the station's id. */
  chain: string;
  station: string | null;
  seq: number;
  hash: string;
}

export interface ArchiveManifest extends Omit<ArchiveHeader, 'tables'> {
  tables: TableManifest[];
  sequences: SequenceManifest[];
  auditChains: ChainHeadManifest[];
}

/** The last migration of an archive (the schema its data needs). */
export function lastMigration(header: Pick<ArchiveHeader, 'migrations'>): string {
  return header.migrations[header.migrations.length - 1] ?? '';
}

function frameBytes(kind: FrameKind, payload: Buffer): Buffer[] {
  const head = Buffer.alloc(5);
  head[0] = kind;
  head.writeUInt32BE(payload.length, 1);
  return [head, payload];
}

/**
 * Writes an archive to a file, gzip'd, and keeps the SHA-256 and size of the bytes written (what the
 * operator records next to the file).
 */
export class ArchiveWriter {
  private readonly gzip = createGzip({ level: 6 });
  private readonly fileHash = createHash('sha256');
  private fileBytes = 0;
  private readonly finished: Promise<void>;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly opened: Promise<unknown>;

  /** A writer whose file is open: a path that cannot be written fails here, before any table is read. */
  static async open(path: string): Promise<ArchiveWriter> {
    const writer = new ArchiveWriter(path);
    await Promise.race([writer.opened, writer.finished]);
    return writer;
  }

  constructor(path: string) {
    const count = new Transform({
      transform: (chunk: Buffer, _encoding, callback) => {
        this.fileHash.update(chunk);
        this.fileBytes += chunk.length;
        callback(null, chunk);
      },
    });
    // Backups hold personal data and password hashes: readable by the owner only.
    const file = createWriteStream(path, { mode: 0o600 });
    this.opened = once(file, 'open');
    this.opened.catch(() => undefined);
    this.finished = pipeline(this.gzip, count, file);
    this.finished.catch(() => undefined);
    this.gzip.write(MAGIC);
  }

  private async push(parts: Buffer[]): Promise<void> {
    let ok = true;
    for (const part of parts) ok = this.gzip.write(part) && ok;
    if (!ok) await Promise.race([once(this.gzip, 'drain'), this.finished]);
  }

  async json(kind: FrameKind, value: unknown): Promise<void> {
    await this.flushData();
    await this.push(frameBytes(kind, Buffer.from(JSON.stringify(value))));
  }

  /** Table bytes, gathered into frames of DATA_FRAME bytes. */
  async data(chunk: Buffer): Promise<void> {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= DATA_FRAME) await this.flushData();
  }

  async flushData(): Promise<void> {
    if (!this.pendingBytes) return;
    const payload = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    await this.push(frameBytes(FrameKind.Data, payload));
  }

  async finish(): Promise<{ bytes: number; sha256: string }> {
    await this.flushData();
    this.gzip.end();
    await this.finished;
    return { bytes: this.fileBytes, sha256: this.fileHash.digest('hex') };
  }

  abort(): void {
    this.gzip.destroy();
  }
}

/** Bytes arriving in pieces, taken off the front in exact lengths without copying the whole. */
class ByteQueue {
  private chunks: Buffer[] = [];
  length = 0;

  push(chunk: Buffer): void {
    if (!chunk.length) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  take(n: number): Buffer {
    const first = this.chunks[0];
    if (first && first.length >= n) {
      this.chunks[0] = first.subarray(n);
      if (!this.chunks[0].length) this.chunks.shift();
      this.length -= n;
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    for (let filled = 0; filled < n; ) {
      const chunk = this.chunks[0];
      const k = Math.min(chunk.length, n - filled);
      chunk.copy(out, filled, 0, k);
      filled += k;
      if (k === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(k);
    }
    this.length -= n;
    return out;
  }
}

export const archiveErrors = {
  truncated: () =>
    new UnprocessableError('ARCHIVE_TRUNCATED', 'The backup file is incomplete (cut short): nothing was restored', 'ไฟล์สำรองข้อมูลไม่ครบ (ถูกตัดท้าย) จึงไม่ได้กู้คืนข้อมูลใด ๆ'),
  corrupt: (why: string) =>
    new UnprocessableError('ARCHIVE_CORRUPT', `The backup file is damaged (${why}): nothing was restored`, `ไฟล์สำรองข้อมูลเสียหาย (${why}) จึงไม่ได้กู้คืนข้อมูลใด ๆ`),
  notKhlang: () =>
    new UnprocessableError('ARCHIVE_NOT_KHLANG', 'This is not a Khlang backup file (format KHLANG-BACKUP/1)', 'ไฟล์นี้ไม่ใช่ไฟล์สำรองข้อมูลของระบบคลัง (รูปแบบ KHLANG-BACKUP/1)'),
};

/** A zlib error as the operator should read it: a file cut short, or damaged bytes. */
function zlibError(err: unknown): Error {
  const code = (err as { code?: string }).code;
  if (code === 'Z_BUF_ERROR') return archiveErrors.truncated();
  if (code?.startsWith('Z_')) return archiveErrors.corrupt(`gzip: ${(err as Error).message}`);
  return err as Error;
}

/** The frames of an archive, in order; a file cut short or damaged throws the matching error. */
export async function* readFrames(path: string, onFileBytes?: (chunk: Buffer) => void): AsyncGenerator<Frame> {
  const file = createReadStream(path);
  const gunzip = createGunzip();
  file.on('error', (err) => gunzip.destroy(err));
  if (onFileBytes) file.on('data', (chunk) => onFileBytes(chunk as Buffer));
  file.pipe(gunzip);
  const queue = new ByteQueue();
  let magicSeen = false;
  let head: Buffer | null = null;
  try {
    for await (const chunk of gunzip) {
      queue.push(chunk as Buffer);
      if (!magicSeen) {
        if (queue.length < MAGIC.length) continue;
        if (!queue.take(MAGIC.length).equals(MAGIC)) throw archiveErrors.notKhlang();
        magicSeen = true;
      }
      for (;;) {
        if (!head) {
          if (queue.length < 5) break;
          head = queue.take(5);
          if (!(head[0] in FrameKind) || head.readUInt32BE(1) > MAX_FRAME) throw archiveErrors.corrupt('unknown frame');
        }
        const length = head.readUInt32BE(1);
        if (queue.length < length) break;
        yield { kind: head[0] as FrameKind, payload: queue.take(length) };
        head = null;
      }
    }
  } catch (err) {
    throw zlibError(err);
  } finally {
    file.destroy();
    gunzip.destroy();
  }
  if (!magicSeen) throw queue.length ? archiveErrors.notKhlang() : archiveErrors.truncated();
  if (head || queue.length) throw archiveErrors.truncated();
}

/** Newlines in COPY text data: one per row (a newline inside a value is written as \n). */
export function countRows(chunk: Buffer): number {
  let rows = 0;
  for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) rows++;
  return rows;
}
