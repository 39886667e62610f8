import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLogService } from './audit-log.service.js';

/** 02:00 in Bangkok (UTC+7): the quietest hour of a station's storage room. */
const HOUR_UTC = 19;

/** The next 02:00 Bangkok time after `now`. */
export function nextNightlyRun(now: Date): Date {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), HOUR_UTC));
  if (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

/**
 * Every night the server recomputes every chain in full (each station's, then the system chain) and
 * records the result. A chain that holds gives the day's checkpoint, after which the O23 report and the
 * dashboard recompute only the new rows; a chain that does not hold is logged as an error and stays
 * under full verification until it holds again.
 */
@Injectable()
export class NightlyVerificationService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('NightlyVerification');
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(AuditLogService) private readonly auditLog: AuditLogService,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  onApplicationShutdown(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    const delay = nextNightlyRun(new Date()).getTime() - Date.now();
    this.timer = setTimeout(() => void this.runAll().finally(() => this.timer && this.schedule()), delay);
    // A command-line run or a test ends without waiting for the night.
    this.timer.unref();
  }

  /** Verifies every chain in full, one after another; answers how many did not hold. */
  async runAll(): Promise<number> {
    const stations: { id: string; code: string }[] = await this.dataSource.query('SELECT id, code FROM stations ORDER BY code');
    let broken = 0;
    for (const { id, code } of [...stations, { id: null, code: 'SYSTEM' }]) {
      try {
        const result = await this.auditLog.verify(id);
        if (!result.ok) {
          broken++;
          this.logger.error(`audit-log chain ${code} does not hold from sequence ${result.firstBadSeq}`);
        }
      } catch (err) {
        broken++;
        this.logger.error(`audit-log chain ${code} could not be verified: ${(err as Error).message}`);
      }
    }
    return broken;
  }
}
