import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
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

export interface MemoryPeak {
  /** RSS of the whole process (app, drivers, this bench), sampled by a worker thread. */
  rssBeforeMB: number;
  rssPeakMB: number;
  rssGrowthMB: number;
  /** The main thread's V8 heap in use, sampled on the main thread. */
  heapBeforeMB: number;
  heapPeakMB: number;
  heapGrowthMB: number;
  rssSamples: number;
  heapSamples: number;
}

/**
 * The RSS sampler's body, run from its source text in a worker: its own event loop keeps sampling while
 * the main thread is busy in synchronous code (a PDF layout, a workbook's zip), which a timer on the
 * main thread would wait out.
 */
function rssSampler(wt: typeof import('node:worker_threads')): void {
  const { intervalMs } = wt.workerData as { intervalMs: number };
  let peak = process.memoryUsage.rss();
  let samples = 0;
  const timer = setInterval(() => {
    const rss = process.memoryUsage.rss();
    if (rss > peak) peak = rss;
    samples++;
  }, intervalMs);
  wt.parentPort!.on('message', (message: string) => {
    if (message === 'reset') {
      peak = process.memoryUsage.rss();
      samples = 0;
      wt.parentPort!.postMessage({ reset: true });
    } else if (message === 'stop') {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage.rss());
      wt.parentPort!.postMessage({ peak, samples });
    }
  });
  wt.parentPort!.postMessage({ ready: true });
}

const MB = (bytes: number) => +(bytes / 1048576).toFixed(1);

/**
 * Runs `fn` while sampling memory every `intervalMs`: the process's RSS from a worker thread (started,
 * and its own memory counted, before the "before" reading), and the main thread's heapUsed on the main
 * thread (a peak inside a synchronous stretch can fall between two samples; the RSS includes it).
 * Collects garbage first when node runs with --expose-gc, so the growth is from a settled heap.
 */
export async function withMemoryPeak<T>(fn: () => Promise<T>, intervalMs = 10): Promise<{ result: T; memory: MemoryPeak }> {
  const worker = new Worker(`(${rssSampler.toString()})(require('node:worker_threads'))`, { eval: true, workerData: { intervalMs } });
  const next = () =>
    new Promise<Record<string, number | boolean>>((resolvePromise, reject) => {
      worker.once('message', resolvePromise);
      worker.once('error', reject);
    });
  try {
    await next(); // ready
    (globalThis as { gc?: () => void }).gc?.();
    worker.postMessage('reset');
    await next();
    const rssBefore = process.memoryUsage.rss();
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    let heapSamples = 0;
    const timer = setInterval(() => {
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
      heapSamples++;
    }, intervalMs);
    let result: T;
    try {
      result = await fn();
    } finally {
      clearInterval(timer);
    }
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    const stopped = next();
    worker.postMessage('stop');
    const { peak, samples } = (await stopped) as { peak: number; samples: number };
    return {
      result,
      memory: {
        rssBeforeMB: MB(rssBefore),
        rssPeakMB: MB(peak),
        rssGrowthMB: MB(peak - rssBefore),
        heapBeforeMB: MB(heapBefore),
        heapPeakMB: MB(heapPeak),
        heapGrowthMB: MB(heapPeak - heapBefore),
        rssSamples: samples,
        heapSamples,
      },
    };
  } finally {
    await worker.terminate();
  }
}

/** BENCH_PROFILE=file: a CPU profile of this process (the app under load) while `work` runs, for speedscope or Chrome. */
export async function profiled(file: string, work: () => Promise<unknown>): Promise<void> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  await work();
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
}

