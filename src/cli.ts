import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { validate } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { AppModule } from './app.module.js';
import { AuditLogService } from './audit-log/audit-log.service.js';
import { DomainError } from './common/errors.js';
import { JsonLogger } from './common/json-logger.js';
import { systemContext } from './common/request-context.js';
import { ConfigError, loadConfig } from './config/config.js';
import { openDatabase, openOwnerDatabase } from './database/runtime.js';
import { runMigrations } from './database/migrate.js';
import { FirstRunService, printCredentials } from './setup/first-run.service.js';
import { CreateUserDto } from './users/users.dto.js';
import { UsersService } from './users/users.service.js';
import { DataSource } from 'typeorm';

const USAGE = `Khlang command line (npm run cli -- <command> [options])

  migrate                          run pending migrations
  verify-log [--station CODE]      recompute the audit-log chain of one station, or of every station and
                                   the system chain; exits 1 when a chain is broken
  create-user --username U --password P --display-name NAME --rank RANK --roles ROLE[,ROLE]
              [--position POS] [--station CODE]
                                   create a user (ADMIN takes no --station)
  seed-demo                        create the demo station and its users if it does not exist

The database is DATABASE_URL, or the embedded PostgreSQL in DATA_DIR (a running Khlang's is used as is).`;

type Options = Record<string, string | boolean | undefined>;

async function withApp<T>(work: (app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const logger = new JsonLogger(process.env.LOG_LEVEL ? config.logLevel : 'warn');
  const runtime = await openDatabase(config, logger, { reuseRunning: true });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, runtime.dataSource, logger), { logger });
  try {
    return await work(app);
  } finally {
    await app.close();
    await runtime.close();
  }
}

async function stationIdByCode(app: Parameters<Parameters<typeof withApp>[0]>[0], code: string): Promise<string> {
  const rows = await app.get(DataSource).query('SELECT id FROM stations WHERE code = $1', [code.toUpperCase()]);
  if (!rows.length) throw new DomainError(404, 'NOT_FOUND', `No station with code ${code}`, `ไม่พบสถานีรหัส ${code}`);
  return rows[0].id;
}

const commands: Record<string, (options: Options) => Promise<number>> = {
  async migrate() {
    const config = loadConfig();
    const logger = new JsonLogger('warn');
    const { ownerUrl, embedded } = await openOwnerDatabase(config, logger, { reuseRunning: true });
    try {
      const applied = await runMigrations(ownerUrl);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
      return 0;
    } finally {
      await embedded?.stop();
    }
  },

  async 'verify-log'(options) {
    return withApp(async (app) => {
      const auditLog = app.get(AuditLogService);
      const chains: { label: string; stationId: string | null }[] = [];
      if (typeof options.station === 'string') {
        chains.push({ label: options.station.toUpperCase(), stationId: await stationIdByCode(app, options.station) });
      } else {
        chains.push({ label: 'SYSTEM', stationId: null });
        const stations = await app.get(DataSource).query('SELECT id, code FROM stations ORDER BY code');
        for (const s of stations) chains.push({ label: s.code, stationId: s.id });
      }
      let broken = 0;
      for (const chain of chains) {
        const result = await auditLog.verify(chain.stationId);
        if (!result.ok) broken++;
        console.log(JSON.stringify({ chain: chain.label, ...result }));
      }
      return broken ? 1 : 0;
    });
  },

  async 'create-user'(options) {
    const dto = plainToInstance(CreateUserDto, {
      username: options.username,
      password: options.password,
      displayName: options['display-name'],
      rank: options.rank,
      position: options.position,
      roles: typeof options.roles === 'string' ? options.roles.split(',').map((r) => r.trim().toUpperCase()) : undefined,
    });
    const problems = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (problems.length) {
      console.error(problems.flatMap((p) => Object.values(p.constraints ?? {})).join('\n'));
      return 2;
    }
    return withApp(async (app) => {
      if (typeof options.station === 'string') dto.stationId = await stationIdByCode(app, options.station);
      const user = await app.get(UsersService).create(systemContext(null, 'cli:create-user'), dto);
      console.log(JSON.stringify(user));
      return 0;
    });
  },

  async 'seed-demo'() {
    return withApp(async (app) => {
      if ((await app.get(DataSource).query("SELECT 1 FROM stations WHERE code = 'DEMO'")).length) {
        console.log('the demo station exists already');
        return 0;
      }
      const admins = await app.get(DataSource).query("SELECT id, username, display_name, roles::text[] AS roles FROM users WHERE 'ADMIN' = ANY(roles) AND active ORDER BY created_at LIMIT 1");
      const actor = admins[0] ? { id: admins[0].id, username: admins[0].username, displayName: admins[0].display_name, stationId: null, roles: admins[0].roles } : null;
      printCredentials(await app.get(FirstRunService).seedDemo(systemContext(actor, 'cli:seed-demo')));
      return 0;
    });
  },
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const run = commands[command];
  if (!run) {
    console.error(`unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      station: { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      'display-name': { type: 'string' },
      rank: { type: 'string' },
      position: { type: 'string' },
      roles: { type: 'string' },
    },
  });
  return run(values);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof ConfigError) console.error(err.message);
    else if (err instanceof DomainError) console.error(`${err.message} / ${err.messageTh}`);
    else console.error(err instanceof Error ? err.message : String(err));
    process.exit(err instanceof DomainError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1);
  },
);
