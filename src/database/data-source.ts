import pg from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { ENTITIES } from './entities.js';

/** The role the application works as: no UPDATE/DELETE/TRUNCATE on the audit log (see migrations). */
export const APP_ROLE = 'khlang_app';

// bigint columns are counters and sequence numbers well below 2^53; timestamps stay Date.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

export interface DataSourceParams {
  url: string;
  /** Connect as the owner but act as the application role (`SET ROLE` at connection start). */
  actAsAppRole?: boolean;
  poolSize?: number;
  applicationName?: string;
}

export function dataSourceOptions(params: DataSourceParams): DataSourceOptions {
  return {
    type: 'postgres',
    url: params.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    synchronize: false,
    logging: false,
    poolSize: params.poolSize ?? 10,
    applicationName: params.applicationName ?? 'khlang',
    relationLoadStrategy: 'query',
    // gen_random_uuid() is built into PostgreSQL 13+; the application role may not create extensions.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    extra: {
      ...(params.actAsAppRole ? { options: `-c role=${APP_ROLE}` } : {}),
      connectionTimeoutMillis: 10000,
    },
  };
}

export function createDataSource(params: DataSourceParams): DataSource {
  return new DataSource(dataSourceOptions(params));
}
