import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Verification checkpoints: every verification of an audit-log chain is recorded, and the latest one
 * that held lets a report recompute only the rows written since (AuditLogService.verify).
 */
export class VerificationCheckpoints1764710000000 implements MigrationInterface {
  name = 'VerificationCheckpoints1764710000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "audit_verifications" ("id" BIGSERIAL NOT NULL, "chain_key" character varying(36) NOT NULL, "mode" character varying(12) NOT NULL, "from_seq" bigint NOT NULL, "through_seq" bigint NOT NULL, "through_hash" character(64) NOT NULL, "ok" boolean NOT NULL, "first_bad_seq" bigint, "verified_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_audit_verifications_mode" CHECK ("mode" IN ('FULL', 'INCREMENTAL')), CONSTRAINT "PK_audit_verifications" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_audit_verifications_chain" ON "audit_verifications" ("chain_key", "id")`);
    // A checkpoint vouches for the rows before it: it is never changed or removed.
    await q.query(`CREATE TRIGGER audit_verifications_append_only BEFORE UPDATE OR DELETE ON "audit_verifications"
      FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    await q.query(`CREATE TRIGGER audit_verifications_no_truncate BEFORE TRUNCATE ON "audit_verifications"
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "audit_verifications" FROM khlang_app`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "audit_verifications"`);
  }
}
