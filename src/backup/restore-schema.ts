import type pg from 'pg';
import { type DataSource, MigrationExecutor, type MigrationInterface, type QueryRunner } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { UnprocessableError } from '../common/errors.js';
import { dropSchemaObjects } from './backup-catalog.js';

/** This code's migrations by name, in order (the names the migrations table records). */
export function codeMigrations(): string[] {
  return MIGRATIONS.map((m) => new (m as new () => MigrationInterface)().name ?? m.name);
}

const timestampOf = (name: string) => Number(/(\d{13})$/.exec(name)?.[1] ?? 0);

/**
 * The migrations this code runs after the backup's schema. A backup whose migrations this code does not
 * have — made by a newer Khlang, or by another branch — is refused: its data may not fit this schema.
 */
export function migrationsAfter(archived: string[]): string[] {
  const ours = codeMigrations();
  const lastOurs = ours[ours.length - 1];
  archived.forEach((name, i) => {
    if (ours[i] === name) return;
    if (!ours.includes(name) && timestampOf(name) > timestampOf(lastOurs)) {
      throw new UnprocessableError(
        'BACKUP_NEWER_THAN_CODE',
        `The backup was made by a newer Khlang: its schema is at migration ${archived[archived.length - 1]}, this code knows up to ${lastOurs}. Restore it with that version or newer.`,
        `ไฟล์สำรองนี้สร้างจากระบบคลังรุ่นใหม่กว่า (โครงสร้างถึง ${archived[archived.length - 1]} แต่โปรแกรมนี้รู้จักถึง ${lastOurs} เท่านั้น) กรุณากู้คืนด้วยโปรแกรมรุ่นเดียวกันหรือใหม่กว่า`,
      );
    }
    throw new UnprocessableError(
      'BACKUP_MIGRATIONS_DIFFER',
      `The backup's migrations differ from this code's at number ${i + 1} (${name}, here ${ours[i] ?? 'none'})`,
      `ลำดับการปรับโครงสร้างฐานข้อมูลของไฟล์สำรองไม่ตรงกับโปรแกรมนี้ที่ลำดับ ${i + 1} (${name} แต่ที่นี่เป็น ${ours[i] ?? 'ไม่มี'})`,
    );
  });
  if (!archived.length) throw new UnprocessableError('ARCHIVE_NO_MIGRATIONS', 'The backup names no migrations', 'ไฟล์สำรองไม่ระบุโครงสร้างฐานข้อมูล');
  return ours.slice(archived.length);
}

/**
 * Creates the backup's schema on the runner's open transaction: drops whatever the schema held, then runs
 * this code's migrations up to the backup's last one with TypeORM's executor (as `runMigrations` does at
 * boot, but stopping there: the data is loaded into the schema it was written from).
 */
export async function createSchemaAt(runner: QueryRunner, dataSource: DataSource, client: pg.ClientBase, migrations: string[]): Promise<void> {
  await dropSchemaObjects(client);
  const executor = new MigrationExecutor(dataSource, runner);
  executor.transaction = 'none';
  const wanted = new Set(migrations);
  for (const migration of await executor.getPendingMigrations()) {
    if (wanted.has(migration.name)) await executor.executeMigration(migration);
  }
}
