import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { createApp } from './app.factory.js';
import { JsonLogger } from './common/json-logger.js';
import { ConfigError, loadConfig } from './config/config.js';
import { type DatabaseRuntime, openDatabase } from './database/runtime.js';
import { FirstRunService, printCredentials } from './setup/first-run.service.js';

async function main() {
  const started = process.hrtime.bigint();
  const config = loadConfig();
  const logger = new JsonLogger(config.logLevel);
  let runtime: DatabaseRuntime | undefined;
  let app: INestApplication | undefined;
  let booting = true;
  let stopRequested: string | undefined;
  let closing = false;
  const shutdown = async (reason: string, code = 0) => {
    if (closing) return;
    closing = true;
    logger.log({ msg: `stopping (${reason})`, context: 'Main' });
    await app?.close().catch((err) => logger.error({ msg: 'closing the app failed', err: String(err) }));
    await runtime?.close().catch((err) => logger.error({ msg: 'stopping PostgreSQL failed', err: String(err) }));
    process.exit(code);
  };
  // Our own order: stop taking requests, close the pool, then stop the embedded PostgreSQL. A signal
  // during boot waits for the step in progress, so a PostgreSQL being started is stopped too.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => {
      if (booting) stopRequested ??= signal;
      else void shutdown(signal);
    });
  }
  const step = async <T>(work: () => Promise<T>): Promise<T> => {
    const result = await work();
    if (stopRequested) {
      await shutdown(`${stopRequested} during startup`);
    }
    return result;
  };
  try {
    runtime = await step(() => openDatabase(config, logger));
    app = await step(() => createApp(config, runtime!.dataSource, logger));
    printCredentials(await step(() => app!.get(FirstRunService).run(config)));
    await step(() => app!.listen(config.port, config.host));
  } catch (err) {
    process.stderr.write(`Khlang could not start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    await shutdown('startup failure', 1);
    return;
  }
  booting = false;
  logger.log({
    msg: `Khlang listening on http://localhost:${config.port} (database: ${runtime.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'})`,
    bootMs: Math.round(Number(process.hrtime.bigint() - started) / 1e6),
    context: 'Main',
  });
}

main().catch((err) => {
  process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `Khlang could not start: ${String(err)}\n`);
  process.exit(1);
});
