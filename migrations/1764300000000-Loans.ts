import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Loans, the daily weapons book (shifts) and counts (audit sessions, scans, findings); discrepancies
 * learn where they came from. Loan lines and shift issues share \`loan_items\`, so one partial unique
 * index keeps an item on at most one open line (DESIGN §3 rule 3).
 */
export class Loans1764300000000 implements MigrationInterface {
  name = 'Loans1764300000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE "public"."audit_kind" AS ENUM('DAILY_ARMS', 'MONTHLY_EVIDENCE', 'ANNUAL_PROPERTY', 'SPOT')`);
    await q.query(`CREATE TYPE "public"."audit_status" AS ENUM('OPEN', 'CLOSED')`);
    await q.query(`CREATE TABLE "audit_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "station_id" uuid NOT NULL, "kind" "public"."audit_kind" NOT NULL, "status" "public"."audit_status" NOT NULL DEFAULT 'OPEN', "category" "public"."item_category", "location_id" uuid, "started_by" uuid NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closed_by" uuid, "closed_at" TIMESTAMP WITH TIME ZONE, "countersigned_by" uuid, "summary" jsonb, "note" character varying(1000), CONSTRAINT "ck_audit_sessions_countersigner" CHECK ("countersigned_by" IS NULL OR "countersigned_by" <> "closed_by"), CONSTRAINT "ck_audit_sessions_closed" CHECK ("status" = 'OPEN' OR ("closed_by" IS NOT NULL AND "closed_at" IS NOT NULL)), CONSTRAINT "PK_edfdd76908c4e6139251775c0e2" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_audit_sessions_station_kind" ON "audit_sessions" ("station_id", "kind", "started_at")`);
    await q.query(`CREATE TYPE "public"."audit_finding_type" AS ENUM('FOUND', 'AWAY', 'MISSING', 'UNEXPECTED', 'MISPLACED', 'CONDITION_CHANGED', 'SEAL_MISMATCH', 'DUPLICATE_SCAN')`);
    await q.query(`CREATE TABLE "audit_findings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "station_id" uuid NOT NULL, "audit_id" uuid NOT NULL, "item_id" uuid NOT NULL, "type" "public"."audit_finding_type" NOT NULL, "detail" character varying(500), CONSTRAINT "PK_b66fb855ac062aabeccdd4ec1b4" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_audit_findings_item" ON "audit_findings" ("item_id")`);
    await q.query(`CREATE INDEX "ix_audit_findings_audit" ON "audit_findings" ("audit_id", "type")`);
    await q.query(`CREATE TABLE "audit_scans" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "station_id" uuid NOT NULL, "audit_id" uuid NOT NULL, "item_id" uuid NOT NULL, "location_id" uuid, "condition" "public"."item_condition", "seal_seen" character varying(100), "duplicate" boolean NOT NULL, "scanned_by" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b2dda79075cf34859c400693ae4" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_audit_scans_audit_item" ON "audit_scans" ("audit_id", "item_id")`);
    await q.query(`CREATE TYPE "public"."shift_status" AS ENUM('OPEN', 'CLOSED')`);
    await q.query(`CREATE TABLE "shifts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "station_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "status" "public"."shift_status" NOT NULL DEFAULT 'OPEN', "opened_by" uuid NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closed_by" uuid, "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_shifts_closed" CHECK ("status" = 'OPEN' OR ("closed_by" IS NOT NULL AND "closed_at" IS NOT NULL)), CONSTRAINT "PK_84d692e367e4d6cdf045828768c" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_shifts_station_status" ON "shifts" ("station_id", "status")`);
    await q.query(`CREATE TYPE "public"."loan_status" AS ENUM('REQUESTED', 'APPROVED', 'REJECTED', 'CANCELLED', 'ISSUED', 'PARTIALLY_RETURNED', 'RETURNED')`);
    await q.query(`CREATE TYPE "public"."loan_purpose" AS ENUM('COURT', 'LAB', 'PROSECUTOR', 'DUTY', 'TRAINING', 'REPAIR', 'OTHER')`);
    await q.query(`CREATE TABLE "loans" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "station_id" uuid NOT NULL, "status" "public"."loan_status" NOT NULL DEFAULT 'REQUESTED', "requester_id" uuid NOT NULL, "purpose_type" "public"."loan_purpose" NOT NULL, "purpose" character varying(1000) NOT NULL, "off_premises" boolean NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "approver_roles" character varying(20) array NOT NULL, "approver_id" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "decision_note" character varying(1000), "cancelled_at" TIMESTAMP WITH TIME ZONE, "issued_by" uuid, "issued_at" TIMESTAMP WITH TIME ZONE, "issue_witness_id" uuid, "returned_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_loans_approver_roles" CHECK (cardinality("approver_roles") > 0), CONSTRAINT "ck_loans_due_after_request" CHECK ("due_at" > "requested_at"), CONSTRAINT "ck_loans_issued" CHECK ("status" NOT IN ('ISSUED', 'PARTIALLY_RETURNED', 'RETURNED') OR ("issued_by" IS NOT NULL AND "issued_at" IS NOT NULL)), CONSTRAINT "ck_loans_decided" CHECK ("status" IN ('REQUESTED', 'CANCELLED') OR ("approver_id" IS NOT NULL AND "decided_at" IS NOT NULL)), CONSTRAINT "ck_loans_witness_not_issuer" CHECK ("issue_witness_id" IS NULL OR "issue_witness_id" <> "issued_by"), CONSTRAINT "ck_loans_issuer_not_approver" CHECK ("issued_by" IS NULL OR "issued_by" <> "approver_id"), CONSTRAINT "ck_loans_issuer_not_requester" CHECK ("issued_by" IS NULL OR "issued_by" <> "requester_id"), CONSTRAINT "ck_loans_approver_not_requester" CHECK ("approver_id" IS NULL OR "approver_id" <> "requester_id"), CONSTRAINT "PK_5c6942c1e13e4de135c5203ee61" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_loans_requester" ON "loans" ("requester_id")`);
    await q.query(`CREATE INDEX "ix_loans_station_status" ON "loans" ("station_id", "status")`);
    await q.query(`CREATE TABLE "loan_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "station_id" uuid NOT NULL, "loan_id" uuid, "shift_id" uuid, "item_id" uuid NOT NULL, "holder_id" uuid NOT NULL, "quantity" numeric(14,3) NOT NULL, "returned_quantity" numeric(14,3) NOT NULL DEFAULT '0', "spent_quantity" numeric(14,3) NOT NULL DEFAULT '0', "spent_reason" character varying(1000), "return_condition" "public"."item_condition", "from_location_id" uuid, "issued_by" uuid, "issued_at" TIMESTAMP WITH TIME ZONE, "witness_id" uuid, "open" boolean NOT NULL DEFAULT true, "closed_at" TIMESTAMP WITH TIME ZONE, "unreturned_reason" character varying(1000), CONSTRAINT "ck_loan_items_shift_issued" CHECK ("shift_id" IS NULL OR ("issued_by" IS NOT NULL AND "issued_at" IS NOT NULL)), CONSTRAINT "ck_loan_items_closed" CHECK ("open" OR "closed_at" IS NOT NULL), CONSTRAINT "ck_loan_items_spent_reason" CHECK ("spent_quantity" = 0 OR "spent_reason" IS NOT NULL), CONSTRAINT "ck_loan_items_quantities" CHECK ("quantity" > 0 AND "returned_quantity" >= 0 AND "spent_quantity" >= 0 AND "returned_quantity" + "spent_quantity" <= "quantity"), CONSTRAINT "ck_loan_items_witness_not_issuer" CHECK ("witness_id" IS NULL OR "witness_id" <> "issued_by"), CONSTRAINT "ck_loan_items_issuer_not_holder" CHECK ("issued_by" IS NULL OR "issued_by" <> "holder_id"), CONSTRAINT "ck_loan_items_one_parent" CHECK (num_nonnulls("loan_id", "shift_id") = 1), CONSTRAINT "PK_40643c64d2dd50c72949e3cd064" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_loan_items_station_holder" ON "loan_items" ("station_id", "holder_id")`);
    await q.query(`CREATE INDEX "ix_loan_items_item" ON "loan_items" ("item_id")`);
    await q.query(`CREATE INDEX "ix_loan_items_shift" ON "loan_items" ("shift_id")`);
    await q.query(`CREATE INDEX "ix_loan_items_loan" ON "loan_items" ("loan_id")`);
    await q.query(`CREATE UNIQUE INDEX "uq_loan_items_open_item" ON "loan_items" ("item_id") WHERE "open"`);
    await q.query(`ALTER TABLE "discrepancies" ADD "audit_id" uuid`);
    await q.query(`ALTER TABLE "discrepancies" ADD "loan_item_id" uuid`);
    await q.query(`ALTER TABLE "discrepancies" ADD "note" character varying(1000)`);
    await q.query(`ALTER TYPE "public"."discrepancy_kind" ADD VALUE 'DAMAGED_ON_RETURN'`);
    await q.query(`ALTER TYPE "public"."discrepancy_kind" ADD VALUE 'NOT_RETURNED'`);
    await q.query(`ALTER TYPE "public"."discrepancy_kind" ADD VALUE 'MISSING'`);
    await q.query(`ALTER TYPE "public"."discrepancy_kind" ADD VALUE 'UNEXPECTED'`);
    await q.query(`ALTER TYPE "public"."discrepancy_kind" ADD VALUE 'MISPLACED'`);
    await q.query(`ALTER TYPE "public"."discrepancy_kind" ADD VALUE 'CONDITION_CHANGED'`);
    await q.query(`ALTER TABLE "audit_sessions" ADD CONSTRAINT "fk_audit_sessions_station" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "audit_sessions" ADD CONSTRAINT "fk_audit_sessions_location" FOREIGN KEY ("location_id") REFERENCES "locations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "audit_sessions" ADD CONSTRAINT "fk_audit_sessions_started_by" FOREIGN KEY ("started_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "audit_sessions" ADD CONSTRAINT "fk_audit_sessions_closed_by" FOREIGN KEY ("closed_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "audit_sessions" ADD CONSTRAINT "fk_audit_sessions_countersigned_by" FOREIGN KEY ("countersigned_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "audit_findings" ADD CONSTRAINT "fk_audit_findings_station" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "audit_findings" ADD CONSTRAINT "fk_audit_findings_audit" FOREIGN KEY ("audit_id") REFERENCES "audit_sessions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "audit_findings" ADD CONSTRAINT "fk_audit_findings_item" FOREIGN KEY ("item_id") REFERENCES "items"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "audit_scans" ADD CONSTRAINT "fk_audit_scans_station" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "audit_scans" ADD CONSTRAINT "fk_audit_scans_audit" FOREIGN KEY ("audit_id") REFERENCES "audit_sessions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "audit_scans" ADD CONSTRAINT "fk_audit_scans_item" FOREIGN KEY ("item_id") REFERENCES "items"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "audit_scans" ADD CONSTRAINT "fk_audit_scans_location" FOREIGN KEY ("location_id") REFERENCES "locations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "audit_scans" ADD CONSTRAINT "fk_audit_scans_scanned_by" FOREIGN KEY ("scanned_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "shifts" ADD CONSTRAINT "fk_shifts_station" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "shifts" ADD CONSTRAINT "fk_shifts_opened_by" FOREIGN KEY ("opened_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "shifts" ADD CONSTRAINT "fk_shifts_closed_by" FOREIGN KEY ("closed_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "loans" ADD CONSTRAINT "fk_loans_station" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "loans" ADD CONSTRAINT "fk_loans_requester" FOREIGN KEY ("requester_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "loans" ADD CONSTRAINT "fk_loans_approver" FOREIGN KEY ("approver_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "loans" ADD CONSTRAINT "fk_loans_issued_by" FOREIGN KEY ("issued_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "loans" ADD CONSTRAINT "fk_loans_issue_witness" FOREIGN KEY ("issue_witness_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "loan_items" ADD CONSTRAINT "fk_loan_items_station" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "loan_items" ADD CONSTRAINT "fk_loan_items_loan" FOREIGN KEY ("loan_id") REFERENCES "loans"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "loan_items" ADD CONSTRAINT "fk_loan_items_shift" FOREIGN KEY ("shift_id") REFERENCES "shifts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "loan_items" ADD CONSTRAINT "fk_loan_items_item" FOREIGN KEY ("item_id") REFERENCES "items"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "loan_items" ADD CONSTRAINT "fk_loan_items_holder" FOREIGN KEY ("holder_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "loan_items" ADD CONSTRAINT "fk_loan_items_from_location" FOREIGN KEY ("from_location_id") REFERENCES "locations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "loan_items" ADD CONSTRAINT "fk_loan_items_issued_by" FOREIGN KEY ("issued_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "loan_items" ADD CONSTRAINT "fk_loan_items_witness" FOREIGN KEY ("witness_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "discrepancies" ADD CONSTRAINT "fk_discrepancies_audit" FOREIGN KEY ("audit_id") REFERENCES "audit_sessions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "discrepancies" ADD CONSTRAINT "fk_discrepancies_loan_item" FOREIGN KEY ("loan_item_id") REFERENCES "loan_items"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);

    // A bulk lot (ammunition) that is all spent is closed with quantity 0.
    await q.query(`ALTER TABLE "items" DROP CONSTRAINT "ck_items_quantity_positive"`);
    await q.query(`ALTER TABLE "items" ADD CONSTRAINT "ck_items_quantity_positive" CHECK ("quantity" > 0 OR ("quantity" = 0 AND "status" = 'DISPOSED'))`);

    // Scans and findings are evidence of a count: never changed or removed.
    await q.query(`CREATE TRIGGER audit_scans_append_only BEFORE UPDATE OR DELETE ON "audit_scans"
      FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    await q.query(`CREATE TRIGGER audit_scans_no_truncate BEFORE TRUNCATE ON "audit_scans"
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);
    await q.query(`CREATE TRIGGER audit_findings_append_only BEFORE UPDATE OR DELETE ON "audit_findings"
      FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    await q.query(`CREATE TRIGGER audit_findings_no_truncate BEFORE TRUNCATE ON "audit_findings"
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "audit_scans", "audit_findings" FROM khlang_app`);
    await q.query(`REVOKE DELETE, TRUNCATE ON "loans", "loan_items", "shifts", "audit_sessions" FROM khlang_app`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_findings_no_truncate ON "audit_findings"`);
    await q.query(`DROP TRIGGER audit_findings_append_only ON "audit_findings"`);
    await q.query(`DROP TRIGGER audit_scans_no_truncate ON "audit_scans"`);
    await q.query(`DROP TRIGGER audit_scans_append_only ON "audit_scans"`);
    await q.query(`ALTER TABLE "items" DROP CONSTRAINT "ck_items_quantity_positive"`);
    await q.query(`ALTER TABLE "items" ADD CONSTRAINT "ck_items_quantity_positive" CHECK ("quantity" > 0)`);
    await q.query(`ALTER TABLE "discrepancies" DROP CONSTRAINT "fk_discrepancies_loan_item"`);
    await q.query(`ALTER TABLE "discrepancies" DROP CONSTRAINT "fk_discrepancies_audit"`);
    await q.query(`ALTER TABLE "loan_items" DROP CONSTRAINT "fk_loan_items_witness"`);
    await q.query(`ALTER TABLE "loan_items" DROP CONSTRAINT "fk_loan_items_issued_by"`);
    await q.query(`ALTER TABLE "loan_items" DROP CONSTRAINT "fk_loan_items_from_location"`);
    await q.query(`ALTER TABLE "loan_items" DROP CONSTRAINT "fk_loan_items_holder"`);
    await q.query(`ALTER TABLE "loan_items" DROP CONSTRAINT "fk_loan_items_item"`);
    await q.query(`ALTER TABLE "loan_items" DROP CONSTRAINT "fk_loan_items_shift"`);
    await q.query(`ALTER TABLE "loan_items" DROP CONSTRAINT "fk_loan_items_loan"`);
    await q.query(`ALTER TABLE "loan_items" DROP CONSTRAINT "fk_loan_items_station"`);
    await q.query(`ALTER TABLE "loans" DROP CONSTRAINT "fk_loans_issue_witness"`);
    await q.query(`ALTER TABLE "loans" DROP CONSTRAINT "fk_loans_issued_by"`);
    await q.query(`ALTER TABLE "loans" DROP CONSTRAINT "fk_loans_approver"`);
    await q.query(`ALTER TABLE "loans" DROP CONSTRAINT "fk_loans_requester"`);
    await q.query(`ALTER TABLE "loans" DROP CONSTRAINT "fk_loans_station"`);
    await q.query(`ALTER TABLE "shifts" DROP CONSTRAINT "fk_shifts_closed_by"`);
    await q.query(`ALTER TABLE "shifts" DROP CONSTRAINT "fk_shifts_opened_by"`);
    await q.query(`ALTER TABLE "shifts" DROP CONSTRAINT "fk_shifts_station"`);
    await q.query(`ALTER TABLE "audit_scans" DROP CONSTRAINT "fk_audit_scans_scanned_by"`);
    await q.query(`ALTER TABLE "audit_scans" DROP CONSTRAINT "fk_audit_scans_location"`);
    await q.query(`ALTER TABLE "audit_scans" DROP CONSTRAINT "fk_audit_scans_item"`);
    await q.query(`ALTER TABLE "audit_scans" DROP CONSTRAINT "fk_audit_scans_audit"`);
    await q.query(`ALTER TABLE "audit_scans" DROP CONSTRAINT "fk_audit_scans_station"`);
    await q.query(`ALTER TABLE "audit_findings" DROP CONSTRAINT "fk_audit_findings_item"`);
    await q.query(`ALTER TABLE "audit_findings" DROP CONSTRAINT "fk_audit_findings_audit"`);
    await q.query(`ALTER TABLE "audit_findings" DROP CONSTRAINT "fk_audit_findings_station"`);
    await q.query(`ALTER TABLE "audit_sessions" DROP CONSTRAINT "fk_audit_sessions_countersigned_by"`);
    await q.query(`ALTER TABLE "audit_sessions" DROP CONSTRAINT "fk_audit_sessions_closed_by"`);
    await q.query(`ALTER TABLE "audit_sessions" DROP CONSTRAINT "fk_audit_sessions_started_by"`);
    await q.query(`ALTER TABLE "audit_sessions" DROP CONSTRAINT "fk_audit_sessions_location"`);
    await q.query(`ALTER TABLE "audit_sessions" DROP CONSTRAINT "fk_audit_sessions_station"`);
    await q.query(`CREATE TYPE "public"."discrepancy_kind_old" AS ENUM('SEAL_MISMATCH', 'WEIGHT_MISMATCH', 'AMOUNT_MISMATCH')`);
    await q.query(`ALTER TABLE "discrepancies" ALTER COLUMN "kind" TYPE "public"."discrepancy_kind_old" USING "kind"::"text"::"public"."discrepancy_kind_old"`);
    await q.query(`DROP TYPE "public"."discrepancy_kind"`);
    await q.query(`ALTER TYPE "public"."discrepancy_kind_old" RENAME TO "discrepancy_kind"`);
    await q.query(`ALTER TABLE "discrepancies" DROP COLUMN "note"`);
    await q.query(`ALTER TABLE "discrepancies" DROP COLUMN "loan_item_id"`);
    await q.query(`ALTER TABLE "discrepancies" DROP COLUMN "audit_id"`);
    await q.query(`DROP INDEX "public"."uq_loan_items_open_item"`);
    await q.query(`DROP INDEX "public"."ix_loan_items_loan"`);
    await q.query(`DROP INDEX "public"."ix_loan_items_shift"`);
    await q.query(`DROP INDEX "public"."ix_loan_items_item"`);
    await q.query(`DROP INDEX "public"."ix_loan_items_station_holder"`);
    await q.query(`DROP TABLE "loan_items"`);
    await q.query(`DROP INDEX "public"."ix_loans_station_status"`);
    await q.query(`DROP INDEX "public"."ix_loans_requester"`);
    await q.query(`DROP TABLE "loans"`);
    await q.query(`DROP TYPE "public"."loan_purpose"`);
    await q.query(`DROP TYPE "public"."loan_status"`);
    await q.query(`DROP INDEX "public"."ix_shifts_station_status"`);
    await q.query(`DROP TABLE "shifts"`);
    await q.query(`DROP TYPE "public"."shift_status"`);
    await q.query(`DROP INDEX "public"."ix_audit_scans_audit_item"`);
    await q.query(`DROP TABLE "audit_scans"`);
    await q.query(`DROP INDEX "public"."ix_audit_findings_audit"`);
    await q.query(`DROP INDEX "public"."ix_audit_findings_item"`);
    await q.query(`DROP TABLE "audit_findings"`);
    await q.query(`DROP TYPE "public"."audit_finding_type"`);
    await q.query(`DROP INDEX "public"."ix_audit_sessions_station_kind"`);
    await q.query(`DROP TABLE "audit_sessions"`);
    await q.query(`DROP TYPE "public"."audit_status"`);
    await q.query(`DROP TYPE "public"."audit_kind"`);
  }
}
