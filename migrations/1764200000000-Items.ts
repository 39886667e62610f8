import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Items, their gap-free code counters, the append-only chain of custody and the discrepancies found by
 * blind checks. Generated from the entities, then extended by hand: the trigram index for Thai free
 * text, append-only and never-deleted triggers, the same-station and secure-location rules, privileges.
 */
export class Items1764200000000 implements MigrationInterface {
  name = 'Items1764200000000';

  public async up(q: QueryRunner): Promise<void> {
    // Substring search over Thai text (no word spaces for a full-text parser to split on).
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE TYPE "public"."item_category" AS ENUM('EVIDENCE', 'PROPERTY', 'WEAPON', 'DONATION')`);
    await q.query(`CREATE TYPE "public"."item_kind" AS ENUM('firearm', 'ammunition', 'cash', 'drugs', 'valuables', 'vehicle', 'electronics', 'document', 'equipment', 'furniture', 'other')`);
    await q.query(`CREATE TYPE "public"."risk_class" AS ENUM('HIGH', 'NORMAL')`);
    await q.query(`CREATE TYPE "public"."item_condition" AS ENUM('GOOD', 'DAMAGED', 'DETERIORATED', 'LOST', 'NOT_NEEDED')`);
    await q.query(`CREATE TYPE "public"."item_status" AS ENUM('IN_STORAGE', 'SENT_OUT', 'ON_LOAN', 'DISPOSED')`);
    await q.query(`INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), 'public', 'items', 'GENERATED_COLUMN', 'search_text', 'lower(code || '' '' || description || '' '' || coalesce(serial_number, '''') || '' '' || coalesce(asset_number, '''') || '' '' || coalesce(case_number, '''') || '' '' || coalesce(seal_number, '''') || '' '' || coalesce(details ->> ''seizedFrom'', '''') || '' '' || coalesce(details ->> ''ownerName'', '''') || '' '' || coalesce(details ->> ''donorName'', '''') || '' '' || coalesce(details ->> ''offence'', '''') || '' '' || coalesce(details ->> ''make'', '''') || '' '' || coalesce(details ->> ''model'', '''') || '' '' || coalesce(details ->> ''registrationNumber'', ''''))')`);
    await q.query(`CREATE TABLE "items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "station_id" uuid NOT NULL, "code" character varying(32) NOT NULL, "year_be" integer NOT NULL, "seq" integer NOT NULL, "category" "public"."item_category" NOT NULL, "kind" "public"."item_kind" NOT NULL, "risk_class" "public"."risk_class" NOT NULL, "description" character varying(1000) NOT NULL, "quantity" numeric(14,3) NOT NULL DEFAULT '1', "unit" character varying(40) NOT NULL, "serial_number" character varying(100), "asset_number" character varying(100), "case_number" character varying(100), "seal_number" character varying(100), "weight_grams" numeric(14,3), "net_weight_grams" numeric(14,3), "amount" numeric(16,2), "denominations" jsonb, "condition" "public"."item_condition" NOT NULL DEFAULT 'GOOD', "status" "public"."item_status" NOT NULL, "location_id" uuid, "holder_id" uuid, "holder_text" character varying(300), "details" jsonb NOT NULL DEFAULT '{}', "search_text" text GENERATED ALWAYS AS (lower(code || ' ' || description || ' ' || coalesce(serial_number, '') || ' ' || coalesce(asset_number, '') || ' ' || coalesce(case_number, '') || ' ' || coalesce(seal_number, '') || ' ' || coalesce(details ->> 'seizedFrom', '') || ' ' || coalesce(details ->> 'ownerName', '') || ' ' || coalesce(details ->> 'donorName', '') || ' ' || coalesce(details ->> 'offence', '') || ' ' || coalesce(details ->> 'make', '') || ' ' || coalesce(details ->> 'model', '') || ' ' || coalesce(details ->> 'registrationNumber', ''))) STORED NOT NULL, "registered_by" uuid NOT NULL, "registered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_items_out_has_recipient" CHECK ("status" <> 'SENT_OUT' OR "holder_text" IS NOT NULL), CONSTRAINT "ck_items_weapon_serial" CHECK (NOT ("category" = 'WEAPON' AND "kind" = 'firearm' AND "serial_number" IS NULL)), CONSTRAINT "ck_items_evidence_case" CHECK ("category" <> 'EVIDENCE' OR "case_number" IS NOT NULL), CONSTRAINT "ck_items_weights" CHECK (("weight_grams" IS NULL OR "weight_grams" > 0) AND ("net_weight_grams" IS NULL OR "net_weight_grams" > 0) AND ("amount" IS NULL OR "amount" >= 0)), CONSTRAINT "ck_items_quantity_positive" CHECK ("quantity" > 0), CONSTRAINT "ck_items_code" CHECK ("code" ~ '^[A-Z][A-Z0-9]{1,9}-(EV|GP|WP|DN)[0-9]{2}-[0-9]{6}$'), CONSTRAINT "PK_ba5885359424c15ca6b9e79bcf6" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_items_station_serial" ON "items"  ("station_id", "serial_number") `);
    await q.query(`CREATE INDEX "ix_items_station_case" ON "items"  ("station_id", "case_number") `);
    await q.query(`CREATE INDEX "ix_items_location" ON "items"  ("location_id") `);
    await q.query(`CREATE INDEX "ix_items_station_category_status" ON "items"  ("station_id", "category", "status") `);
    await q.query(`CREATE UNIQUE INDEX "uq_items_weapon_serial" ON "items"  ("station_id", "serial_number") WHERE "category" = 'WEAPON' AND "serial_number" IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX "uq_items_station_code" ON "items"  ("station_id", "code") `);
    await q.query(`CREATE TYPE "public"."custody_event_type" AS ENUM('INTAKE', 'MOVE', 'CHECKOUT', 'RETURN', 'SEND_OUT', 'RECEIVE_BACK', 'CONDITION_CHECK', 'RESEAL', 'AMEND', 'DISPOSE')`);
    await q.query(`CREATE TYPE "public"."send_out_destination" AS ENUM('LAB', 'COURT', 'PROSECUTOR', 'REPAIR', 'OTHER')`);
    await q.query(`CREATE TABLE "custody_events" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "station_id" uuid NOT NULL, "item_id" uuid NOT NULL, "type" "public"."custody_event_type" NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid NOT NULL, "witness_id" uuid, "from_status" "public"."item_status", "to_status" "public"."item_status" NOT NULL, "from_location_id" uuid, "to_location_id" uuid, "recipient" character varying(300), "destination" "public"."send_out_destination", "document_ref" character varying(200), "quantity" numeric(14,3), "seal_seen" character varying(100), "weight_seen_grams" numeric(14,3), "amount_seen" numeric(16,2), "condition" "public"."item_condition", "reason" character varying(1000), "note" character varying(1000), "changes" jsonb, CONSTRAINT "ck_custody_events_witness_not_actor" CHECK ("witness_id" IS NULL OR "witness_id" <> "actor_id"), CONSTRAINT "PK_88037f590cee6b3b8bc00ccfb32" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_custody_events_station_at" ON "custody_events"  ("station_id", "at") `);
    await q.query(`CREATE INDEX "ix_custody_events_item" ON "custody_events"  ("item_id", "id") `);
    await q.query(`CREATE TYPE "public"."discrepancy_kind" AS ENUM('SEAL_MISMATCH', 'WEIGHT_MISMATCH', 'AMOUNT_MISMATCH')`);
    await q.query(`CREATE TYPE "public"."discrepancy_status" AS ENUM('OPEN', 'RESOLVED')`);
    await q.query(`CREATE TABLE "discrepancies" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "station_id" uuid NOT NULL, "item_id" uuid NOT NULL, "event_id" bigint, "kind" "public"."discrepancy_kind" NOT NULL, "expected" character varying(200), "observed" character varying(200), "status" "public"."discrepancy_status" NOT NULL DEFAULT 'OPEN', "reported_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_005b9e1e000e07fa32429ac4aa1" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_discrepancies_item" ON "discrepancies"  ("item_id") `);
    await q.query(`CREATE INDEX "ix_discrepancies_station_status" ON "discrepancies"  ("station_id", "status") `);
    await q.query(`CREATE TABLE "item_code_counters" ("station_id" uuid NOT NULL, "category_code" character(2) NOT NULL, "year_be" integer NOT NULL, "last_seq" integer NOT NULL, CONSTRAINT "PK_b931261db4e4f3e9f75e1c989c1" PRIMARY KEY ("station_id", "category_code", "year_be"))`);
    await q.query(`ALTER TABLE "items" ADD CONSTRAINT "fk_items_station" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "items" ADD CONSTRAINT "fk_items_location" FOREIGN KEY ("location_id") REFERENCES "locations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "items" ADD CONSTRAINT "fk_items_holder" FOREIGN KEY ("holder_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "items" ADD CONSTRAINT "fk_items_registered_by" FOREIGN KEY ("registered_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "custody_events" ADD CONSTRAINT "fk_custody_events_station" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "custody_events" ADD CONSTRAINT "fk_custody_events_item" FOREIGN KEY ("item_id") REFERENCES "items"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "custody_events" ADD CONSTRAINT "fk_custody_events_actor" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "custody_events" ADD CONSTRAINT "fk_custody_events_witness" FOREIGN KEY ("witness_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "custody_events" ADD CONSTRAINT "fk_custody_events_from_location" FOREIGN KEY ("from_location_id") REFERENCES "locations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "custody_events" ADD CONSTRAINT "fk_custody_events_to_location" FOREIGN KEY ("to_location_id") REFERENCES "locations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "discrepancies" ADD CONSTRAINT "fk_discrepancies_station" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "discrepancies" ADD CONSTRAINT "fk_discrepancies_item" FOREIGN KEY ("item_id") REFERENCES "items"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "discrepancies" ADD CONSTRAINT "fk_discrepancies_event" FOREIGN KEY ("event_id") REFERENCES "custody_events"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "discrepancies" ADD CONSTRAINT "fk_discrepancies_reported_by" FOREIGN KEY ("reported_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);

    await q.query(`CREATE INDEX "ix_items_search_trgm" ON "items" USING gin ("search_text" gin_trgm_ops)`);

    // Append-only tables refuse UPDATE, DELETE and TRUNCATE whoever asks; items refuse DELETE and TRUNCATE.
    await q.query(`CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% refused on %: rows here are never changed or removed', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER custody_events_append_only BEFORE UPDATE OR DELETE ON "custody_events"
      FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    await q.query(`CREATE TRIGGER custody_events_no_truncate BEFORE TRUNCATE ON "custody_events"
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);
    await q.query(`CREATE TRIGGER items_never_deleted BEFORE DELETE ON "items"
      FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    await q.query(`CREATE TRIGGER items_no_truncate BEFORE TRUNCATE ON "items"
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);

    // An item's location is in its own station, and a HIGH-risk item's location is secure (DESIGN §3 rule 4).
    await q.query(`CREATE FUNCTION items_location_rules() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        place record;
      BEGIN
        IF NEW.location_id IS NULL THEN
          RETURN NEW;
        END IF;
        SELECT station_id, secure INTO place FROM locations WHERE id = NEW.location_id;
        IF place.station_id IS DISTINCT FROM NEW.station_id THEN
          RAISE EXCEPTION 'item location belongs to another station' USING ERRCODE = 'check_violation',
            CONSTRAINT = 'ck_items_location_same_station';
        END IF;
        IF NEW.risk_class = 'HIGH' AND NOT place.secure THEN
          RAISE EXCEPTION 'a HIGH-risk item may only be stored in a secure location' USING ERRCODE = 'check_violation',
            CONSTRAINT = 'ck_items_high_risk_secure';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER items_location_rules BEFORE INSERT OR UPDATE OF location_id, risk_class, station_id ON "items"
      FOR EACH ROW EXECUTE FUNCTION items_location_rules()`);

    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "custody_events" FROM khlang_app`);
    await q.query(`REVOKE DELETE, TRUNCATE ON "items" FROM khlang_app`);
    await q.query(`REVOKE DELETE, TRUNCATE ON "discrepancies" FROM khlang_app`);
    await q.query(`REVOKE DELETE, TRUNCATE ON "item_code_counters" FROM khlang_app`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER items_location_rules ON "items"`);
    await q.query(`DROP FUNCTION items_location_rules()`);
    await q.query(`DROP TRIGGER items_no_truncate ON "items"`);
    await q.query(`DROP TRIGGER items_never_deleted ON "items"`);
    await q.query(`DROP TRIGGER custody_events_no_truncate ON "custody_events"`);
    await q.query(`DROP TRIGGER custody_events_append_only ON "custody_events"`);
    await q.query(`DROP FUNCTION refuse_change()`);
    await q.query(`DROP INDEX "ix_items_search_trgm"`);
    await q.query(`ALTER TABLE "discrepancies" DROP CONSTRAINT "fk_discrepancies_reported_by"`);
    await q.query(`ALTER TABLE "discrepancies" DROP CONSTRAINT "fk_discrepancies_event"`);
    await q.query(`ALTER TABLE "discrepancies" DROP CONSTRAINT "fk_discrepancies_item"`);
    await q.query(`ALTER TABLE "discrepancies" DROP CONSTRAINT "fk_discrepancies_station"`);
    await q.query(`ALTER TABLE "custody_events" DROP CONSTRAINT "fk_custody_events_to_location"`);
    await q.query(`ALTER TABLE "custody_events" DROP CONSTRAINT "fk_custody_events_from_location"`);
    await q.query(`ALTER TABLE "custody_events" DROP CONSTRAINT "fk_custody_events_witness"`);
    await q.query(`ALTER TABLE "custody_events" DROP CONSTRAINT "fk_custody_events_actor"`);
    await q.query(`ALTER TABLE "custody_events" DROP CONSTRAINT "fk_custody_events_item"`);
    await q.query(`ALTER TABLE "custody_events" DROP CONSTRAINT "fk_custody_events_station"`);
    await q.query(`ALTER TABLE "items" DROP CONSTRAINT "fk_items_registered_by"`);
    await q.query(`ALTER TABLE "items" DROP CONSTRAINT "fk_items_holder"`);
    await q.query(`ALTER TABLE "items" DROP CONSTRAINT "fk_items_location"`);
    await q.query(`ALTER TABLE "items" DROP CONSTRAINT "fk_items_station"`);
    await q.query(`DROP TABLE "item_code_counters"`);
    await q.query(`DROP INDEX "public"."ix_discrepancies_station_status"`);
    await q.query(`DROP INDEX "public"."ix_discrepancies_item"`);
    await q.query(`DROP TABLE "discrepancies"`);
    await q.query(`DROP TYPE "public"."discrepancy_status"`);
    await q.query(`DROP TYPE "public"."discrepancy_kind"`);
    await q.query(`DROP INDEX "public"."ix_custody_events_item"`);
    await q.query(`DROP INDEX "public"."ix_custody_events_station_at"`);
    await q.query(`DROP TABLE "custody_events"`);
    await q.query(`DROP TYPE "public"."send_out_destination"`);
    await q.query(`DROP TYPE "public"."custody_event_type"`);
    await q.query(`DROP INDEX "public"."uq_items_station_code"`);
    await q.query(`DROP INDEX "public"."uq_items_weapon_serial"`);
    await q.query(`DROP INDEX "public"."ix_items_station_category_status"`);
    await q.query(`DROP INDEX "public"."ix_items_location"`);
    await q.query(`DROP INDEX "public"."ix_items_station_case"`);
    await q.query(`DROP INDEX "public"."ix_items_station_serial"`);
    await q.query(`DROP TABLE "items"`);
    await q.query(`DELETE FROM "typeorm_metadata" WHERE "type" = 'GENERATED_COLUMN' AND "name" = 'search_text' AND "table" = 'items'`);
    await q.query(`DROP TYPE "public"."item_condition"`);
    await q.query(`DROP TYPE "public"."item_status"`);
    await q.query(`DROP TYPE "public"."risk_class"`);
    await q.query(`DROP TYPE "public"."item_kind"`);
    await q.query(`DROP TYPE "public"."item_category"`);
  }
}
