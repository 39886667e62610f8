import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { validate } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { AppModule } from './app.module.js';
import { AuditLogService } from './audit-log/audit-log.service.js';
import { backupCommand, restoreCommand } from './backup/backup.command.js';
import { DomainError } from './common/errors.js';
import { JsonLogger } from './common/json-logger.js';
import { systemContext } from './common/request-context.js';
import { Role } from './common/roles.js';
import { ConfigError, loadConfig } from './config/config.js';
import { openDatabase, openOwnerDatabase } from './database/runtime.js';
import { runMigrations } from './database/migrate.js';
import { IMPORT_USAGE, importArgumentsProblem, runImport, runImportTemplate } from './import/import.commands.js';
import { O23IssueService } from './reports/o23-issue.service.js';
import { O23ReportQueryDto } from './reports/reports.dto.js';
import { ReportsService } from './reports/reports.service.js';
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
  report o23 (--period YYYY-MM | --from YYYY-MM --to YYYY-MM) --format pdf|xlsx --out FILE
             [--station CODE] [--issued]
                                   write the O23 report of a Buddhist-era month or range of months: a
                                   draft from the data now, or with --issued the latest issued version
                                   as stored; --station may be left out when there is one station
  backup --out FILE                one consistent snapshot of every table, its manifest and SHA-256s, in
                                   one file; prints tables, rows, bytes and the file's SHA-256
  restore FILE [--force]           (or --in FILE) restore a backup into an empty database, verified (row
                                   counts, every audit-log chain) or rolled back; --force replaces data
${IMPORT_USAGE}

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

/** The station named by --station, or the only one there is. */
async function stationOf(app: Parameters<Parameters<typeof withApp>[0]>[0], code: string | boolean | undefined): Promise<{ id: string; code: string }> {
  if (typeof code === 'string') return { id: await stationIdByCode(app, code), code: code.toUpperCase() };
  const stations: { id: string; code: string }[] = await app.get(DataSource).query('SELECT id, code FROM stations ORDER BY code');
  if (stations.length !== 1) {
    throw new DomainError(422, 'STATION_REQUIRED', `Give --station (one of ${stations.map((s) => s.code).join(', ') || 'none'})`, 'กรุณาระบุรหัสสถานี (--station)');
  }
  return stations[0];
}

/** Reads a station's reports as its auditor would: the command line writes nothing to the station. */
function stationReader(stationId: string, requestId: string) {
  return systemContext({ id: 'cli', username: 'cli', displayName: 'command line', stationId, roles: [Role.AUDITOR] }, requestId);
}

const commands: Record<string, (options: Options, positionals: string[]) => Promise<number>> = {
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

  async report(options, positionals) {
    const [kind, ...extra] = positionals;
    if (kind !== 'o23' || extra.length) {
      console.error('usage: report o23 (--period YYYY-MM | --from YYYY-MM --to YYYY-MM) --format pdf|xlsx --out FILE [--station CODE] [--issued]');
      return 2;
    }
    const query = plainToInstance(O23ReportQueryDto, { period: options.period, from: options.from, to: options.to, format: options.format });
    const problems = await validate(query, { whitelist: true, forbidNonWhitelisted: true });
    if (problems.length || typeof options.out !== 'string') {
      console.error([...problems.flatMap((p) => Object.values(p.constraints ?? {})), ...(typeof options.out === 'string' ? [] : ['--out FILE is required'])].join('\n'));
      return 2;
    }
    const out = options.out;
    return withApp(async (app) => {
      const station = await stationOf(app, options.station);
      const ctx = stationReader(station.id, 'cli:report');
      let body: Buffer;
      let version: number | null = null;
      if (options.issued) {
        const issued = app.get(O23IssueService);
        const [latest] = (await issued.list(ctx, { period: query.period, from: query.from, to: query.to, pageSize: 1 })).items;
        if (!latest) throw new DomainError(404, 'NOT_ISSUED', 'This period has not been issued', 'ช่วงเวลานี้ยังไม่ได้ออกรายงาน');
        body = (await issued.file(ctx, latest.id, query.format)).body;
        version = latest.version;
      } else {
        body = (await app.get(ReportsService).o23File(ctx, query)).body;
      }
      writeFileSync(out, body);
      console.log(JSON.stringify({ station: station.code, out, format: query.format, bytes: body.length, sha256: createHash('sha256').update(body).digest('hex'), issuedVersion: version }));
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
      if (!admins.length) {
        // Stations are created by an administrator, and the first one is made when the server first starts.
        console.error('no administrator yet: start the server once (it creates one) or run create-user --roles ADMIN first\nยังไม่มีผู้ดูแลระบบ: เริ่มเซิร์ฟเวอร์หนึ่งครั้ง (ระบบจะสร้างให้) หรือใช้คำสั่ง create-user --roles ADMIN ก่อน');
        return 1;
      }
      const actor = { id: admins[0].id, username: admins[0].username, displayName: admins[0].display_name, stationId: null, roles: admins[0].roles };
      printCredentials(await app.get(FirstRunService).seedDemo(systemContext(actor, 'cli:seed-demo')));
      return 0;
    });
  },

  async 'import-template'(options, positionals) {
    const problem = importArgumentsProblem('import-template', options, positionals);
    if (problem) {
      console.error(problem);
      return 2;
    }
    return withApp(async (app) => runImportTemplate(app, options, (await stationOf(app, options.station)).code));
  },

  async import(options, positionals) {
    const problem = importArgumentsProblem('import', options, positionals);
    if (problem) {
      console.error(problem);
      return 2;
    }
    return withApp(async (app) => runImport(app, options, positionals[0], (await stationOf(app, options.station)).code));
  },

  backup: (options) => backupCommand(options),

  restore: (options, positionals) => restoreCommand(options, positionals),
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
  const { values, positionals } = parseArgs({
    args: rest,
    strict: true,
    allowPositionals: true,
    options: {
      station: { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      'display-name': { type: 'string' },
      rank: { type: 'string' },
      position: { type: 'string' },
      roles: { type: 'string' },
      period: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      issued: { type: 'boolean' },
      as: { type: 'string' },
      witness: { type: 'string' },
      'dry-run': { type: 'boolean' },
      report: { type: 'string' },
      in: { type: 'string' },
      force: { type: 'boolean' },
    },
  });
  // Only `report` (what to report), `import` (the workbook) and `restore` (the backup file) take a word after the command; anything else stray is a mistake.
  if (positionals.length && command !== 'report' && command !== 'import' && command !== 'restore') {
    console.error(`unexpected argument "${positionals[0]}"\n\n${USAGE}`);
    return 2;
  }
  return run(values, positionals);
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
