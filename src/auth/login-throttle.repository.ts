import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface ThrottleState {
  failures: number;
  lockedUntil: Date | null;
}

/** Counts failed logins per username; a lock is set when the count reaches the limit. */
@Injectable()
export class LoginThrottleRepository {
  async state(em: EntityManager, username: string): Promise<ThrottleState | undefined> {
    const rows = await em.query('SELECT failures, locked_until AS "lockedUntil" FROM login_throttle WHERE username = $1', [username]);
    return rows[0];
  }

  /** Adds one failure (a run of failures older than the lock window starts again at 1). */
  async recordFailure(em: EntityManager, username: string, maxFailures: number, lockSeconds: number): Promise<ThrottleState> {
    const rows = await em.query(
      `INSERT INTO login_throttle AS t (username, failures, last_failure_at, locked_until)
       VALUES ($1, 1, now(), CASE WHEN $2 <= 1 THEN now() + make_interval(secs => $3) END)
       ON CONFLICT (username) DO UPDATE SET
         failures = CASE WHEN t.last_failure_at < now() - make_interval(secs => $3) THEN 1 ELSE t.failures + 1 END,
         last_failure_at = now(),
         locked_until = CASE
           WHEN (CASE WHEN t.last_failure_at < now() - make_interval(secs => $3) THEN 1 ELSE t.failures + 1 END) >= $2
           THEN now() + make_interval(secs => $3)
           ELSE t.locked_until END
       RETURNING failures, locked_until AS "lockedUntil"`,
      [username, maxFailures, lockSeconds],
    );
    return rows[0];
  }

  async clear(em: EntityManager, username: string): Promise<void> {
    await em.query('DELETE FROM login_throttle WHERE username = $1', [username]);
  }
}
