import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { type EventLoopUtilization, performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';
import type { Clock } from '../../src/common/clock.js';
import { JsonLogger } from '../../src/common/json-logger.js';
import { type AuthUser, systemContext } from '../../src/common/request-context.js';
import { Role } from '../../src/common/roles.js';
import { type AppConfig, loadConfig } from '../../src/config/config.js';
import { createDataSource } from '../../src/database/data-source.js';
import { LocationKind } from '../../src/locations/location.entity.js';
import type { LocationView } from '../../src/locations/locations.dto.js';
import { LocationsService } from '../../src/locations/locations.service.js';
import type { StationView } from '../../src/stations/stations.dto.js';
import { StationsService } from '../../src/stations/stations.service.js';
import type { UserView } from '../../src/users/users.dto.js';
import { UsersService } from '../../src/users/users.service.js';
import { percentile } from './bench-kit.js';
import type { LoadRequest, LoadResult } from './http-load.worker.js';

export const BENCH_PASSWORD = 'bench-password-ที่ปลอดภัย-2568';

/**
 * The app's JSON logger whose info lines (one per request) can be switched on and off between
 * measurements: off is what LOG_LEVEL=warn does, on is LOG_LEVEL=info.
 */
export class SwitchableLogger extends JsonLogger {
  info = false;
  constructor() {
    super('info');
  }
  override log(message: unknown, ...params: unknown[]) {
    if (this.info) super.log(message, ...params);
  }
}

/**
 * While on, stdout goes to a file with synchronous writes: what Node does for stdout on a file or a
 * pipe on Linux (a log collector's pipe), so the logger pays its real price without flooding the terminal.
 */
export function stdoutToFile(file: string): () => void {
  mkdirSync(resolve(file, '..'), { recursive: true });
  const fd = openSync(file, 'w');
  const original = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (typeof chunk === 'string') writeSync(fd, chunk);
    else writeSync(fd, chunk);
    const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    cb?.();
    return true;
  }) as typeof process.stdout.write;
  return () => {
    process.stdout.write = original;
    closeSync(fd);
  };
}

export interface BenchApp {
  app: INestApplication;
  dataSource: DataSource;
  config: AppConfig;
  logger: SwitchableLogger;
  port: number;
  token(user: UserView): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real HTTP application on a bench database, as main.ts builds it: the app's own configuration
 * (default argon2 cost and pool size), acting as the application role, listening on 127.0.0.1 only.
 * `clock` (e.g. a ManualClock) is the time the rules see; the system clock when not given.
 */
export async function startBenchApp(url: string, env: Record<string, string> = {}, clock?: Clock): Promise<BenchApp> {
  const config = loadConfig({
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(36).toString('base64url'),
    DATA_DIR: '.bench-data/app',
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    ...env,
  });
  const dataSource = createDataSource({ url, actAsAppRole: true, poolSize: config.dbPoolSize });
  await dataSource.initialize();
  const logger = new SwitchableLogger();
  const app = await createApp(config, dataSource, logger, clock);
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const jwt = app.get(JwtService);
  return {
    app,
    dataSource,
    config,
    logger,
    port,
    token: (user) => jwt.signAsync({ sub: user.id, st: user.stationId }),
    close: () => app.close(), // also destroys the DataSource (DatabaseModule)
  };
}

export interface BenchStation {
  admin: UserView;
  station: StationView;
  users: Partial<Record<Role, UserView>>;
  locations: Record<string, LocationView>;
}

export const actorOf = (user: UserView): AuthUser => ({
  id: user.id,
  username: user.username,
  displayName: user.displayName,
  stationId: user.stationId,
  roles: user.roles,
});

const PEOPLE: Array<[Role, string, string]> = [
  [Role.COMMANDER, 'ประยุทธ์ มั่นคง', 'พ.ต.อ.'],
  [Role.SUPERVISOR, 'วิชัย รักษาการ', 'พ.ต.ท.'],
  [Role.CLERK, 'สมศรี ดูแลของ', 'ด.ต.'],
  [Role.INVESTIGATOR, 'สมชาย สืบสวน', 'ร.ต.อ.'],
  [Role.OFFICER, 'มานะ ตรวจตรา', 'ส.ต.อ.'],
];

export interface SeedOptions {
  /** The system administrator made by an earlier seedStation: a second station reuses it (the username is unique). */
  admin?: UserView;
  nameTh?: string;
  nameEn?: string;
}

/** An administrator, one station with a user per role and its storage places, made through the app's services. */
export async function seedStation(app: INestApplication, code: string, options: SeedOptions = {}): Promise<BenchStation> {
  const users = app.get(UsersService);
  const admin =
    options.admin ??
    (await users.create(systemContext(null, 'bench-seed'), {
      username: 'admin',
      password: BENCH_PASSWORD,
      displayName: 'ผู้ดูแลระบบ',
      rank: '-',
      roles: [Role.ADMIN],
    }));
  const ctx = systemContext(actorOf(admin), 'bench-seed');
  const station = await app.get(StationsService).create(ctx, {
    code,
    nameTh: options.nameTh ?? 'สถานีตำรวจนครบาลปทุมวัน',
    nameEn: options.nameEn ?? 'Pathum Wan Metropolitan Police Station',
  });
  const byRole: BenchStation['users'] = {};
  for (const [role, displayName, rank] of PEOPLE) {
    byRole[role] = await users.create(ctx, {
      username: `${code.toLowerCase()}.${role.toLowerCase()}`,
      password: BENCH_PASSWORD,
      displayName,
      rank,
      roles: [role],
      stationId: station.id,
    });
  }
  const places = app.get(LocationsService);
  const locations: Record<string, LocationView> = {};
  const add = async (code: string, name: string, kind: LocationKind, parent?: string, secure?: boolean) => {
    locations[code] = await places.create(ctx, { code, name, kind, stationId: station.id, parentId: parent ? locations[parent].id : undefined, secure });
  };
  await add('R1', 'ห้องเก็บของกลาง ชั้น 1', LocationKind.ROOM);
  for (let s = 1; s <= 8; s++) await add(`R1-S${s}`, `ชั้นวางที่ ${s} ห้องเก็บของกลาง`, LocationKind.SHELF, 'R1');
  await add('SAFE1', 'ตู้นิรภัย ห้องเก็บของกลาง', LocationKind.SAFE, 'R1');
  await add('SAFE2', 'ตู้นิรภัยเก็บยาเสพติด', LocationKind.SAFE, 'R1');
  await add('ARM1', 'ห้องคลังอาวุธ', LocationKind.ARMORY);
  await add('R2', 'ห้องพัสดุครุภัณฑ์', LocationKind.ROOM);
  await add('R2-L1', 'ตู้ล็อกเกอร์ห้องพัสดุ', LocationKind.LOCKER, 'R2');
  // Vehicles are HIGH risk: the station's lot is fenced and guarded, so marked secure.
  await add('LOT1', 'ลานจอดรถของกลาง (มีรั้วและเวรยาม)', LocationKind.VEHICLE_LOT, undefined, true);
  return { admin, station, users: byRole, locations };
}

export interface LatencyStats {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
  /** Share of the time this process's main thread (the app, or the pg baseline's client) was busy. */
  mainThreadBusy?: number;
  /** Main-thread busy time per completed request: its CPU price (with 2 cores shared with PostgreSQL). */
  mainThreadMsPerRequest?: number;
}

function withBusy(s: LatencyStats, elu: EventLoopUtilization): LatencyStats {
  return { ...s, mainThreadBusy: +elu.utilization.toFixed(2), mainThreadMsPerRequest: s.requests ? +(elu.active / s.requests).toFixed(3) : NaN };
}

export function stats(latencies: ArrayLike<number>, errors: number, seconds: number): LatencyStats {
  const values = Array.from(latencies);
  const r = (v: number, d = 2) => +v.toFixed(d);
  return {
    requests: values.length,
    errors,
    seconds: r(seconds),
    perSecond: Math.round(values.length / seconds),
    p50Ms: values.length ? r(percentile(values, 50)) : NaN,
    p99Ms: values.length ? r(percentile(values, 99)) : NaN,
    meanMs: values.length ? r(values.reduce((a, b) => a + b, 0) / values.length) : NaN,
    maxMs: values.length ? r(Math.max(...values)) : NaN,
  };
}

/**
 * Runs an HTTP load loop in a worker thread (its own event loop, so the client's work does not queue
 * on the app's): `concurrency` keep-alive connections to 127.0.0.1, bounded in count and time.
 */
export function httpLoad(request: LoadRequest): Promise<LoadResult & { stats: LatencyStats }> {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(new URL('./http-load.worker.js', import.meta.url), { workerData: request });
    let settled = false;
    let elu = performance.eventLoopUtilization();
    worker.on('message', (message: LoadResult | 'measuring') => {
      if (message === 'measuring') {
        elu = performance.eventLoopUtilization();
        return;
      }
      settled = true;
      const busy = performance.eventLoopUtilization(elu);
      resolvePromise({ ...message, stats: withBusy(stats(message.latencies, message.errors, message.seconds), busy) });
      void worker.terminate();
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`load worker exited with ${code}`));
    });
  });
}

/** The same bounded loop in this thread, for a baseline whose client is the database driver itself. */
export async function localLoad(
  concurrency: number,
  maxSeconds: number,
  maxRequests: number,
  op: (client: number, i: number) => Promise<void>,
  warmup = 0,
): Promise<LatencyStats> {
  for (let i = 0; i < warmup; i += concurrency) await Promise.all(Array.from({ length: concurrency }, (_, c) => op(c, i)));
  const latencies: number[] = [];
  let errors = 0;
  let issued = 0;
  const elu = performance.eventLoopUtilization();
  const started = performance.now();
  const deadline = started + maxSeconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, c) => {
      while (performance.now() < deadline && issued < maxRequests) {
        const i = issued++;
        const t0 = performance.now();
        try {
          await op(c, i);
          latencies.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
    }),
  );
  return withBusy(stats(latencies, errors, (performance.now() - started) / 1000), performance.eventLoopUtilization(elu));
}

/** One line of figures for the console. */
export const fmt = (s: LatencyStats) =>
  `p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms, ${s.perSecond}/s` +
  (s.mainThreadBusy === undefined ? '' : ` (main thread ${Math.round(s.mainThreadBusy * 100)}% busy, ${s.mainThreadMsPerRequest} ms/req)`) +
  (s.errors ? `, ${s.errors} errors` : '');

export const ratio = (a: number, b: number) => +(a / b).toFixed(2);
