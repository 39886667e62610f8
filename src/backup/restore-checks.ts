import type pg from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditLogRepository } from '../audit-log/audit-log.repository.js';
import { AuditLogService, SYSTEM_CHAIN } from '../audit-log/audit-log.service.js';
import { UnprocessableError } from '../common/errors.js';
import type { ArchiveManifest } from './archive-format.js';
import { type CatalogTable, listTables, qualified, readChainHeads } from './backup-catalog.js';

/** The archive fits this schema: the same tables, with the same columns. */
export function checkSchemaFits(target: CatalogTable[], manifest: ArchiveManifest): void {
  const problems: string[] = [];
  const archived = new Map(manifest.tables.map((t) => [t.name, t]));
  for (const table of target) {
    const theirs = archived.get(table.name);
    if (!theirs) problems.push(`table ${table.name} is not in the backup`);
    else if (theirs.columns.join() !== table.columns.join()) problems.push(`table ${table.name}: columns ${theirs.columns.join(',')} in the backup, ${table.columns.join(',')} here`);
  }
  for (const name of archived.keys()) if (!target.some((t) => t.name === name)) problems.push(`table ${name} of the backup does not exist here`);
  if (problems.length) {
    throw new UnprocessableError(
      'SCHEMA_MISMATCH',
      `The backup does not fit the schema of its migrations here: ${problems.join('; ')}`,
      `ข้อมูลในไฟล์สำรองไม่ตรงกับโครงสร้างฐานข้อมูล: ${problems.join('; ')}`,
    );
  }
}

/** AuditLogService reading through this transaction: it sees the rows loaded but not yet committed. */
export function auditLogOn(manager: EntityManager): AuditLogService {
  const inTransaction = { query: (sql: string, params?: unknown[]) => manager.query(sql, params) } as unknown as DataSource;
  return new AuditLogService(new AuditLogRepository(inTransaction));
}

async function rowCountProblems(client: pg.ClientBase, manifest: ArchiveManifest): Promise<string[]> {
  const problems: string[] = [];
  for (const table of manifest.tables) {
    const [{ n }] = (await client.query(`SELECT count(*)::bigint AS n FROM ${qualified(table.name)}`)).rows;
    if (Number(n) !== table.rows) problems.push(`${table.name}: ${n} rows, backup ${table.rows}`);
  }
  return problems;
}

/** Every chain — the system chain and each station's — recomputes and ends where the backup's did. */
async function chainProblems(client: pg.ClientBase, auditLog: AuditLogService, manifest: ArchiveManifest): Promise<string[]> {
  const problems: string[] = [];
  const heads = await readChainHeads(client);
  if (JSON.stringify(heads) !== JSON.stringify(manifest.auditChains)) problems.push('the audit-log chain heads differ from the backup');
  for (const chain of manifest.auditChains) {
    const label = chain.station ?? chain.chain;
    // Not recorded as a checkpoint: the restored tables stay exactly the backup's (the restore's own row says it verified).
    const result = await auditLog.verify(chain.chain === SYSTEM_CHAIN ? null : chain.chain, { record: false });
    if (!result.ok) problems.push(`audit-log chain ${label} is broken at seq ${result.firstBadSeq}${result.problem ? ` (${result.problem})` : ''}`);
    else if (result.headSeq !== chain.seq || result.headHash !== chain.hash) problems.push(`audit-log chain ${label} ends at seq ${result.headSeq}, backup ${chain.seq}`);
  }
  return problems;
}

/** khlang_app has on each table the privileges the backup recorded, and the same triggers guard it. */
async function guardProblems(client: pg.ClientBase, manifest: ArchiveManifest): Promise<string[]> {
  const here = new Map((await listTables(client)).map((t) => [t.name, t]));
  const problems: string[] = [];
  for (const table of manifest.tables) {
    const mine = here.get(table.name);
    if (mine?.appPrivileges.join() !== table.appPrivileges.join()) problems.push(`${table.name}: khlang_app may ${mine?.appPrivileges.join(',') || 'nothing'}, backup ${table.appPrivileges.join(',') || 'nothing'}`);
    if (mine?.triggers.join() !== table.triggers.join()) problems.push(`${table.name}: triggers ${mine?.triggers.join(',') || 'none'}, backup ${table.triggers.join(',') || 'none'}`);
  }
  return problems;
}

/**
 * Checks the loaded database inside the restore's transaction: row counts as in the manifest, every
 * audit-log chain verified to the backup's head, the app role's grants and the triggers as they were.
 * Any difference throws, and the caller rolls the whole restore back.
 */
export async function checkRestored(client: pg.ClientBase, manager: EntityManager, manifest: ArchiveManifest): Promise<void> {
  const problems = [
    ...(await rowCountProblems(client, manifest)),
    ...(await chainProblems(client, auditLogOn(manager), manifest)),
    ...(await guardProblems(client, manifest)),
  ];
  if (problems.length) {
    throw new UnprocessableError(
      'RESTORE_VERIFY_FAILED',
      `The restored data did not verify, so the restore was rolled back: ${problems.join('; ')}`,
      `ข้อมูลที่กู้คืนตรวจสอบไม่ผ่าน จึงยกเลิกการกู้คืนทั้งหมด: ${problems.join('; ')}`,
      problems,
    );
  }
}
