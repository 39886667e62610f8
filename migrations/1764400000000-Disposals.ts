import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Counts with committees, blind mode and samples; incidents resolved by a commander; disposals;
 * the commander's decision on donations; closed items stay closed; a normalised person name for the
 * donor check (No Gift Policy).
 */
export class Disposals1764400000000 implements MigrationInterface {
  name = 'Disposals1764400000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "audit_committee_members" ("audit_id" uuid NOT NULL, "user_id" uuid NOT NULL, "station_id" uuid NOT NULL, CONSTRAINT "PK_6b36260554b7eb64ac2ed13aed5" PRIMARY KEY ("audit_id", "user_id"))`);
    await q.query(`CREATE TYPE "public"."disposal_status" AS ENUM('REQUESTED', 'APPROVED', 'REJECTED', 'EXECUTED')`);
    await q.query(`CREATE TYPE "public"."disposal_method" AS ENUM('RETURN_TO_OWNER', 'DESTROY', 'SELL', 'TRANSFER', 'WRITE_OFF')`);
    await q.query(`CREATE TYPE "public"."disposal_legal_basis" AS ENUM('COURT_ORDER', 'COMMITTEE_ORDER', 'FORFEITURE', 'OTHER_DOCUMENT')`);
    await q.query(`CREATE TABLE "disposals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "station_id" uuid NOT NULL, "status" "public"."disposal_status" NOT NULL DEFAULT 'REQUESTED', "method" "public"."disposal_method" NOT NULL, "legal_basis" "public"."disposal_legal_basis" NOT NULL, "document_ref" character varying(200) NOT NULL, "recipient" character varying(300), "note" character varying(1000), "requested_by" uuid NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL, "approved_by" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "decision_note" character varying(1000), "executed_by" uuid, "executed_at" TIMESTAMP WITH TIME ZONE, "witness_id" uuid, CONSTRAINT "ck_disposals_executed" CHECK ("status" <> 'EXECUTED' OR ("executed_by" IS NOT NULL AND "executed_at" IS NOT NULL AND "witness_id" IS NOT NULL)), CONSTRAINT "ck_disposals_decided" CHECK ("status" = 'REQUESTED' OR ("approved_by" IS NOT NULL AND "decided_at" IS NOT NULL)), CONSTRAINT "ck_disposals_witness_not_executor" CHECK ("witness_id" IS NULL OR "witness_id" <> "executed_by"), CONSTRAINT "ck_disposals_executor_not_approver" CHECK ("executed_by" IS NULL OR "executed_by" <> "approved_by"), CONSTRAINT "ck_disposals_approver_not_requester" CHECK ("approved_by" IS NULL OR "approved_by" <> "requested_by"), CONSTRAINT "PK_18889d3bd924d5c44f1a67b1052" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_disposals_station_status" ON "disposals" ("station_id", "status")`);
    await q.query(`CREATE TABLE "disposal_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "station_id" uuid NOT NULL, "disposal_id" uuid NOT NULL, "item_id" uuid NOT NULL, "weight_seen_grams" numeric(14,3), "open" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_56ff5757df11b4ac4dc320fb4b4" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_disposal_items_disposal" ON "disposal_items" ("disposal_id")`);
    await q.query(`CREATE UNIQUE INDEX "uq_disposal_items_open_item" ON "disposal_items" ("item_id") WHERE "open"`);
    await q.query(`CREATE TYPE "public"."donation_decision" AS ENUM('ACCEPTED', 'DECLINED')`);
    await q.query(`CREATE TABLE "donation_acceptances" ("item_id" uuid NOT NULL, "station_id" uuid NOT NULL, "decision" "public"."donation_decision" NOT NULL, "receipt_number" character varying(32), "donor_matches" jsonb NOT NULL DEFAULT '[]', "conflict_acknowledged" boolean NOT NULL DEFAULT false, "decided_by" uuid NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL, "note" character varying(1000), CONSTRAINT "ck_donation_acceptances_receipt" CHECK (("decision" = 'ACCEPTED') = ("receipt_number" IS NOT NULL)), CONSTRAINT "ck_donation_acceptances_conflict_acknowledged" CHECK (jsonb_array_length("donor_matches") = 0 OR "conflict_acknowledged" OR "decision" = 'DECLINED'), CONSTRAINT "PK_2b34927b619facc5bb94e5205ff" PRIMARY KEY ("item_id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_donation_acceptances_receipt" ON "donation_acceptances" ("station_id", "receipt_number")`);
    await q.query(`ALTER TABLE "audit_sessions" ADD "blind" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "audit_sessions" ADD "sample_percent" numeric(5,2)`);
    await q.query(`ALTER TABLE "audit_sessions" ADD "sample_seed" character varying(32)`);
    await q.query(`ALTER TABLE "audit_findings" ADD "condition_seen" "public"."item_condition"`);
    await q.query(`ALTER TABLE "discrepancies" ADD "resolved_by" uuid`);
    await q.query(`ALTER TABLE "discrepancies" ADD "resolved_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "discrepancies" ADD "resolution_note" character varying(2000)`);
    await q.query(`ALTER TYPE "public"."discrepancy_kind" ADD VALUE 'DUPLICATE_SCAN'`);
    await q.query(`ALTER TABLE "audit_sessions" ADD CONSTRAINT "ck_audit_sessions_sample" CHECK (("sample_percent" IS NULL) = ("sample_seed" IS NULL) AND ("sample_percent" IS NULL OR ("sample_percent" >= 0 AND "sample_percent" <= 100)))`);
    await q.query(`ALTER TABLE "discrepancies" ADD CONSTRAINT "ck_discrepancies_resolved" CHECK (("status" = 'OPEN') = ("resolved_by" IS NULL) AND ("status" = 'OPEN' OR ("resolved_at" IS NOT NULL AND "resolution_note" IS NOT NULL)))`);
    await q.query(`ALTER TABLE "audit_committee_members" ADD CONSTRAINT "fk_audit_committee_audit" FOREIGN KEY ("audit_id") REFERENCES "audit_sessions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "audit_committee_members" ADD CONSTRAINT "fk_audit_committee_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "audit_committee_members" ADD CONSTRAINT "fk_audit_committee_station" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "discrepancies" ADD CONSTRAINT "fk_discrepancies_resolved_by" FOREIGN KEY ("resolved_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "disposals" ADD CONSTRAINT "fk_disposals_station" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "disposals" ADD CONSTRAINT "fk_disposals_requested_by" FOREIGN KEY ("requested_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "disposals" ADD CONSTRAINT "fk_disposals_approved_by" FOREIGN KEY ("approved_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "disposals" ADD CONSTRAINT "fk_disposals_executed_by" FOREIGN KEY ("executed_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "disposals" ADD CONSTRAINT "fk_disposals_witness" FOREIGN KEY ("witness_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "disposal_items" ADD CONSTRAINT "fk_disposal_items_station" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "disposal_items" ADD CONSTRAINT "fk_disposal_items_disposal" FOREIGN KEY ("disposal_id") REFERENCES "disposals"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "disposal_items" ADD CONSTRAINT "fk_disposal_items_item" FOREIGN KEY ("item_id") REFERENCES "items"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "donation_acceptances" ADD CONSTRAINT "fk_donation_acceptances_item" FOREIGN KEY ("item_id") REFERENCES "items"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "donation_acceptances" ADD CONSTRAINT "fk_donation_acceptances_station" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "donation_acceptances" ADD CONSTRAINT "fk_donation_acceptances_decided_by" FOREIGN KEY ("decided_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);

    // ข้อ 213: the annual inspection committee has no supply officer (CLERK), and every member is of the station.
    await q.query(`CREATE FUNCTION audit_committee_rules() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        session record;
        member record;
      BEGIN
        SELECT kind, station_id INTO session FROM audit_sessions WHERE id = NEW.audit_id;
        SELECT station_id, roles INTO member FROM users WHERE id = NEW.user_id;
        IF member.station_id IS DISTINCT FROM session.station_id OR NEW.station_id IS DISTINCT FROM session.station_id THEN
          RAISE EXCEPTION 'a committee member belongs to the count''s station' USING ERRCODE = 'check_violation',
            CONSTRAINT = 'ck_audit_committee_same_station';
        END IF;
        IF session.kind = 'ANNUAL_PROPERTY' AND 'CLERK' = ANY (member.roles) THEN
          RAISE EXCEPTION 'an annual property inspection committee may not include a clerk' USING ERRCODE = 'check_violation',
            CONSTRAINT = 'ck_audit_committee_no_clerk';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER audit_committee_rules BEFORE INSERT OR UPDATE ON "audit_committee_members"
      FOR EACH ROW EXECUTE FUNCTION audit_committee_rules()`);

    // A closed (disposed) item is final: no change to it, whoever asks.
    await q.query(`CREATE FUNCTION items_closed_final() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'item % is closed (disposed): it is never changed again', OLD.code USING ERRCODE = 'check_violation',
          CONSTRAINT = 'ck_items_closed_final';
      END $$`);
    await q.query(`CREATE TRIGGER items_closed_final BEFORE UPDATE ON "items"
      FOR EACH ROW WHEN (OLD.status = 'DISPOSED') EXECUTE FUNCTION items_closed_final()`);

    // A decision on a donation is final.
    await q.query(`CREATE TRIGGER donation_acceptances_final BEFORE UPDATE OR DELETE ON "donation_acceptances"
      FOR EACH ROW EXECUTE FUNCTION refuse_change()`);

    // Thai names compared without title (นาย, นาง, นางสาว, …), spaces, dots or case (DESIGN §3 rule 7). "คุณ" is
    // not stripped: Thai has no space to tell it from a name that begins with it (คุณากร).
    await q.query(`CREATE FUNCTION normalise_person_name(name text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT lower(regexp_replace(regexp_replace(normalize(coalesce(name, ''), NFC),
        '^[[:space:]\u200b\u00a0]*(นางสาว|นาง|นาย|น[.]ส[.]|ด[.]ช[.]|ด[.]ญ[.]|เด็กชาย|เด็กหญิง|mrs[.]?|mr[.]?|ms[.]?|miss)', '', 'i'),
        '[[:space:]\u200b\u00a0.]+', '', 'g'))
    $$`);
    await q.query(`CREATE INDEX ix_items_evidence_seized_from ON items (station_id, normalise_person_name(details ->> 'seizedFrom')) WHERE category = 'EVIDENCE'`);
    await q.query(`CREATE INDEX ix_items_evidence_owner ON items (station_id, normalise_person_name(details ->> 'ownerName')) WHERE category = 'EVIDENCE'`);

    await q.query(`REVOKE DELETE, TRUNCATE ON "disposals", "disposal_items", "audit_committee_members" FROM khlang_app`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "donation_acceptances" FROM khlang_app`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_items_evidence_owner`);
    await q.query(`DROP INDEX ix_items_evidence_seized_from`);
    await q.query(`DROP FUNCTION normalise_person_name(text)`);
    await q.query(`DROP TRIGGER donation_acceptances_final ON "donation_acceptances"`);
    await q.query(`DROP TRIGGER items_closed_final ON "items"`);
    await q.query(`DROP FUNCTION items_closed_final()`);
    await q.query(`DROP TRIGGER audit_committee_rules ON "audit_committee_members"`);
    await q.query(`DROP FUNCTION audit_committee_rules()`);
    await q.query(`ALTER TABLE "donation_acceptances" DROP CONSTRAINT "fk_donation_acceptances_decided_by"`);
    await q.query(`ALTER TABLE "donation_acceptances" DROP CONSTRAINT "fk_donation_acceptances_station"`);
    await q.query(`ALTER TABLE "donation_acceptances" DROP CONSTRAINT "fk_donation_acceptances_item"`);
    await q.query(`ALTER TABLE "disposal_items" DROP CONSTRAINT "fk_disposal_items_item"`);
    await q.query(`ALTER TABLE "disposal_items" DROP CONSTRAINT "fk_disposal_items_disposal"`);
    await q.query(`ALTER TABLE "disposal_items" DROP CONSTRAINT "fk_disposal_items_station"`);
    await q.query(`ALTER TABLE "disposals" DROP CONSTRAINT "fk_disposals_witness"`);
    await q.query(`ALTER TABLE "disposals" DROP CONSTRAINT "fk_disposals_executed_by"`);
    await q.query(`ALTER TABLE "disposals" DROP CONSTRAINT "fk_disposals_approved_by"`);
    await q.query(`ALTER TABLE "disposals" DROP CONSTRAINT "fk_disposals_requested_by"`);
    await q.query(`ALTER TABLE "disposals" DROP CONSTRAINT "fk_disposals_station"`);
    await q.query(`ALTER TABLE "discrepancies" DROP CONSTRAINT "fk_discrepancies_resolved_by"`);
    await q.query(`ALTER TABLE "audit_committee_members" DROP CONSTRAINT "fk_audit_committee_station"`);
    await q.query(`ALTER TABLE "audit_committee_members" DROP CONSTRAINT "fk_audit_committee_user"`);
    await q.query(`ALTER TABLE "audit_committee_members" DROP CONSTRAINT "fk_audit_committee_audit"`);
    await q.query(`ALTER TABLE "discrepancies" DROP CONSTRAINT "ck_discrepancies_resolved"`);
    await q.query(`ALTER TABLE "audit_sessions" DROP CONSTRAINT "ck_audit_sessions_sample"`);
    await q.query(`CREATE TYPE "public"."discrepancy_kind_old" AS ENUM('SEAL_MISMATCH', 'WEIGHT_MISMATCH', 'AMOUNT_MISMATCH', 'DAMAGED_ON_RETURN', 'NOT_RETURNED', 'MISSING', 'UNEXPECTED', 'MISPLACED', 'CONDITION_CHANGED')`);
    await q.query(`ALTER TABLE "discrepancies" ALTER COLUMN "kind" TYPE "public"."discrepancy_kind_old" USING "kind"::"text"::"public"."discrepancy_kind_old"`);
    await q.query(`DROP TYPE "public"."discrepancy_kind"`);
    await q.query(`ALTER TYPE "public"."discrepancy_kind_old" RENAME TO "discrepancy_kind"`);
    await q.query(`ALTER TABLE "discrepancies" DROP COLUMN "resolution_note"`);
    await q.query(`ALTER TABLE "discrepancies" DROP COLUMN "resolved_at"`);
    await q.query(`ALTER TABLE "discrepancies" DROP COLUMN "resolved_by"`);
    await q.query(`ALTER TABLE "audit_findings" DROP COLUMN "condition_seen"`);
    await q.query(`ALTER TABLE "audit_sessions" DROP COLUMN "sample_seed"`);
    await q.query(`ALTER TABLE "audit_sessions" DROP COLUMN "sample_percent"`);
    await q.query(`ALTER TABLE "audit_sessions" DROP COLUMN "blind"`);
    await q.query(`DROP INDEX "public"."uq_donation_acceptances_receipt"`);
    await q.query(`DROP TABLE "donation_acceptances"`);
    await q.query(`DROP TYPE "public"."donation_decision"`);
    await q.query(`DROP INDEX "public"."uq_disposal_items_open_item"`);
    await q.query(`DROP INDEX "public"."ix_disposal_items_disposal"`);
    await q.query(`DROP TABLE "disposal_items"`);
    await q.query(`DROP INDEX "public"."ix_disposals_station_status"`);
    await q.query(`DROP TABLE "disposals"`);
    await q.query(`DROP TYPE "public"."disposal_legal_basis"`);
    await q.query(`DROP TYPE "public"."disposal_method"`);
    await q.query(`DROP TYPE "public"."disposal_status"`);
    await q.query(`DROP TABLE "audit_committee_members"`);
  }
}
