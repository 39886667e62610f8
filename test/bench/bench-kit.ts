import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { ensureDatabase, runMigrations } from '../../src/database/migrate.js';

export interface BenchDatabase {
  /** Owner URL of a fresh, migrated database. */
  url: string;
  serverUrl: string;
  close(): Promise<void>;
}

/** A fresh migrated database: on BENCH_DATABASE_URL's server, or on an embedded cluster under .bench-data/. */
export async function benchDatabase(): Promise<BenchDatabase> {
  let embedded: EmbeddedPostgresHandle | undefined;
  let serverUrl = process.env.BENCH_DATABASE_URL;
  if (!serverUrl) {
    embedded = await startEmbeddedPostgres({
      dir: resolve('.bench-data', 'pg'),
      port: Number(process.env.BENCH_PG_PORT ?? 54399),
    });
    serverUrl = embedded.adminUrl;
  }
  const url = new URL(serverUrl);
  url.pathname = `/khlang_bench_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(url.toString());
  await runMigrations(url.toString());
  return {
    url: url.toString(),
    serverUrl,
    close: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${url.pathname.slice(1)}" WITH (FORCE)`);
      await client.end();
      await embedded?.stop();
    },
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Runs `clients` loops calling `op` until `seconds` pass; returns completed operations per second.
 * Bounded in time and count, and only ever talks to the local database.
 */
export async function throughput(clients: number, seconds: number, op: (client: number, i: number) => Promise<void>): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; performance.now() < deadline && i < 1_000_000; i++) {
        await op(c, i);
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

export function writeResult(name: string, result: unknown): string {
  const dir = resolve('bench-results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  return file;
}
