import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { JsonLogger } from '../common/json-logger.js';
import type { AppConfig } from '../config/config.js';
import { createDataSource } from './data-source.js';
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from './embedded-postgres.js';
import { ensureDatabase, runMigrations } from './migrate.js';

export const EMBEDDED_DATABASE = 'khlang';

export interface DatabaseRuntime {
  dataSource: DataSource;
  /** Owner connection: migrations, and the tests' superuser checks. */
  ownerUrl: string;
  embedded?: EmbeddedPostgresHandle;
  close(): Promise<void>;
}

/** The owner URL: DATABASE_URL, or the embedded server started (and created) in DATA_DIR/pg. */
export async function openOwnerDatabase(
  config: AppConfig,
  logger: JsonLogger,
  options: { reuseRunning?: boolean } = {},
): Promise<{ ownerUrl: string; embedded?: EmbeddedPostgresHandle }> {
  if (config.databaseUrl) {
    await ensureDatabase(config.databaseUrl).catch((err) => {
      logger.warn({ msg: 'could not check that the database exists; trying to use it anyway', err: String(err) });
    });
    return { ownerUrl: config.databaseUrl };
  }
  const embedded = await startEmbeddedPostgres({
    dir: join(config.dataDir, 'pg'),
    port: config.embeddedPgPort,
    log: (line) => logger.log({ msg: line, context: 'EmbeddedPostgres' }),
    reuseRunning: options.reuseRunning,
  });
  try {
    const ownerUrl = embedded.urlFor(EMBEDDED_DATABASE);
    if (await ensureDatabase(ownerUrl)) logger.log({ msg: `created database ${EMBEDDED_DATABASE}`, context: 'EmbeddedPostgres' });
    return { ownerUrl, embedded };
  } catch (err) {
    await embedded.stop();
    throw err;
  }
}

/**
 * Starts or connects to PostgreSQL, runs pending migrations as the owner, and opens the application's
 * DataSource acting as the restricted role.
 */
export async function openDatabase(config: AppConfig, logger: JsonLogger, options: { reuseRunning?: boolean } = {}): Promise<DatabaseRuntime> {
  const { ownerUrl, embedded } = await openOwnerDatabase(config, logger, options);
  try {
    const applied = await runMigrations(ownerUrl);
    if (applied.length) logger.log({ msg: 'migrations applied', migrations: applied, context: 'Database' });
    const dataSource = createDataSource({
      url: config.appDatabaseUrl ?? ownerUrl,
      actAsAppRole: !config.appDatabaseUrl,
      poolSize: config.dbPoolSize,
    });
    await dataSource.initialize();
    return {
      dataSource,
      ownerUrl,
      embedded,
      close: async () => {
        if (dataSource.isInitialized) await dataSource.destroy();
        await embedded?.stop();
      },
    };
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}
