import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Section 8 of the O23 report: the problems and corrective action the clerk writes for a period. */
export class Reports1764500000000 implements MigrationInterface {
  name = 'Reports1764500000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "o23_notes" ("station_id" uuid NOT NULL, "period_from" character(7) NOT NULL, "period_to" character(7) NOT NULL, "problems" character varying(4000) NOT NULL, "corrective_action" character varying(4000) NOT NULL, "updated_by" uuid NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ea8c2482e774421fce0fff9609e" PRIMARY KEY ("station_id", "period_from", "period_to"))`);
    await q.query(`ALTER TABLE "o23_notes" ADD CONSTRAINT "fk_o23_notes_station" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "o23_notes" ADD CONSTRAINT "fk_o23_notes_updated_by" FOREIGN KEY ("updated_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    // The text is kept and changed, never removed: each save is on the audit chain.
    await q.query(`REVOKE DELETE, TRUNCATE ON "o23_notes" FROM khlang_app`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "o23_notes" DROP CONSTRAINT "fk_o23_notes_updated_by"`);
    await q.query(`ALTER TABLE "o23_notes" DROP CONSTRAINT "fk_o23_notes_station"`);
    await q.query(`DROP TABLE "o23_notes"`);
  }
}
