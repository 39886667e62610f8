import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';
import type { Clock } from '../../src/common/clock.js';
import { JsonLogger } from '../../src/common/json-logger.js';
import { type AuthUser, systemContext } from '../../src/common/request-context.js';
import { Role, STATION_ROLES } from '../../src/common/roles.js';
import { type AppConfig, loadConfig } from '../../src/config/config.js';
import { createDataSource } from '../../src/database/data-source.js';
import { LocationKind } from '../../src/locations/location.entity.js';
import { LocationsService } from '../../src/locations/locations.service.js';
import type { LocationView } from '../../src/locations/locations.dto.js';
import type { StationView } from '../../src/stations/stations.dto.js';
import { StationsService } from '../../src/stations/stations.service.js';
import type { UserView } from '../../src/users/users.dto.js';
import { UsersService } from '../../src/users/users.service.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export const TEST_PASSWORD = 'correct-horse-battery';
export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123';

export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: '.test-data/app',
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: process.env.KHLANG_TEST_LOG ?? 'silent',
    PASSWORD_HASH_MEMORY_KIB: '1024',
    PASSWORD_HASH_TIME_COST: '1',
    SEED_DEMO: 'false',
    DB_POOL_SIZE: '30',
    ...overrides,
  });
}

export interface StationFixture {
  station: StationView;
  users: Record<Exclude<Role, Role.ADMIN>, UserView>;
  tokens: Record<Exclude<Role, Role.ADMIN>, string>;
  room: LocationView;
  safe: LocationView;
}

export interface TestApp {
  app: INestApplication;
  db: TestDatabase;
  dataSource: DataSource;
  config: AppConfig;
  admin: UserView;
  adminToken: string;
  /** Two stations with one user of each role: A is "ours", B is "another station". */
  a: StationFixture;
  b: StationFixture;
  http(): ReturnType<typeof request>;
  token(user: UserView): Promise<string>;
  close(): Promise<void>;
}

export function actorOf(user: UserView): AuthUser {
  return { id: user.id, username: user.username, displayName: user.displayName, stationId: user.stationId, roles: user.roles };
}

async function seedStation(app: INestApplication, adminCtx: ReturnType<typeof systemContext>, code: string, token: (u: UserView) => Promise<string>): Promise<StationFixture> {
  const station = await app.get(StationsService).create(adminCtx, { code, nameTh: `สถานีตำรวจทดสอบ ${code}`, nameEn: `Test Station ${code}` });
  const users = {} as StationFixture['users'];
  const tokens = {} as StationFixture['tokens'];
  for (const role of STATION_ROLES as Exclude<Role, Role.ADMIN>[]) {
    users[role] = await app.get(UsersService).create(adminCtx, {
      username: `${code.toLowerCase()}.${role.toLowerCase()}`,
      password: TEST_PASSWORD,
      displayName: `ผู้ใช้ ${role} ${code}`,
      rank: 'ร.ต.อ.',
      roles: [role],
      stationId: station.id,
    });
    tokens[role] = await token(users[role]);
  }
  const locations = app.get(LocationsService);
  const room = await locations.create(adminCtx, { code: 'R1', name: 'ห้องเก็บของกลาง', kind: LocationKind.ROOM, stationId: station.id });
  const safe = await locations.create(adminCtx, { code: 'SAFE1', name: 'ตู้นิรภัย', kind: LocationKind.SAFE, stationId: station.id, parentId: room.id });
  return { station, users, tokens, room, safe };
}

/** The whole application on a fresh migrated database, with two seeded stations. */
export async function startTestApp(overrides: Record<string, string> = {}, options: { clock?: Clock } = {}): Promise<TestApp> {
  const config = testConfig(overrides);
  const db = await createTestDatabase();
  const dataSource = createDataSource({ url: db.ownerUrl, actAsAppRole: true, poolSize: config.dbPoolSize });
  await dataSource.initialize();
  const app = await createApp(config, dataSource, new JsonLogger(config.logLevel), options.clock);
  await app.init();
  const jwt = app.get(JwtService);
  const token = (user: UserView) => jwt.signAsync({ sub: user.id, st: user.stationId });
  const admin = await app.get(UsersService).create(systemContext(null, 'test-seed'), {
    username: 'admin',
    password: TEST_PASSWORD,
    displayName: 'ผู้ดูแลระบบ',
    rank: '-',
    roles: [Role.ADMIN],
  });
  const adminCtx = systemContext(actorOf(admin), 'test-seed');
  const a = await seedStation(app, adminCtx, 'STA', token);
  const b = await seedStation(app, adminCtx, 'STB', token);
  return {
    app,
    db,
    dataSource,
    config,
    admin,
    adminToken: await token(admin),
    a,
    b,
    http: () => request(app.getHttpServer()),
    token,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
