import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

const RETRYABLE = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected

/** One transaction per state change; the audit-log row is written inside it by the caller. */
@Injectable()
export class TransactionService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async run<T>(work: (em: EntityManager) => Promise<T>, attempts = 3): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction(work);
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (attempt >= attempts || !code || !RETRYABLE.has(code)) throw err;
      }
    }
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }
}
