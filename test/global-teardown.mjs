import pg from 'pg';

/** Drops this run's template (on a shared DATABASE_URL) or stops and removes the embedded cluster. */
export default async function globalTeardown() {
  const server = globalThis.__KHLANG_PG__;
  const state = globalThis.__KHLANG_TEST__;
  if (server) {
    await server.stop();
    return;
  }
  if (!state) return;
  const client = new pg.Client({ connectionString: state.adminUrl });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS khlang_test_template_${state.runId} WITH (FORCE)`).catch(() => undefined);
  await client.end();
}
