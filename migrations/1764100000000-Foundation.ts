import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The foundation: stations, users, locations, login throttling and the hash-chained audit log.
 * Generated from the entities, then extended by hand with what TypeORM cannot express: the restricted
 * application role, the audit log's append-only triggers, and the same-station rule for locations.
 */
export class Foundation1764100000000 implements MigrationInterface {
  name = 'Foundation1764100000000';

  public async up(q: QueryRunner): Promise<void> {
    // The audit log's time column is generated from the ISO text (always with its offset, so the cast
    // is deterministic; PostgreSQL only marks it STABLE because of other input forms).
    await q.query(`CREATE FUNCTION audit_ts(t text) RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT t::timestamptz'`);
    // TypeORM keeps generated-column expressions here (and compares them in its drift check).
    await q.query(`CREATE TABLE IF NOT EXISTS "typeorm_metadata" ("type" character varying NOT NULL, "database" character varying, "schema" character varying, "table" character varying, "name" character varying, "value" text)`);
    await q.query(`CREATE TABLE "audit_chain_heads" ("chain_key" character varying(36) NOT NULL, "seq" bigint NOT NULL DEFAULT '0', "hash" character(64) NOT NULL, CONSTRAINT "PK_4ff78996adb285c38c15e23fcd4" PRIMARY KEY ("chain_key"))`);
    await q.query(`CREATE TABLE "stations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(10) NOT NULL, "name_th" character varying(200) NOT NULL, "name_en" character varying(200) NOT NULL, "settings" jsonb NOT NULL, "settings_version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_stations_code" CHECK ("code" ~ '^[A-Z][A-Z0-9]{1,9}$'), CONSTRAINT "PK_f047974bd453c85b08bab349367" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_stations_code" ON "stations"  ("code") `);
    await q.query(`CREATE TYPE "public"."user_role" AS ENUM('ADMIN', 'COMMANDER', 'SUPERVISOR', 'CLERK', 'INVESTIGATOR', 'OFFICER', 'AUDITOR')`);
    await q.query(`CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "station_id" uuid, "username" character varying(64) NOT NULL, "password_hash" character varying(255) NOT NULL, "display_name" character varying(200) NOT NULL, "rank" character varying(100) NOT NULL, "position" character varying(200), "roles" "public"."user_role" array NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_users_roles_not_empty" CHECK (cardinality("roles") > 0), CONSTRAINT "ck_users_admin_has_no_station" CHECK (("station_id" IS NULL) = ('ADMIN' = ANY ("roles"))), CONSTRAINT "ck_users_username_normalised" CHECK ("username" = lower("username") AND "username" ~ '^[a-z0-9._-]{3,64}$'), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_users_station" ON "users"  ("station_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_users_username" ON "users"  ("username") `);
    await q.query(`INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), 'public', 'audit_log', 'GENERATED_COLUMN', 'chain_key', 'canonical::jsonb ->> ''chain''')`);
    await q.query(`INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), 'public', 'audit_log', 'GENERATED_COLUMN', 'station_id', '(canonical::jsonb ->> ''stationId'')::uuid')`);
    await q.query(`INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), 'public', 'audit_log', 'GENERATED_COLUMN', 'seq', '(canonical::jsonb ->> ''seq'')::bigint')`);
    await q.query(`INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), 'public', 'audit_log', 'GENERATED_COLUMN', 'at', 'audit_ts(canonical::jsonb ->> ''at'')')`);
    await q.query(`INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), 'public', 'audit_log', 'GENERATED_COLUMN', 'actor_id', '(canonical::jsonb ->> ''actorId'')::uuid')`);
    await q.query(`INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), 'public', 'audit_log', 'GENERATED_COLUMN', 'action', 'canonical::jsonb ->> ''action''')`);
    await q.query(`INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), 'public', 'audit_log', 'GENERATED_COLUMN', 'entity_type', 'canonical::jsonb ->> ''entityType''')`);
    await q.query(`INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), 'public', 'audit_log', 'GENERATED_COLUMN', 'entity_id', 'canonical::jsonb ->> ''entityId''')`);
    await q.query(`INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), 'public', 'audit_log', 'GENERATED_COLUMN', 'before', 'NULLIF(canonical::jsonb -> ''before'', ''null''::jsonb)')`);
    await q.query(`INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), 'public', 'audit_log', 'GENERATED_COLUMN', 'after', 'NULLIF(canonical::jsonb -> ''after'', ''null''::jsonb)')`);
    await q.query(`INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), 'public', 'audit_log', 'GENERATED_COLUMN', 'request_id', 'canonical::jsonb ->> ''requestId''')`);
    await q.query(`INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), 'public', 'audit_log', 'GENERATED_COLUMN', 'client_ip', 'canonical::jsonb ->> ''clientIp''')`);
    await q.query(`CREATE TABLE "audit_log" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "canonical" text NOT NULL, "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, "chain_key" text GENERATED ALWAYS AS (canonical::jsonb ->> 'chain') STORED NOT NULL, "station_id" uuid GENERATED ALWAYS AS ((canonical::jsonb ->> 'stationId')::uuid) STORED, "seq" bigint GENERATED ALWAYS AS ((canonical::jsonb ->> 'seq')::bigint) STORED NOT NULL, "at" TIMESTAMP WITH TIME ZONE GENERATED ALWAYS AS (audit_ts(canonical::jsonb ->> 'at')) STORED NOT NULL, "actor_id" uuid GENERATED ALWAYS AS ((canonical::jsonb ->> 'actorId')::uuid) STORED, "action" text GENERATED ALWAYS AS (canonical::jsonb ->> 'action') STORED NOT NULL, "entity_type" text GENERATED ALWAYS AS (canonical::jsonb ->> 'entityType') STORED NOT NULL, "entity_id" text GENERATED ALWAYS AS (canonical::jsonb ->> 'entityId') STORED, "before" jsonb GENERATED ALWAYS AS (NULLIF(canonical::jsonb -> 'before', 'null'::jsonb)) STORED, "after" jsonb GENERATED ALWAYS AS (NULLIF(canonical::jsonb -> 'after', 'null'::jsonb)) STORED, "request_id" text GENERATED ALWAYS AS (canonical::jsonb ->> 'requestId') STORED, "client_ip" text GENERATED ALWAYS AS (canonical::jsonb ->> 'clientIp') STORED, CONSTRAINT "ck_audit_log_hash_hex" CHECK ("hash" ~ '^[0-9a-f]{64}$' AND "prev_hash" ~ '^[0-9a-f]{64}$'), CONSTRAINT "ck_audit_log_chain_key" CHECK ("chain_key" = COALESCE("station_id"::text, 'SYSTEM')), CONSTRAINT "ck_audit_log_seq_positive" CHECK ("seq" > 0), CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_audit_log_entity" ON "audit_log"  ("entity_type", "entity_id") `);
    await q.query(`CREATE INDEX "ix_audit_log_station_at" ON "audit_log"  ("station_id", "at") `);
    await q.query(`CREATE UNIQUE INDEX "uq_audit_log_chain_seq" ON "audit_log"  ("chain_key", "seq") `);
    await q.query(`CREATE TABLE "login_throttle" ("username" character varying(64) NOT NULL, "failures" integer NOT NULL DEFAULT '0', "last_failure_at" TIMESTAMP WITH TIME ZONE, "locked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_492a1f443be9453880bd406879e" PRIMARY KEY ("username"))`);
    await q.query(`CREATE TYPE "public"."location_kind" AS ENUM('ROOM', 'SHELF', 'LOCKER', 'SAFE', 'ARMORY', 'VEHICLE_LOT')`);
    await q.query(`CREATE TABLE "locations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "station_id" uuid NOT NULL, "code" character varying(32) NOT NULL, "name" character varying(200) NOT NULL, "kind" "public"."location_kind" NOT NULL, "parent_id" uuid, "secure" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_locations_not_own_parent" CHECK ("parent_id" IS NULL OR "parent_id" <> "id"), CONSTRAINT "ck_locations_code" CHECK ("code" ~ '^[A-Z0-9][A-Z0-9._-]{0,31}$'), CONSTRAINT "PK_7cc1c9e3853b94816c094825e74" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_locations_parent" ON "locations"  ("parent_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_locations_station_code" ON "locations"  ("station_id", "code") `);
    await q.query(`ALTER TABLE "users" ADD CONSTRAINT "fk_users_station" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "audit_log" ADD CONSTRAINT "fk_audit_log_station" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "audit_log" ADD CONSTRAINT "fk_audit_log_actor" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "locations" ADD CONSTRAINT "fk_locations_station" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "locations" ADD CONSTRAINT "fk_locations_parent" FOREIGN KEY ("parent_id") REFERENCES "locations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);

    // The system chain (creating stations, administrators) starts at the genesis hash like every chain.
    await q.query(`INSERT INTO "audit_chain_heads" ("chain_key", "seq", "hash") VALUES ('SYSTEM', 0, repeat('0', 64))`);

    // Append-only, whoever asks: UPDATE, DELETE and TRUNCATE on the audit log raise an error.
    await q.query(`CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON "audit_log"
      FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`);
    await q.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log"
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`);

    // Appends one row under the chain-head lock in a single round trip: the lock is then held only for
    // this call and the commit. The caller's JSON body gets the sequence number spliced in front; that
    // text is the canonical text, stored as hashed, and every other column is generated from it.
    await q.query(`CREATE FUNCTION audit_append(p_body text) RETURNS TABLE (seq bigint, hash text) LANGUAGE plpgsql AS $$
      DECLARE
        chain text := p_body::jsonb ->> 'chain';
        head record;
        text_hashed text;
        new_hash text;
      BEGIN
        SELECT h.seq, h.hash INTO head FROM audit_chain_heads h WHERE h.chain_key = chain FOR UPDATE;
        IF NOT FOUND THEN
          INSERT INTO audit_chain_heads (chain_key, seq, hash) VALUES (chain, 0, repeat('0', 64)) ON CONFLICT DO NOTHING;
          SELECT h.seq, h.hash INTO head FROM audit_chain_heads h WHERE h.chain_key = chain FOR UPDATE;
        END IF;
        text_hashed := '{"seq":' || (head.seq + 1) || ',' || substr(p_body, 2);
        new_hash := encode(sha256(convert_to(head.hash || text_hashed, 'UTF8')), 'hex');
        INSERT INTO audit_log (canonical, prev_hash, hash) VALUES (text_hashed, head.hash, new_hash);
        UPDATE audit_chain_heads h SET seq = head.seq + 1, hash = new_hash WHERE h.chain_key = chain;
        RETURN QUERY SELECT head.seq + 1, new_hash;
      END $$`);

    // A location's parent is in the same station (a foreign key cannot say this without a composite key).
    await q.query(`CREATE FUNCTION locations_parent_same_station() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.parent_id IS NOT NULL AND NOT EXISTS (
          SELECT 1 FROM locations p WHERE p.id = NEW.parent_id AND p.station_id = NEW.station_id) THEN
          RAISE EXCEPTION 'location parent belongs to another station' USING ERRCODE = 'check_violation',
            CONSTRAINT = 'ck_locations_parent_same_station';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER locations_parent_same_station BEFORE INSERT OR UPDATE OF parent_id, station_id ON "locations"
      FOR EACH ROW EXECUTE FUNCTION locations_parent_same_station()`);

    // The application works as khlang_app: everything it needs, and on the audit log only SELECT and INSERT.
    await q.query(`DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'khlang_app') THEN
          CREATE ROLE khlang_app NOLOGIN;
        END IF;
        IF NOT pg_has_role(current_user, 'khlang_app', 'MEMBER') THEN
          EXECUTE format('GRANT khlang_app TO %I', current_user);
        END IF;
      END $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO khlang_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO khlang_app`);
    await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO khlang_app`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "audit_log" FROM khlang_app`);
    await q.query(`REVOKE ALL ON "migrations" FROM khlang_app`);
    await q.query(`GRANT SELECT ON "migrations" TO khlang_app`);
    await q.query(`REVOKE ALL ON "typeorm_metadata" FROM khlang_app`);
    // Tables of later migrations get the same grants; each migration revokes what its append-only tables must refuse.
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO khlang_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO khlang_app`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM khlang_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM khlang_app`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM khlang_app`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM khlang_app`);
    await q.query(`DROP TRIGGER locations_parent_same_station ON "locations"`);
    await q.query(`DROP FUNCTION locations_parent_same_station()`);
    await q.query(`DROP FUNCTION audit_append(text)`);
    await q.query(`DROP TRIGGER audit_log_no_truncate ON "audit_log"`);
    await q.query(`DROP TRIGGER audit_log_no_update_delete ON "audit_log"`);
    await q.query(`DROP FUNCTION audit_log_refuse_change()`);
    await q.query(`ALTER TABLE "locations" DROP CONSTRAINT "fk_locations_parent"`);
    await q.query(`ALTER TABLE "locations" DROP CONSTRAINT "fk_locations_station"`);
    await q.query(`ALTER TABLE "audit_log" DROP CONSTRAINT "fk_audit_log_actor"`);
    await q.query(`ALTER TABLE "audit_log" DROP CONSTRAINT "fk_audit_log_station"`);
    await q.query(`ALTER TABLE "users" DROP CONSTRAINT "fk_users_station"`);
    await q.query(`DROP TABLE "locations"`);
    await q.query(`DROP TYPE "public"."location_kind"`);
    await q.query(`DROP TABLE "login_throttle"`);
    await q.query(`DROP TABLE "audit_log"`);
    await q.query(`DROP TABLE "users"`);
    await q.query(`DROP TYPE "public"."user_role"`);
    await q.query(`DROP TABLE "stations"`);
    await q.query(`DROP TABLE "audit_chain_heads"`);
    await q.query(`DROP TABLE "typeorm_metadata"`);
    await q.query(`DROP FUNCTION audit_ts(text)`);
  }
}
