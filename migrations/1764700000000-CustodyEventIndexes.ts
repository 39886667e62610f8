import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the O23 report's holdings need at DESIGN §9 scale (200,000 items, 2,000,000 events), measured in
 * test/bench/o23.bench.ts: two partial indexes of custody events.
 */
export class CustodyEventIndexes1764700000000 implements MigrationInterface {
  name = 'CustodyEventIndexes1764700000000';

  public async up(q: QueryRunner): Promise<void> {
    // Holdings' "condition at the end" per item: the last event with a condition, index-only.
    await q.query(`CREATE INDEX "ix_custody_events_condition" ON "custody_events" ("item_id", "id") INCLUDE ("at", "condition") WHERE "condition" IS NOT NULL`);
    // The closing (DISPOSE) events, which holdings, evidence and the disposition timers look up per item.
    await q.query(`CREATE INDEX "ix_custody_events_closed" ON "custody_events" ("item_id", "at") INCLUDE ("station_id") WHERE "to_status" = 'DISPOSED'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."ix_custody_events_closed"`);
    await q.query(`DROP INDEX "public"."ix_custody_events_condition"`);
  }
}
