import { resolve } from 'node:path';
import { DomainError } from '../common/errors.js';
import { JsonLogger } from '../common/json-logger.js';
import { loadConfig } from '../config/config.js';
import { openOwnerDatabase } from '../database/runtime.js';
import type { ExistingData } from './backup-catalog.js';
import { createBackup } from './backup.js';
import { restoreBackup } from './restore.js';

type Options = Record<string, string | boolean | undefined>;

export const BACKUP_USAGE = 'usage: backup --out FILE';
export const RESTORE_USAGE = 'usage: restore FILE [--force]   (or: restore --in FILE [--force])';

/** The owner connection the other commands use: DATABASE_URL, or DATA_DIR's embedded server (a running one as is). */
async function withOwnerDatabase<T>(work: (ownerUrl: string) => Promise<T>): Promise<T> {
  const { ownerUrl, embedded } = await openOwnerDatabase(loadConfig(), new JsonLogger('warn'), { reuseRunning: true });
  try {
    return await work(ownerUrl);
  } finally {
    await embedded?.stop();
  }
}

/** A refusal or a failed check is exit 1, said in English and Thai; a usage mistake stays exit 2. */
function refused(err: unknown): number {
  if (!(err instanceof DomainError)) throw err;
  console.error(`${err.message} / ${err.messageTh}`);
  return 1;
}

function replacing(existing: ExistingData): string {
  const stations = existing.stations.join(', ') || '-';
  const tables = existing.tables.map((t) => `${t.name} ${t.rows}`).join(', ');
  const schema = existing.migrations[existing.migrations.length - 1] ?? '-';
  return [
    `--force: แทนที่ข้อมูลทั้งหมดในฐานข้อมูลนี้ด้วยข้อมูลจากไฟล์สำรอง: สถานี ${stations}; จำนวนแถว ${tables}; โครงสร้างถึง ${schema}`,
    `--force: replacing all the data in this database with the backup's: stations ${stations}; rows ${tables}; schema at ${schema}`,
  ].join('\n');
}

/** `backup --out FILE`: prints the summary (tables, rows, bytes, SHA-256 of the file) as one JSON line. */
export async function backupCommand(options: Options): Promise<number> {
  if (typeof options.out !== 'string') {
    console.error(BACKUP_USAGE);
    return 2;
  }
  const out = resolve(options.out);
  try {
    console.log(JSON.stringify(await withOwnerDatabase((ownerUrl) => createBackup(ownerUrl, out))));
    return 0;
  } catch (err) {
    return refused(err);
  }
}

/** `restore FILE [--force]`: says on stderr what --force replaces, prints the summary as one JSON line. */
export async function restoreCommand(options: Options, positionals: string[]): Promise<number> {
  const files = [...positionals, ...(typeof options.in === 'string' ? [options.in] : [])];
  if (files.length !== 1) {
    console.error(RESTORE_USAGE);
    return 2;
  }
  const file = resolve(files[0]);
  const force = options.force === true;
  try {
    const summary = await withOwnerDatabase((ownerUrl) => restoreBackup(ownerUrl, file, { force, onReplace: (existing) => console.error(replacing(existing)) }));
    console.log(JSON.stringify(summary));
    return 0;
  } catch (err) {
    return refused(err);
  }
}
