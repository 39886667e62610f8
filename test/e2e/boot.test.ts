// The real built server (dist/src/main.js) as child processes: first boot on the embedded PostgreSQL,
// Ctrl-C, restart, a server killed with SIGKILL, a port clash, DATABASE_URL, and config validation.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { alive, freePorts, isPostgres, portIsFree, postmasterPid, waitGone } from '../helpers/processes.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = join(ROOT, 'dist', 'src', 'main.js');
const BOOT_DEADLINE_MS = 60_000;
const EXIT_DEADLINE_MS = 20_000;
const CREDENTIALS_HEADER = 'Khlang: accounts created on first start';

// ---------------------------------------------------------------- processes

interface RunningServer {
  child: ChildProcess;
  dataDir: string;
  stdout: string;
  stderr: string;
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
  exited: boolean;
  exit: Promise<void>;
}

const started: RunningServer[] = [];
const dataDirs: string[] = [];

/** Settings of the developer's shell that would change what the child does: the test sets its own. */
const OWN_SETTINGS = [
  'DATABASE_URL', 'APP_DATABASE_URL', 'JWT_SECRET', 'JWT_EXPIRES_IN_SECONDS', 'NODE_ENV', 'NODE_OPTIONS', 'PORT', 'HOST',
  'DATA_DIR', 'EMBEDDED_PG_PORT', 'SEED_DEMO', 'ADMIN_USERNAME', 'ADMIN_PASSWORD', 'LOG_LEVEL', 'DB_POOL_SIZE',
  'LOGIN_MAX_FAILURES', 'LOGIN_LOCK_SECONDS', 'PASSWORD_HASH_MEMORY_KIB', 'PASSWORD_HASH_TIME_COST',
];

function startServer(dataDir: string, env: Record<string, string>): RunningServer {
  const base: Record<string, string | undefined> = { ...process.env };
  for (const name of OWN_SETTINGS) delete base[name];
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: {
      ...base,
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      PASSWORD_HASH_MEMORY_KIB: '1024',
      PASSWORD_HASH_TIME_COST: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server = { child, dataDir, stdout: '', stderr: '', exitCode: null, exitSignal: null, exited: false } as RunningServer;
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (server.stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (server.stderr += chunk));
  server.exit = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      server.exitCode = code;
      server.exitSignal = signal;
      server.exited = true;
      resolve();
    });
  });
  started.push(server);
  return server;
}

function tail(server: RunningServer): string {
  return `--- stdout (end) ---\n${server.stdout.slice(-4000)}\n--- stderr (end) ---\n${server.stderr.slice(-4000)}`;
}

async function waitForExit(server: RunningServer, ms = EXIT_DEADLINE_MS): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  try {
    if ((await Promise.race([server.exit.then(() => 'exited' as const), timeout])) === 'timeout') {
      throw new Error(`the server did not exit within ${ms} ms\n${tail(server)}`);
    }
  } finally {
    clearTimeout(timer);
  }
  return { code: server.exitCode, signal: server.exitSignal };
}

/** Polls /health until 200 (or the process exits, or the deadline passes); returns the wall-clock ms. */
async function waitForHealth(server: RunningServer, port: number, since: number): Promise<number> {
  const deadline = since + BOOT_DEADLINE_MS;
  while (Date.now() < deadline) {
    if (server.exited) throw new Error(`the server exited (code ${server.exitCode}, signal ${server.exitSignal}) before /health answered\n${tail(server)}`);
    const res = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
    if (res?.status === 200) {
      expect(await res.json()).toEqual({ status: 'ok', database: 'up' });
      return Date.now() - since;
    }
    await res?.body?.cancel();
    await sleep(100);
  }
  throw new Error(`/health did not answer 200 within ${BOOT_DEADLINE_MS} ms\n${tail(server)}`);
}

/** The JSON log lines the server wrote to stdout. */
function logLines(server: RunningServer): Record<string, unknown>[] {
  return server.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function bootMsLogged(server: RunningServer): number | undefined {
  return logLines(server).find((l) => typeof l.bootMs === 'number')?.bootMs as number | undefined;
}

interface PrintedCredential {
  username: string;
  password: string;
  roles: string;
  station: string;
}

/** The credentials block printed on first start (rows between the header and the closing note). */
function printedCredentials(server: RunningServer): PrintedCredential[] {
  const start = server.stdout.indexOf(CREDENTIALS_HEADER);
  if (start < 0) throw new Error(`no credentials block was printed\n${tail(server)}`);
  const block = server.stdout.slice(start, server.stdout.indexOf('Keep these passwords', start));
  return [...block.matchAll(/^ {2}(\S+)\s+(\S+)\s+([A-Z,]+)\s+(\S+)\s*$/gm)].map(([, username, password, roles, station]) => ({ username, password, roles, station }));
}


async function newDataDir(label: string): Promise<string> {
  const parent = join(ROOT, '.test-data');
  await mkdir(parent, { recursive: true });
  const dir = await mkdtemp(join(parent, `boot-${label}-`));
  // mkdtemp makes it 700; the embedded PostgreSQL runs as the "postgres" user and must reach DATA_DIR/pg.
  await chmod(dir, 0o755);
  dataDirs.push(dir);
  return dir;
}

// ---------------------------------------------------------------- HTTP

interface Reply {
  status: number;
  body: any; // JSON of whatever shape the endpoint returns
  text: string;
  contentType: string;
}

async function call(port: number, method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  return { status: res.status, text, contentType, body: contentType.includes('json') ? JSON.parse(text) : undefined };
}

async function login(port: number, username: string, password: string): Promise<string> {
  const res = await call(port, 'POST', '/api/auth/login', { body: { username, password } });
  expect({ username, status: res.status }).toEqual({ username, status: 200 });
  expect(res.body.user.username).toBe(username);
  expect(typeof res.body.accessToken).toBe('string');
  return res.body.accessToken as string;
}

// ---------------------------------------------------------------- the tests

describe('the built server (dist/src/main.js) as a process', () => {
  let port: number;
  let pgPort: number;
  let dataDir: string;
  let clerkPassword: string;
  let adminPassword: string;
  let clerkToken: string;
  let locationId: string;
  const bootTimes: Record<string, { wallMs: number; loggedBootMs?: number }> = {};

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} does not exist: build first (npm run build), the e2e boot test runs the built server`);
    [port, pgPort] = await freePorts(2);
    dataDir = await newDataDir('main');
  });

  afterAll(async () => {
    // Whatever happened: no server and no PostgreSQL of ours stays running.
    for (const server of started) {
      if (server.exited) continue;
      server.child.kill('SIGKILL');
      await waitForExit(server, 5000).catch(() => undefined);
    }
    for (const dir of dataDirs) {
      const pid = postmasterPid(dir);
      if (pid && alive(pid) && isPostgres(pid)) {
        process.kill(pid, 'SIGKILL');
        await waitGone(pid, 5000);
      }
    }
    for (const dir of dataDirs) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    if (Object.keys(bootTimes).length) {
      console.log(
        'Khlang boot times (spawn → /health 200; bootMs is what the server logged):\n' +
          Object.entries(bootTimes)
            .map(([name, t]) => `  ${name.padEnd(34)} ${String(t.wallMs).padStart(6)} ms   (bootMs ${t.loggedBootMs ?? '?'})`)
            .join('\n'),
      );
    }
  });

  it('boots from nothing on the embedded PostgreSQL, prints credentials, and serves the API', async () => {
    const since = Date.now();
    const server = startServer(dataDir, { PORT: String(port), EMBEDDED_PG_PORT: String(pgPort) });
    const wallMs = await waitForHealth(server, port, since);
    bootTimes['fresh DATA_DIR (initdb + migrate + seed)'] = { wallMs, loggedBootMs: bootMsLogged(server) };

    expect(existsSync(join(dataDir, 'pg', 'PG_VERSION'))).toBe(true);
    expect(existsSync(join(dataDir, 'jwt-secret'))).toBe(true);
    expect(logLines(server).map((l) => l.msg)).toContain(`embedded PostgreSQL listening on 127.0.0.1:${pgPort}`);

    const credentials = printedCredentials(server);
    expect(credentials.map((c) => `${c.username} ${c.roles} ${c.station}`).sort()).toEqual(
      [
        'admin ADMIN system',
        'demo.auditor AUDITOR DEMO',
        'demo.clerk CLERK DEMO',
        'demo.commander COMMANDER DEMO',
        'demo.investigator INVESTIGATOR DEMO',
        'demo.officer OFFICER DEMO',
        'demo.supervisor SUPERVISOR DEMO',
      ].sort(),
    );
    adminPassword = credentials.find((c) => c.username === 'admin')!.password;
    clerkPassword = credentials.find((c) => c.username === 'demo.clerk')!.password;
    // The printed passwords are the real ones: a wrong one is refused, the printed ones work.
    expect((await call(port, 'POST', '/api/auth/login', { body: { username: 'demo.clerk', password: `${clerkPassword}x` } })).status).toBe(401);
    const adminToken = await login(port, 'admin', adminPassword);
    clerkToken = await login(port, 'demo.clerk', clerkPassword);

    const me = await call(port, 'GET', '/api/auth/me', { token: adminToken });
    expect(me.status).toBe(200);
    expect(me.body.roles).toEqual(['ADMIN']);

    const locations = await call(port, 'GET', '/api/locations', { token: clerkToken });
    expect(locations.status).toBe(200);
    expect(locations.body.total).toBe(5);
    expect(locations.body.items.map((l: { code: string }) => l.code).sort()).toEqual(['ARMORY', 'LOT', 'R1', 'R1-S1', 'R1-SAFE']);

    const docs = await call(port, 'GET', '/api/docs');
    expect(docs.status).toBe(200);
    expect(docs.contentType).toContain('text/html');
    expect(docs.text).toMatch(/swagger/i);
  }, 75_000);

  it('stops on Ctrl-C (SIGINT) with exit code 0 and stops the embedded PostgreSQL', async () => {
    const server = started[0];
    expect(server.exited).toBe(false);
    // Data to find again after the restart.
    const created = await call(port, 'POST', '/api/locations', { token: clerkToken, body: { code: 'BOOT-1', name: 'ตู้ทดสอบการเริ่มระบบ', kind: 'LOCKER' } });
    expect(created.status).toBe(201);
    locationId = created.body.id;

    const pgPid = postmasterPid(dataDir);
    expect(pgPid).toBeDefined();
    expect(alive(pgPid!)).toBe(true);

    server.child.kill('SIGINT');
    expect(await waitForExit(server)).toEqual({ code: 0, signal: null });
    expect(logLines(server).map((l) => l.msg)).toContain('stopping (SIGINT)');
    // A clean stop: neither 'closing the app failed' nor 'stopping PostgreSQL failed', no stack on stderr.
    expect(logLines(server).filter((l) => l.level === 'error')).toEqual([]);
    expect(server.stderr).not.toMatch(/Error|could not/);
    expect(await waitGone(pgPid!, 5000)).toBe(true);
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    expect(await portIsFree(pgPort)).toBe(true);
    expect(await portIsFree(port)).toBe(true);
  }, 40_000);

  it('restarts on the same DATA_DIR and keeps the data (no new credentials)', async () => {
    const since = Date.now();
    const server = startServer(dataDir, { PORT: String(port), EMBEDDED_PG_PORT: String(pgPort) });
    const wallMs = await waitForHealth(server, port, since);
    bootTimes['warm DATA_DIR (restart)'] = { wallMs, loggedBootMs: bootMsLogged(server) };

    expect(server.stdout).not.toContain(CREDENTIALS_HEADER);
    expect(logLines(server).map((l) => l.msg)).not.toContain('creating a new PostgreSQL cluster in ' + join(dataDir, 'pg'));
    // The dev JWT secret lives in DATA_DIR: a token from before the restart is still good.
    expect((await call(port, 'GET', '/api/auth/me', { token: clerkToken })).status).toBe(200);
    clerkToken = await login(port, 'demo.clerk', clerkPassword);

    const location = await call(port, 'GET', `/api/locations/${locationId}`, { token: clerkToken });
    expect(location.status).toBe(200);
    expect(location.body).toMatchObject({ code: 'BOOT-1', kind: 'LOCKER', name: 'ตู้ทดสอบการเริ่มระบบ' });
    expect((await call(port, 'GET', '/api/locations', { token: clerkToken })).body.total).toBe(6);

    const verify = await call(port, 'GET', '/api/audit-log/verify', { token: clerkToken });
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ ok: true, firstBadSeq: null });
    expect(verify.body.entries).toBeGreaterThan(5);
  }, 75_000);

  it('after a SIGKILL, a new start stops the PostgreSQL left running and keeps the data', async () => {
    const killed = started[1];
    expect(killed.exited).toBe(false);
    const stalePid = postmasterPid(dataDir);
    expect(stalePid).toBeDefined();

    killed.child.kill('SIGKILL');
    expect(await waitForExit(killed)).toEqual({ code: null, signal: 'SIGKILL' });
    await sleep(300);
    // Node is gone, its PostgreSQL is not: it still holds the folder and the port.
    expect(alive(stalePid!)).toBe(true);
    expect(isPostgres(stalePid!)).toBe(true);
    expect(await portIsFree(pgPort)).toBe(false);

    const since = Date.now();
    const server = startServer(dataDir, { PORT: String(port), EMBEDDED_PG_PORT: String(pgPort) });
    const wallMs = await waitForHealth(server, port, since);
    bootTimes['after SIGKILL (stale PostgreSQL)'] = { wallMs, loggedBootMs: bootMsLogged(server) };

    expect(logLines(server).map((l) => l.msg)).toContain(`embedded PostgreSQL (pid ${stalePid}) left running by an earlier process: stopping it`);
    expect(alive(stalePid!)).toBe(false);
    const newPid = postmasterPid(dataDir);
    expect(newPid).toBeDefined();
    expect(newPid).not.toBe(stalePid);
    expect(server.stdout).not.toContain(CREDENTIALS_HEADER);

    clerkToken = await login(port, 'demo.clerk', clerkPassword);
    const location = await call(port, 'GET', `/api/locations/${locationId}`, { token: clerkToken });
    expect(location.status).toBe(200);
    expect(location.body.code).toBe('BOOT-1');
    expect((await call(port, 'GET', '/api/audit-log/verify', { token: clerkToken })).body).toMatchObject({ ok: true });

    server.child.kill('SIGINT');
    expect(await waitForExit(server)).toEqual({ code: 0, signal: null });
    expect(await waitGone(newPid!, 5000)).toBe(true);
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    expect(await portIsFree(pgPort)).toBe(true);
    expect(await portIsFree(port)).toBe(true);
  }, 75_000);

  it('exits non-zero naming the port and EMBEDDED_PG_PORT when the PostgreSQL port is taken', async () => {
    const holder = createServer();
    await new Promise<void>((resolve, reject) => {
      holder.once('error', reject);
      holder.listen(pgPort, '127.0.0.1', () => resolve());
    });
    try {
      const server = startServer(dataDir, { PORT: String(port), EMBEDDED_PG_PORT: String(pgPort) });
      const { code, signal } = await waitForExit(server, 30_000);
      expect(signal).toBeNull();
      expect(code).not.toBe(0);
      expect(server.stderr).toContain(`port ${pgPort}`);
      expect(server.stderr).toContain('EMBEDDED_PG_PORT');
      expect(server.stderr).not.toContain('undefined');
      expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
      expect(holder.listening).toBe(true);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  }, 40_000);

  it('with DATABASE_URL: creates the database, migrates, seeds only the admin, and stops', async () => {
    const adminUrl = process.env.KHLANG_TEST_ADMIN_URL;
    if (!adminUrl) throw new Error('KHLANG_TEST_ADMIN_URL is not set: run the tests through jest (test/global-setup.mjs)');
    const name = `khlang_boot_${randomBytes(5).toString('hex')}`;
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const [httpPort] = await freePorts(1);
    const dir = await newDataDir('dburl');
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      expect((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount).toBe(0);
      const since = Date.now();
      const server = startServer(dir, {
        PORT: String(httpPort),
        DATABASE_URL: url.toString(),
        SEED_DEMO: 'false',
        ADMIN_USERNAME: 'chief',
        ADMIN_PASSWORD: 'some-long-password',
      });
      try {
        const wallMs = await waitForHealth(server, httpPort, since);
        bootTimes['DATABASE_URL (new database)'] = { wallMs, loggedBootMs: bootMsLogged(server) };

        expect((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount).toBe(1);
        expect(existsSync(join(dir, 'pg'))).toBe(false); // no embedded PostgreSQL
        expect(logLines(server).some((l) => String(l.msg).includes('(database: DATABASE_URL)'))).toBe(true);
        expect(printedCredentials(server)).toEqual([{ username: 'chief', password: '(ADMIN_PASSWORD)', roles: 'ADMIN', station: 'system' }]);

        const token = await login(httpPort, 'chief', 'some-long-password');
        const users = await call(httpPort, 'GET', '/api/users', { token });
        expect(users.status).toBe(200);
        expect(users.body.items.map((u: { username: string }) => u.username)).toEqual(['chief']);
        const stations = await call(httpPort, 'GET', '/api/stations', { token });
        expect(stations.status).toBe(200);
        expect(stations.body.total).toBe(0);

        const db = new pg.Client({ connectionString: url.toString() });
        await db.connect();
        try {
          expect(Number((await db.query('SELECT count(*) AS n FROM migrations')).rows[0].n)).toBeGreaterThan(0);
        } finally {
          await db.end();
        }

        server.child.kill('SIGINT');
        expect(await waitForExit(server)).toEqual({ code: 0, signal: null });
      } finally {
        if (!server.exited) {
          server.child.kill('SIGKILL');
          await waitForExit(server, 5000).catch(() => undefined);
        }
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  }, 75_000);

  it('refuses a bad configuration: JWT_SECRET in production, PORT=abc', async () => {
    const dir = await newDataDir('config');
    const production = startServer(dir, { NODE_ENV: 'production', EMBEDDED_PG_PORT: String(pgPort) });
    const notANumber = startServer(dir, { PORT: 'abc', EMBEDDED_PG_PORT: String(pgPort) });
    const [prod, port] = await Promise.all([waitForExit(production), waitForExit(notANumber)]);

    expect(prod.signal).toBeNull();
    expect(prod.code).not.toBe(0);
    expect(production.stderr).toContain('JWT_SECRET is required when NODE_ENV=production');

    expect(port.signal).toBeNull();
    expect(port.code).not.toBe(0);
    expect(notANumber.stderr).toMatch(/\bPORT must be a whole number .*\(got "abc"\)/);

    // Refused before anything was started or written.
    expect(existsSync(join(dir, 'pg'))).toBe(false);
    expect(existsSync(join(dir, 'jwt-secret'))).toBe(false);
  }, 40_000);
});
