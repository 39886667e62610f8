import { expect } from '@jest/globals';
import pg from 'pg';
import type supertest from 'supertest';

export type Json = Record<string, any>;
export type Res = supertest.Response;

export const THAI = /[\u0E00-\u0E7F]/;

export const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** Every error answer: the status, a stable code, an English and a Thai message (the body is shown when the status is wrong). */
export function expectError(res: Res, status: number, code: string): void {
  expect({ status: res.status, code: res.body.code, body: res.status === status ? undefined : res.body }).toEqual({ status, code, body: undefined });
  expect(res.body.statusCode).toBe(status);
  expect(typeof res.body.message).toBe('string');
  expect(res.body.message.trim().length).toBeGreaterThan(0);
  expect(res.body.messageTh).toMatch(THAI);
}

/** A success with this status; otherwise the answer is shown. */
export function expectOk(res: Res, status = 200): void {
  expect(res.status === status ? 'ok' : `${res.status} ${JSON.stringify(res.body)}`).toBe('ok');
}

/**
 * The owner (superuser) session a test file uses to look at the database behind the API: one
 * connection for the file, since a connection per check is slow. The helpers are bound, so they can be
 * destructured.
 */
export class OwnerDb {
  private client: pg.Client | null = null;

  async open(url: string): Promise<void> {
    this.client = new pg.Client({ connectionString: url });
    await this.client.connect();
  }

  async close(): Promise<void> {
    await this.client?.end();
  }

  query(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
    return this.client!.query(sql, params);
  }

  rows = async <T = Json>(sql: string, params: unknown[] = []): Promise<T[]> => (await this.query(sql, params)).rows as T[];

  /** One statement as the owner (optionally as khlang_app) in a transaction rolled back whatever happens. */
  inRollback = async (sql: string, params: unknown[], asApp = false): Promise<void> => {
    await this.query('BEGIN');
    try {
      if (asApp) await this.query('SET LOCAL ROLE khlang_app');
      await this.query(sql, params);
    } finally {
      await this.query('ROLLBACK');
    }
  };

  lastAuditId = async (): Promise<number> => {
    const [{ id }] = await this.rows<{ id: string }>('SELECT coalesce(max(id), 0) AS id FROM audit_log');
    return Number(id);
  };

  auditSince = async (id: number): Promise<{ action: string; entity_id: string; actor_id: string; after: Json }[]> =>
    this.rows('SELECT action, entity_id, actor_id, after FROM audit_log WHERE id > $1 ORDER BY id', [id]);
}

/** A supertest parser that keeps a binary body (PDF, XLSX) as one Buffer: `.buffer(true).parse(binary as never)`. */
export function binary(res: { on: (e: string, f: (c?: Buffer) => void) => void }, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c?: Buffer) => chunks.push(c!));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
