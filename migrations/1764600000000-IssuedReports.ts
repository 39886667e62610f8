import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Issued O23 reports: figures, PDF and XLSX frozen with their SHA-256 and the chain head, never changed. */
export class IssuedReports1764600000000 implements MigrationInterface {
  name = 'IssuedReports1764600000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "o23_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "station_id" uuid NOT NULL, "period_from" character(7) NOT NULL, "period_to" character(7) NOT NULL, "version" integer NOT NULL, "reason" character varying(1000), "figures" jsonb NOT NULL, "pdf" bytea NOT NULL, "pdf_sha256" character(64) NOT NULL, "xlsx" bytea NOT NULL, "xlsx_sha256" character(64) NOT NULL, "chain_head_seq" bigint NOT NULL, "chain_head_hash" character(64), "chain_verified" boolean NOT NULL, "prepared_by" uuid NOT NULL, "issued_by" uuid NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_o23_reports_issuer_not_preparer" CHECK ("issued_by" <> "prepared_by"), CONSTRAINT "ck_o23_reports_reissue_reason" CHECK (("version" = 1) = ("reason" IS NULL)), CONSTRAINT "ck_o23_reports_version_positive" CHECK ("version" >= 1), CONSTRAINT "PK_a21e5ed894b7e56379eeb61104a" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_o23_reports_version" ON "o23_reports" ("station_id", "period_from", "period_to", "version")`);
    await q.query(`ALTER TABLE "o23_reports" ADD CONSTRAINT "fk_o23_reports_station" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "o23_reports" ADD CONSTRAINT "fk_o23_reports_prepared_by" FOREIGN KEY ("prepared_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "o23_reports" ADD CONSTRAINT "fk_o23_reports_issued_by" FOREIGN KEY ("issued_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    // What was issued stays as issued: a published hash must keep matching the stored file.
    await q.query(`CREATE TRIGGER o23_reports_append_only BEFORE UPDATE OR DELETE ON "o23_reports"
      FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    await q.query(`CREATE TRIGGER o23_reports_no_truncate BEFORE TRUNCATE ON "o23_reports"
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "o23_reports" FROM khlang_app`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER o23_reports_no_truncate ON "o23_reports"`);
    await q.query(`DROP TRIGGER o23_reports_append_only ON "o23_reports"`);
    await q.query(`ALTER TABLE "o23_reports" DROP CONSTRAINT "fk_o23_reports_issued_by"`);
    await q.query(`ALTER TABLE "o23_reports" DROP CONSTRAINT "fk_o23_reports_prepared_by"`);
    await q.query(`ALTER TABLE "o23_reports" DROP CONSTRAINT "fk_o23_reports_station"`);
    await q.query(`DROP INDEX "public"."uq_o23_reports_version"`);
    await q.query(`DROP TABLE "o23_reports"`);
  }
}
