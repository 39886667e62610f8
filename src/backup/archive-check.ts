import { createHash } from 'node:crypto';
import { access } from 'node:fs/promises';
import { NotFoundError, UnprocessableError } from '../common/errors.js';
import {
  type ArchiveHeader,
  type ArchiveManifest,
  archiveErrors,
  countRows,
  FORMAT_VERSION,
  type Frame,
  FrameKind,
  readFrames,
  type TableHeader,
} from './archive-format.js';

export interface CheckedArchive {
  manifest: ArchiveManifest;
  /** SHA-256 and size of the file as read. */
  sha256: string;
  bytes: number;
}

function parseJson<T>(frame: Frame): T {
  try {
    return JSON.parse(frame.payload.toString('utf8')) as T;
  } catch {
    throw archiveErrors.corrupt('unreadable JSON frame');
  }
}

export const tamperedTable = (table: string, what: string) =>
  new UnprocessableError(
    'ARCHIVE_TAMPERED',
    `The data of table ${table} does not match the backup's manifest (${what}): the file was changed after the backup; nothing was restored`,
    `ข้อมูลตาราง ${table} ไม่ตรงกับบัญชีรายการของไฟล์สำรอง (${what}) แสดงว่าไฟล์ถูกแก้ไขหลังการสำรองข้อมูล จึงไม่ได้กู้คืนข้อมูลใด ๆ`,
  );

async function mustExist(path: string): Promise<void> {
  await access(path).catch(() => {
    throw new NotFoundError(`Backup file ${path}`, `ไฟล์สำรองข้อมูล ${path}`);
  });
}

/** The header alone (the first frame): enough to refuse a backup this code cannot restore, before reading it all. */
export async function readHeader(path: string): Promise<ArchiveHeader> {
  await mustExist(path);
  for await (const frame of readFrames(path)) {
    if (frame.kind !== FrameKind.Header) break;
    const header = parseJson<ArchiveHeader>(frame);
    if (header.format !== 'khlang-backup' || header.formatVersion !== FORMAT_VERSION) {
      throw new UnprocessableError(
        'ARCHIVE_FORMAT_UNSUPPORTED',
        `Backup format ${header.format} version ${header.formatVersion} is not the one this Khlang reads (${FORMAT_VERSION})`,
        `ไฟล์สำรองข้อมูลรูปแบบ ${header.format} รุ่น ${header.formatVersion} ไม่ใช่รุ่นที่ระบบคลังนี้อ่านได้ (${FORMAT_VERSION})`,
      );
    }
    return header;
  }
  throw archiveErrors.corrupt('no header');
}

interface TableTally {
  name: string;
  hash: ReturnType<typeof createHash>;
  bytes: number;
  rows: number;
}

/** The manifest says what the header said, for every table in the order the data came. */
function checkManifest(header: ArchiveHeader, manifest: ArchiveManifest, seen: TableTally[]): void {
  const shape = (tables: TableHeader[]) => JSON.stringify(tables.map((t) => [t.name, t.columns]));
  if (
    shape(header.tables) !== shape(manifest.tables) ||
    JSON.stringify(header.migrations) !== JSON.stringify(manifest.migrations) ||
    seen.map((t) => t.name).join() !== manifest.tables.map((t) => t.name).join()
  ) {
    throw archiveErrors.corrupt('the manifest does not describe the data');
  }
  manifest.tables.forEach((table, i) => {
    const tally = seen[i];
    if (tally.hash.digest('hex') !== table.sha256) throw tamperedTable(table.name, 'SHA-256');
    if (tally.bytes !== table.bytes || tally.rows !== table.rows) throw tamperedTable(table.name, `${tally.rows} rows, manifest ${table.rows}`);
  });
}

/**
 * Reads a whole archive before anything is written: its structure, every table's SHA-256, bytes and rows
 * against the manifest, and that the manifest is the last thing in it (a file cut short has none).
 */
export async function checkArchive(path: string): Promise<CheckedArchive> {
  await mustExist(path);
  const fileHash = createHash('sha256');
  let fileBytes = 0;
  let header: ArchiveHeader | undefined;
  let manifest: ArchiveManifest | undefined;
  const seen: TableTally[] = [];
  for await (const frame of readFrames(path, (chunk) => {
    fileHash.update(chunk);
    fileBytes += chunk.length;
  })) {
    if (manifest) throw archiveErrors.corrupt('data after the manifest');
    if (!header && frame.kind !== FrameKind.Header) throw archiveErrors.corrupt('no header');
    switch (frame.kind) {
      case FrameKind.Header:
        if (header) throw archiveErrors.corrupt('two headers');
        header = parseJson<ArchiveHeader>(frame);
        break;
      case FrameKind.Table:
        seen.push({ name: parseJson<{ name: string }>(frame).name, hash: createHash('sha256'), bytes: 0, rows: 0 });
        break;
      case FrameKind.Data: {
        const table = seen[seen.length - 1];
        if (!table) throw archiveErrors.corrupt('data before any table');
        table.hash.update(frame.payload);
        table.bytes += frame.payload.length;
        table.rows += countRows(frame.payload);
        break;
      }
      case FrameKind.Manifest:
        manifest = parseJson<ArchiveManifest>(frame);
        break;
    }
  }
  if (!header || !manifest) throw archiveErrors.truncated();
  checkManifest(header, manifest, seen);
  return { manifest, sha256: fileHash.digest('hex'), bytes: fileBytes };
}
