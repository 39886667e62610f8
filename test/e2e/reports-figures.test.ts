/**
 * The O23 report's figures (DESIGN §6 sections 1–7) through GET /api/reports/o23/figures, against a fixed
 * scenario over two Buddhist-era months — 2569-09 and 2569-10 (September and October 2026 CE) — with a few
 * items already held before (August) and one evidence item booked in after (November).
 *
 * The expected figures of every section are written BY HAND below, from the definitions in the comments of
 * src/reports/o23-figures.repository.ts and of EvidenceTimersService.dueCount ("due for disposition on the
 * period's last day") — never by calling that code. Every step of the scenario is commented with the
 * figures it moves, so each literal can be checked against the story.
 *
 * Time. Loans, shifts, counts, donations, disposals and incident resolutions take their times from the
 * ManualClock. Items.registered_at, custody_events.at and discrepancies.created_at take the database's
 * now() — the real date, which is after the scenario. So each step runs at a clock time and then `stamp()`
 * moves the rows that step wrote from the real now to that same clock time (see `stamp`). The audit log is
 * not touched: its rows keep their real times (so the chain head "at the end" of these past months is
 * empty, and at the end of the current real month it is the whole chain).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/common/clock.js';
import { auth, expectError, expectOk, type Json, OwnerDb } from '../helpers/checks.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';

const HOUR = 3_600_000;

type Body = Record<string, unknown>;

/** One owner (superuser) session for the file: the time stamps and the checks of the database. */
const owner = new OwnerDb();

/** A moment in Bangkok (UTC+7): thai('2026-09-02 09:00'). */
const thai = (text: string) => new Date(`${text.replace(' ', 'T')}:00+07:00`);
const W = (username = 'sta.supervisor') => ({ username, password: TEST_PASSWORD });

const PERIODS = {
  M1: 'period=2569-09',
  M2: 'period=2569-10',
  RANGE: 'from=2569-09&to=2569-10',
} as const;
type PeriodKey = keyof typeof PERIODS;
const PERIOD_KEYS = Object.keys(PERIODS) as PeriodKey[];

// =====================================================================================================
// THE EXPECTED FIGURES, BY HAND.
//
// The items of station A (registered → closed; value; condition changes):
//   E_DOC     EVIDENCE document    Aug 5 → held; sent to court Sep 15, back Oct 1 03:10 (Thai; Sep 30 UTC) DAMAGED
//   E_DOC2    EVIDENCE document    Aug 5 → destroyed Sep 25
//   E_GOLD    EVIDENCE valuables H Aug 6 → returned to owner Oct 20; owner notified 2025-09-20 → due 2026-09-20
//   E_DRUGS   EVIDENCE drugs H     Sep 2 → held; to the lab Sep 16 10:00, back 15:00 (weight 20.0 ≠ 20.5: incident)
//   E_PHONE   EVIDENCE electronics Sep 3 → held; review date 2026-10-15 (due in October)
//   E_CASH    EVIDENCE cash H      Sep 4 → held (out on loan L6 from Sep 13, never back); 1,500 baht
//   E_KNIFE   EVIDENCE other       Oct 12 → held
//   E_LATE    EVIDENCE document    Nov 5 (after both months) → held; seized 2021-10-10, owner unknown → due 2026-10-10
//   P_CAM     PROPERTY equipment   Aug 7 → held; 12,000
//   P_LAPTOP  PROPERTY electronics Aug 7 → held; 25,900; back DAMAGED from loan L13 Oct 22
//   P_MOTO    PROPERTY vehicle H   Sep 4 → held; 65,000
//   P_DESKS   PROPERTY furniture   Sep 5 → held; 3 × 4,000
//   W_GUN1/2  WEAPON firearm H     Aug 8 → held
//   W_GUN3    WEAPON firearm H     Oct 14 → held
//   W_AMMO    WEAPON ammunition H  Sep 3 → held (100 rounds, 10 spent on shift S1)
//   W_AMMO2   WEAPON ammunition H  Oct 5 08:00 → all 20 rounds spent on shift S3, closed Oct 5 11:00
//   D_CHAIRS  DONATION furniture   Aug 9 → held; est. 15,000; accepted Aug 10
//   D_CASH    DONATION cash H      Sep 5 → held; est. 5,000; donor named on E_PHONE; accepted Sep 8 (flagged)
//   D_PRINTER DONATION electronics Sep 20 → held; est. 8,000; declined Oct 3
//   D_RADIO   DONATION electronics Oct 1 03:00 (Thai; Sep 30 UTC) → held; est. 3,000; pending
// =====================================================================================================

interface HoldingsRow {
  category: string;
  kind: string;
  opening: number;
  received: number;
  disposed: number;
  closing: number;
  closingValue: number;
  byCondition: Record<string, number>;
}

interface Expected {
  holdings: { rows: HoldingsRow[]; totals: { opening: number; received: number; disposed: number; closing: number; closingValue: number } };
  loans: Json;
  weapons: Json;
  donations: Json;
  evidence: Json;
  auditsAndIncidents: Json;
}

const EXPECTED: Record<PeriodKey, Expected> = {
  // ---------------------------------------------------------------------------- 2569-09 (September 2026)
  M1: {
    holdings: {
      rows: [
        { category: 'EVIDENCE', kind: 'document', opening: 2, received: 0, disposed: 1, closing: 1, closingValue: 0, byCondition: { GOOD: 1 } },
        { category: 'EVIDENCE', kind: 'valuables', opening: 1, received: 0, disposed: 0, closing: 1, closingValue: 0, byCondition: { GOOD: 1 } },
        { category: 'EVIDENCE', kind: 'drugs', opening: 0, received: 1, disposed: 0, closing: 1, closingValue: 0, byCondition: { GOOD: 1 } },
        { category: 'EVIDENCE', kind: 'electronics', opening: 0, received: 1, disposed: 0, closing: 1, closingValue: 0, byCondition: { GOOD: 1 } },
        { category: 'EVIDENCE', kind: 'cash', opening: 0, received: 1, disposed: 0, closing: 1, closingValue: 1500, byCondition: { GOOD: 1 } },
        { category: 'PROPERTY', kind: 'equipment', opening: 1, received: 0, disposed: 0, closing: 1, closingValue: 12000, byCondition: { GOOD: 1 } },
        { category: 'PROPERTY', kind: 'electronics', opening: 1, received: 0, disposed: 0, closing: 1, closingValue: 25900, byCondition: { GOOD: 1 } },
        { category: 'PROPERTY', kind: 'vehicle', opening: 0, received: 1, disposed: 0, closing: 1, closingValue: 65000, byCondition: { GOOD: 1 } },
        { category: 'PROPERTY', kind: 'furniture', opening: 0, received: 1, disposed: 0, closing: 1, closingValue: 12000, byCondition: { GOOD: 1 } },
        { category: 'WEAPON', kind: 'firearm', opening: 2, received: 0, disposed: 0, closing: 2, closingValue: 0, byCondition: { GOOD: 2 } },
        { category: 'WEAPON', kind: 'ammunition', opening: 0, received: 1, disposed: 0, closing: 1, closingValue: 0, byCondition: { GOOD: 1 } },
        { category: 'DONATION', kind: 'furniture', opening: 1, received: 0, disposed: 0, closing: 1, closingValue: 15000, byCondition: { GOOD: 1 } },
        { category: 'DONATION', kind: 'cash', opening: 0, received: 1, disposed: 0, closing: 1, closingValue: 5000, byCondition: { GOOD: 1 } },
        // D_RADIO came on 1 Oct 03:00 Thai time (30 Sep UTC): October's.
        { category: 'DONATION', kind: 'electronics', opening: 0, received: 1, disposed: 0, closing: 1, closingValue: 8000, byCondition: { GOOD: 1 } },
      ],
      totals: { opening: 8, received: 8, disposed: 1, closing: 15, closingValue: 144400 },
    },
    loans: {
      requested: 8, // L1 L2 L3 L4 L5 L6 L11, and L7 (asked 28 Sep, approved 1 Oct)
      approved: 5, // L3 (then cancelled) L4 L5 L6 L11
      rejected: 1, // L1
      cancelled: 2, // L2 (asked), L3 (approved)
      issued: 4, // L4 L6 L5 L11
      returnedOnTime: 1, // L4
      returnedLate: 0,
      outstandingAtEnd: 3, // L5 (back 5 Oct), L6 (never), L11 (half back 28 Sep, the rest 6 Oct)
      overdueAtEnd: 2, // L5 (due 25 Sep), L6 (due 20 Sep); L11 is due 10 Oct
      escalated: 1, // L6: due 20 Sep + 7 days = 27 Sep, still out
    },
    weapons: {
      daysCounted: 4, // 1, 10 (twice), 11 and 30 Sep in Thai days (in UTC days it would be 31 Aug, 10 Sep ×3, 30 Sep)
      countDiscrepancies: 1, // W_GUN2 MISSING at the count of 10 Sep 23:30
      shiftIssues: 4, // S1: GUN1, GUN2, AMMO; S2: GUN1 on 30 Sep 20:05
      shiftReturns: 3, // S1: GUN1, AMMO (same day), GUN2 (11 Sep 05:30, after S1 closed)
      unreturnedAtShiftClose: 1, // GUN2, when S1 closed on 10 Sep
      daysInPeriod: 30,
    },
    donations: {
      received: 2, // D_CASH, D_PRINTER
      receivedValue: 13000,
      accepted: 1, // D_CASH
      declined: 0,
      flaggedDonors: 1, // D_CASH: the donor is named on E_PHONE
      pendingAtEnd: 1, // D_PRINTER (declined 3 Oct)
    },
    evidence: {
      received: 3, // E_DRUGS E_PHONE E_CASH
      sentOut: 2, // E_DOC to court, E_DRUGS to the lab
      returned: 1, // E_DRUGS
      disposed: 1, // E_DOC2
      heldAtEnd: 5, // E_DOC E_GOLD E_DRUGS E_PHONE E_CASH
      highRiskHeldAtEnd: 3, // E_GOLD E_DRUGS E_CASH
      // On 30 Sep E_GOLD was held and past its forfeiture date (owner notified 2025-09-20 + 1 year). It was
      // returned to its owner on 20 Oct, which does not change what was due on 30 Sep. E_LATE was not at
      // the station yet (and its date, 2026-10-10, had not come).
      dueForDispositionAtEnd: 1,
    },
    auditsAndIncidents: {
      countsClosedByKind: { DAILY_ARMS: 5 },
      incidentsOpened: 3, // NOT_RETURNED (S1), MISSING (daily count), WEIGHT_MISMATCH (E_DRUGS back from the lab)
      incidentsResolved: 1, // the MISSING one, 12 Sep
      incidentsOpenAtEnd: 2, // NOT_RETURNED (resolved 3 Oct), WEIGHT_MISMATCH (never)
    },
  },

  // ---------------------------------------------------------------------------- 2569-10 (October 2026)
  M2: {
    holdings: {
      rows: [
        { category: 'EVIDENCE', kind: 'document', opening: 1, received: 0, disposed: 0, closing: 1, closingValue: 0, byCondition: { DAMAGED: 1 } },
        { category: 'EVIDENCE', kind: 'valuables', opening: 1, received: 0, disposed: 1, closing: 0, closingValue: 0, byCondition: {} },
        { category: 'EVIDENCE', kind: 'drugs', opening: 1, received: 0, disposed: 0, closing: 1, closingValue: 0, byCondition: { GOOD: 1 } },
        { category: 'EVIDENCE', kind: 'electronics', opening: 1, received: 0, disposed: 0, closing: 1, closingValue: 0, byCondition: { GOOD: 1 } },
        { category: 'EVIDENCE', kind: 'cash', opening: 1, received: 0, disposed: 0, closing: 1, closingValue: 1500, byCondition: { GOOD: 1 } },
        { category: 'EVIDENCE', kind: 'other', opening: 0, received: 1, disposed: 0, closing: 1, closingValue: 0, byCondition: { GOOD: 1 } },
        { category: 'PROPERTY', kind: 'equipment', opening: 1, received: 0, disposed: 0, closing: 1, closingValue: 12000, byCondition: { GOOD: 1 } },
        { category: 'PROPERTY', kind: 'electronics', opening: 1, received: 0, disposed: 0, closing: 1, closingValue: 25900, byCondition: { DAMAGED: 1 } },
        { category: 'PROPERTY', kind: 'vehicle', opening: 1, received: 0, disposed: 0, closing: 1, closingValue: 65000, byCondition: { GOOD: 1 } },
        { category: 'PROPERTY', kind: 'furniture', opening: 1, received: 0, disposed: 0, closing: 1, closingValue: 12000, byCondition: { GOOD: 1 } },
        { category: 'WEAPON', kind: 'firearm', opening: 2, received: 1, disposed: 0, closing: 3, closingValue: 0, byCondition: { GOOD: 3 } },
        { category: 'WEAPON', kind: 'ammunition', opening: 1, received: 1, disposed: 1, closing: 1, closingValue: 0, byCondition: { GOOD: 1 } },
        { category: 'DONATION', kind: 'furniture', opening: 1, received: 0, disposed: 0, closing: 1, closingValue: 15000, byCondition: { GOOD: 1 } },
        { category: 'DONATION', kind: 'cash', opening: 1, received: 0, disposed: 0, closing: 1, closingValue: 5000, byCondition: { GOOD: 1 } },
        { category: 'DONATION', kind: 'electronics', opening: 1, received: 1, disposed: 0, closing: 2, closingValue: 11000, byCondition: { GOOD: 2 } },
      ],
      totals: { opening: 15, received: 4, disposed: 2, closing: 17, closingValue: 147400 },
    },
    loans: {
      requested: 5, // L9 L8 L10 L13 L14
      approved: 3, // L7 (asked in September) L8 L13
      rejected: 1, // L10
      cancelled: 1, // L14
      issued: 3, // L7 L8 L13
      returnedOnTime: 2, // L11 (6 Oct, due 10 Oct), L7 (8 Oct, due 9 Oct)
      returnedLate: 2, // L5 (5 Oct, due 25 Sep), L13 (22 Oct, due 20 Oct)
      outstandingAtEnd: 2, // L6, L8
      overdueAtEnd: 1, // L6; L8 is due 15 Nov
      escalated: 1, // L5: 25 Sep + 7 = 2 Oct, still out; L13 (27 Oct) was back on 22 Oct
    },
    weapons: {
      daysCounted: 2, // 1 Oct 05:00 (30 Sep UTC), 15 Oct
      countDiscrepancies: 0,
      shiftIssues: 1, // S3: W_AMMO2
      shiftReturns: 2, // S2: GUN1 (1 Oct 04:00); S3: W_AMMO2 (all spent)
      unreturnedAtShiftClose: 0,
      daysInPeriod: 31,
    },
    donations: {
      received: 1, // D_RADIO
      receivedValue: 3000,
      accepted: 0,
      declined: 1, // D_PRINTER
      flaggedDonors: 0,
      pendingAtEnd: 1, // D_RADIO
    },
    evidence: {
      received: 1, // E_KNIFE
      sentOut: 0,
      returned: 1, // E_DOC, 1 Oct 03:10 Thai time
      disposed: 1, // E_GOLD
      heldAtEnd: 5, // E_DOC E_DRUGS E_PHONE E_CASH E_KNIFE
      highRiskHeldAtEnd: 2, // E_DRUGS E_CASH
      // On 31 Oct: E_PHONE (review date 15 Oct). E_GOLD was closed on 20 Oct. E_LATE's date (2026-10-10) had
      // come, but it was registered only on 5 Nov: it was not held — not due at this station — on 31 Oct.
      dueForDispositionAtEnd: 1,
    },
    auditsAndIncidents: {
      countsClosedByKind: { DAILY_ARMS: 2, SPOT: 1 }, // the daily count started 31 Oct is still open
      incidentsOpened: 2, // DAMAGED_ON_RETURN (L13), CONDITION_CHANGED (SPOT count)
      incidentsResolved: 2, // NOT_RETURNED (3 Oct), CONDITION_CHANGED (28 Oct)
      incidentsOpenAtEnd: 2, // WEIGHT_MISMATCH, DAMAGED_ON_RETURN
    },
  },

  // ---------------------------------------------------------------------------- 2569-09 to 2569-10
  RANGE: {
    holdings: {
      rows: [
        { category: 'EVIDENCE', kind: 'document', opening: 2, received: 0, disposed: 1, closing: 1, closingValue: 0, byCondition: { DAMAGED: 1 } },
        { category: 'EVIDENCE', kind: 'valuables', opening: 1, received: 0, disposed: 1, closing: 0, closingValue: 0, byCondition: {} },
        { category: 'EVIDENCE', kind: 'drugs', opening: 0, received: 1, disposed: 0, closing: 1, closingValue: 0, byCondition: { GOOD: 1 } },
        { category: 'EVIDENCE', kind: 'electronics', opening: 0, received: 1, disposed: 0, closing: 1, closingValue: 0, byCondition: { GOOD: 1 } },
        { category: 'EVIDENCE', kind: 'cash', opening: 0, received: 1, disposed: 0, closing: 1, closingValue: 1500, byCondition: { GOOD: 1 } },
        { category: 'EVIDENCE', kind: 'other', opening: 0, received: 1, disposed: 0, closing: 1, closingValue: 0, byCondition: { GOOD: 1 } },
        { category: 'PROPERTY', kind: 'equipment', opening: 1, received: 0, disposed: 0, closing: 1, closingValue: 12000, byCondition: { GOOD: 1 } },
        { category: 'PROPERTY', kind: 'electronics', opening: 1, received: 0, disposed: 0, closing: 1, closingValue: 25900, byCondition: { DAMAGED: 1 } },
        { category: 'PROPERTY', kind: 'vehicle', opening: 0, received: 1, disposed: 0, closing: 1, closingValue: 65000, byCondition: { GOOD: 1 } },
        { category: 'PROPERTY', kind: 'furniture', opening: 0, received: 1, disposed: 0, closing: 1, closingValue: 12000, byCondition: { GOOD: 1 } },
        { category: 'WEAPON', kind: 'firearm', opening: 2, received: 1, disposed: 0, closing: 3, closingValue: 0, byCondition: { GOOD: 3 } },
        { category: 'WEAPON', kind: 'ammunition', opening: 0, received: 2, disposed: 1, closing: 1, closingValue: 0, byCondition: { GOOD: 1 } },
        { category: 'DONATION', kind: 'furniture', opening: 1, received: 0, disposed: 0, closing: 1, closingValue: 15000, byCondition: { GOOD: 1 } },
        { category: 'DONATION', kind: 'cash', opening: 0, received: 1, disposed: 0, closing: 1, closingValue: 5000, byCondition: { GOOD: 1 } },
        { category: 'DONATION', kind: 'electronics', opening: 0, received: 2, disposed: 0, closing: 2, closingValue: 11000, byCondition: { GOOD: 2 } },
      ],
      totals: { opening: 8, received: 12, disposed: 3, closing: 17, closingValue: 147400 },
    },
    loans: {
      requested: 13,
      approved: 8,
      rejected: 2,
      cancelled: 3,
      issued: 7,
      returnedOnTime: 3, // L4 L11 L7
      returnedLate: 2, // L5 L13
      outstandingAtEnd: 2, // L6 L8
      overdueAtEnd: 1, // L6
      escalated: 2, // L6 (27 Sep), L5 (2 Oct)
    },
    weapons: { daysCounted: 6, countDiscrepancies: 1, shiftIssues: 5, shiftReturns: 5, unreturnedAtShiftClose: 1, daysInPeriod: 61 },
    donations: { received: 3, receivedValue: 16000, accepted: 1, declined: 1, flaggedDonors: 1, pendingAtEnd: 1 },
    evidence: {
      received: 4,
      sentOut: 2,
      returned: 2,
      disposed: 2,
      heldAtEnd: 5,
      highRiskHeldAtEnd: 2,
      dueForDispositionAtEnd: 1, // as on 31 Oct: E_PHONE (E_LATE not yet at the station)
    },
    auditsAndIncidents: { countsClosedByKind: { DAILY_ARMS: 7, SPOT: 1 }, incidentsOpened: 5, incidentsResolved: 3, incidentsOpenAtEnd: 2 },
  },
};

const EXPECTED_PERIOD: Record<PeriodKey, Json> = {
  M1: { from: '2569-09', to: '2569-09', start: '2026-08-31T17:00:00.000Z', end: '2026-09-30T17:00:00.000Z', months: 1, days: 30 },
  M2: { from: '2569-10', to: '2569-10', start: '2026-09-30T17:00:00.000Z', end: '2026-10-31T17:00:00.000Z', months: 1, days: 31 },
  RANGE: { from: '2569-09', to: '2569-10', start: '2026-08-31T17:00:00.000Z', end: '2026-10-31T17:00:00.000Z', months: 2, days: 61 },
};

/** Station B in September: one evidence document booked in, one loan of it asked for and rejected. */
const EXPECTED_B_M1: Expected = {
  holdings: {
    rows: [{ category: 'EVIDENCE', kind: 'document', opening: 0, received: 1, disposed: 0, closing: 1, closingValue: 0, byCondition: { GOOD: 1 } }],
    totals: { opening: 0, received: 1, disposed: 0, closing: 1, closingValue: 0 },
  },
  loans: { requested: 1, approved: 0, rejected: 1, cancelled: 0, issued: 0, returnedOnTime: 0, returnedLate: 0, outstandingAtEnd: 0, overdueAtEnd: 0, escalated: 0 },
  weapons: { daysCounted: 0, countDiscrepancies: 0, shiftIssues: 0, shiftReturns: 0, unreturnedAtShiftClose: 0, daysInPeriod: 30 },
  donations: { received: 0, receivedValue: 0, accepted: 0, declined: 0, flaggedDonors: 0, pendingAtEnd: 0 },
  evidence: { received: 1, sentOut: 0, returned: 0, disposed: 0, heldAtEnd: 1, highRiskHeldAtEnd: 0, dueForDispositionAtEnd: 0 },
  auditsAndIncidents: { countsClosedByKind: {}, incidentsOpened: 0, incidentsResolved: 0, incidentsOpenAtEnd: 0 },
};

const SECTIONS = ['holdings', 'loans', 'weapons', 'donations', 'evidence', 'auditsAndIncidents'] as const;

/** Holdings rows keyed by category/kind: the definitions fix the figures of a row, not the order of rows. */
const byKey = (rows: HoldingsRow[]) => Object.fromEntries(rows.map(({ category, kind, ...figures }) => [`${category}/${kind}`, figures]));

function expectSection(actual: Json, expected: Expected, section: (typeof SECTIONS)[number]): void {
  if (section === 'holdings') {
    expect(byKey(actual.holdings.rows)).toEqual(byKey(expected.holdings.rows));
    expect(actual.holdings.totals).toEqual(expected.holdings.totals);
  } else {
    expect(actual[section]).toEqual(expected[section]);
  }
}

describe('O23 figures (e2e)', () => {
  let t: TestApp;
  const clock = new ManualClock(thai('2026-08-01 08:00'));
  /** The database's own now() when the scenario starts: rows stamped later than this were just written. */
  let realStart: Date;
  const figures = {} as Record<PeriodKey, Json>;
  const tok = () => t.a.tokens;

  // ---- HTTP -----------------------------------------------------------------------------------------
  async function call(method: 'get' | 'post', url: string, token: string, body?: Body): Promise<Json> {
    const res = method === 'get' ? await t.http().get(url).set(auth(token)) : await t.http().post(url).set(auth(token)).send(body ?? {});
    expect(res.status >= 200 && res.status < 300 ? 'ok' : `${method.toUpperCase()} ${url} → ${res.status} ${JSON.stringify(res.body)}`).toBe('ok');
    return res.body;
  }
  const post = (url: string, body: Body, token: string) => call('post', url, token, body);
  const figuresOf = (query: string, token = tok().CLERK) => t.http().get(`/api/reports/o23/figures?${query}`).set(auth(token));

  // ---- time -----------------------------------------------------------------------------------------
  /**
   * Moves what the last step wrote with the database's now() — items.registered_at, custody_events.at,
   * discrepancies.created_at, all later than `realStart` — to the scenario clock's time. custody_events
   * refuses UPDATE by trigger (append-only); moving its `at` is UNAVOIDABLE here because the figures read
   * it (closing events, send-outs and receipts back, the condition at the end) and the API always writes
   * the real now. So the owner disables that one trigger inside its own transaction, moves only the rows
   * just written, and enables it again before the commit: no other session ever sees it disabled
   * (ALTER TABLE holds an exclusive lock until then). The audit log is never touched.
   */
  async function stamp(): Promise<void> {
    const at = clock.now();
    await owner.query('BEGIN');
    try {
      await owner.query('UPDATE items SET registered_at = $1 WHERE registered_at >= $2', [at, realStart]);
      await owner.query('UPDATE discrepancies SET created_at = $1 WHERE created_at >= $2', [at, realStart]);
      const [{ n }] = await owner.rows<{ n: number }>('SELECT count(*)::int AS n FROM custody_events WHERE at >= $1', [realStart]);
      if (n > 0) {
        await owner.query('ALTER TABLE custody_events DISABLE TRIGGER custody_events_append_only');
        await owner.query('UPDATE custody_events SET at = $1 WHERE at >= $2', [at, realStart]);
        await owner.query('ALTER TABLE custody_events ENABLE TRIGGER custody_events_append_only');
      }
      await owner.query('COMMIT');
    } catch (error) {
      await owner.query('ROLLBACK');
      throw error;
    }
  }

  /** One step of the scenario at a Bangkok time: the clock is set, the work done, its rows stamped. */
  async function at<T>(when: string, work: () => Promise<T>): Promise<T> {
    clock.set(thai(when));
    const result = await work();
    await stamp();
    return result;
  }

  // ---- the scenario's verbs ---------------------------------------------------------------------------
  const register = (body: Body, token = tok().CLERK) => post('/api/items', body, token);
  const event = (item: Json, body: Body) => post(`/api/items/${item.id}/events`, body, tok().CLERK);

  const requestLoan = (items: Json[], dueAt: string, token = tok().OFFICER, over: Body = {}) =>
    post('/api/loans', { items: items.map((i) => ({ itemId: i.id })), purposeType: 'DUTY', purpose: 'ใช้ในราชการของสถานี', offPremises: false, dueAt: thai(dueAt).toISOString(), ...over }, token);
  const approveLoan = (loan: Json, token = tok().SUPERVISOR) => post(`/api/loans/${loan.id}/approve`, { note: 'อนุมัติ' }, token);
  const rejectLoan = (loan: Json, token = tok().SUPERVISOR) => post(`/api/loans/${loan.id}/reject`, { note: 'ไม่อนุมัติ เอกสารไม่ครบ' }, token);
  const cancelLoan = (loan: Json, token = tok().OFFICER) => post(`/api/loans/${loan.id}/cancel`, { note: 'ไม่ต้องใช้แล้ว' }, token);
  const issueLoan = (loan: Json, scans: Body[], witness?: Body) => post(`/api/loans/${loan.id}/issue`, { items: scans, ...(witness ? { witness } : {}) }, tok().CLERK);
  const returnLoan = (loan: Json, scans: Body[], witness?: Body) => post(`/api/loans/${loan.id}/return`, { items: scans, ...(witness ? { witness } : {}) }, tok().CLERK);

  const openShift = (name: string) => post('/api/shifts', { name }, tok().SUPERVISOR);
  const shiftIssue = (shift: Json, item: Json, over: Body = {}) => post(`/api/shifts/${shift.id}/issue`, { officerId: t.a.users.OFFICER.id, code: item.code, witness: W(), ...over }, tok().CLERK);
  const shiftReturn = (shift: Json, item: Json, over: Body = {}) => post(`/api/shifts/${shift.id}/return`, { code: item.code, witness: W(), ...over }, tok().CLERK);
  const closeShift = (shift: Json, body: Body = {}) => post(`/api/shifts/${shift.id}/close`, body, tok().SUPERVISOR);

  /** A count started, scanned and closed (countersigned by the supervisor, who did not count); answers the findings by type. */
  async function count(kind: string, started: string, closed: string, scans: Body[], scope?: Body): Promise<{ audit: Json; found: Record<string, number> }> {
    const audit = await at(started, async () => {
      const created = await post('/api/audits', { kind, ...(scope ? { scope } : {}) }, tok().CLERK);
      for (const scan of scans) await post(`/api/audits/${created.id}/scans`, scan, tok().CLERK);
      return created;
    });
    const done = await at(closed, () => post(`/api/audits/${audit.id}/close`, { witness: W() }, tok().CLERK));
    expect(done.status).toBe('CLOSED');
    const found: Record<string, number> = {};
    for (const f of done.findings as Json[]) found[f.type] = (found[f.type] ?? 0) + 1;
    return { audit: done, found };
  }
  const incidentsOf = async (query: string): Promise<Json[]> => (await call('get', `/api/incidents?${query}`, tok().COMMANDER)).items;
  const resolve = (incident: Json) => post(`/api/incidents/${incident.id}/resolve`, { note: 'ตรวจสอบแล้ว ดำเนินการแก้ไขตามระเบียบ' }, tok().COMMANDER);

  async function dispose(item: Json, over: Body, requested: string, approved: string, executed: string, blind: Body = {}): Promise<Json> {
    const disposal = await at(requested, () => post('/api/disposals', { items: [{ itemId: item.id }], legalBasis: 'COURT_ORDER', documentRef: 'คำพิพากษาศาลจังหวัดทดสอบ คดีแดงที่ 77/2569', ...over }, tok().CLERK));
    await at(approved, () => post(`/api/disposals/${disposal.id}/approve`, {}, tok().COMMANDER));
    return at(executed, () => post(`/api/disposals/${disposal.id}/execute`, { witness: W(), items: [{ itemId: item.id, ...blind }] }, tok().CLERK));
  }

  // ---- the scenario -----------------------------------------------------------------------------------
  async function buildStationA(): Promise<void> {
    const room = t.a.room.id;
    const safe = t.a.safe.id;
    const gun = (serialNumber: string): Body => ({ category: 'WEAPON', kind: 'firearm', description: 'ปืนพกสั้นกึ่งอัตโนมัติ', locationId: safe, serialNumber, weapon: { make: 'Glock', model: '19', calibre: '9 มม.' }, witness: W() });
    const ammo = (quantity: number): Body => ({ category: 'WEAPON', kind: 'ammunition', description: 'กระสุนปืนพก 9 มม.', quantity, unit: 'นัด', locationId: safe, weapon: { calibre: '9 มม.' }, witness: W() });

    // ===== August 2026 (before the months): what is held at the opening of September (8 items).
    const E_DOC = await at('2026-08-05 10:00', () =>
      register({ category: 'EVIDENCE', kind: 'document', description: 'สมุดบัญชีเงินฝากปลอม', locationId: room, evidence: { caseNumber: '501/2569', seizedFrom: 'นายเอกสาร ปลอมแปลง', seizedAt: '2026-08-01' } }));
    const E_DOC2 = await at('2026-08-05 10:05', () =>
      register({ category: 'EVIDENCE', kind: 'document', description: 'ใบขับขี่ปลอม', locationId: room, evidence: { caseNumber: '502/2569', seizedFrom: 'นางสาวเอกสาร สองฉบับ', seizedAt: '2026-08-02' } }));
    const E_GOLD = await at('2026-08-06 10:00', () =>
      register({
        category: 'EVIDENCE',
        kind: 'valuables',
        description: 'สร้อยคอทองคำ หนัก 2 บาท (รับโอนจากสถานีเดิม)',
        locationId: safe,
        sealNumber: 'S-GOLD-01',
        evidence: { caseNumber: '88/2568', seizedFrom: 'นายขโมย ทองคำ', seizedAt: '2025-09-01', ownerName: 'นางทองดี มีสุข', ownerNotifiedAt: '2025-09-20' },
        witness: W(),
      }));
    const P_CAM = await at('2026-08-07 10:00', () =>
      register({ category: 'PROPERTY', kind: 'equipment', description: 'กล้องถ่ายภาพดิจิทัล', locationId: room, property: { assetNumber: '6720-001-0001/69', unitPrice: 12000, fundingSource: 'BUDGET' } }));
    const P_LAPTOP = await at('2026-08-07 10:05', () =>
      register({ category: 'PROPERTY', kind: 'electronics', description: 'คอมพิวเตอร์โน้ตบุ๊ก', locationId: room, serialNumber: 'NB-0001', property: { assetNumber: '7440-001-0002/69', unitPrice: 25900 } }));
    const W_GUN1 = await at('2026-08-08 10:00', () => register(gun('RF-0001')));
    const W_GUN2 = await at('2026-08-08 10:05', () => register(gun('RF-0002')));
    const D_CHAIRS = await at('2026-08-09 10:00', () =>
      register({ category: 'DONATION', kind: 'furniture', description: 'เก้าอี้สำนักงาน', quantity: 10, unit: 'ตัว', locationId: room, donation: { donorName: 'บริษัท ใจบุญ จำกัด', receivedAt: '2026-08-09', estimatedValue: 15000, purpose: 'ใช้ในห้องสอบสวน' } }));
    await at('2026-08-10 10:00', () => post(`/api/donations/${D_CHAIRS.id}/accept`, {}, tok().COMMANDER));

    // ===== September 2026 (M1)
    // Daily count at 02:00 on 1 Sep (Thai; 31 Aug in UTC): both guns found.
    expect((await count('DAILY_ARMS', '2026-09-01 01:50', '2026-09-01 02:00', [{ code: W_GUN1.code }, { code: W_GUN2.code }])).found).toEqual({ FOUND: 2 });

    const E_DRUGS = await at('2026-09-02 09:00', () =>
      register({
        category: 'EVIDENCE',
        kind: 'drugs',
        description: 'ยาบ้า 100 เม็ด บรรจุถุงพลาสติกใส',
        quantity: 100,
        unit: 'เม็ด',
        locationId: safe,
        sealNumber: 'S-DRUG-01',
        weightGrams: 20.5,
        evidence: { caseNumber: '510/2569', offence: 'มียาเสพติดให้โทษประเภท 1 ไว้ในครอบครอง', seizedFrom: 'นายยา บ้าบิ่น', seizedAt: '2026-09-01' },
        witness: W(),
      }));
    const E_PHONE = await at('2026-09-03 09:00', () =>
      register({ category: 'EVIDENCE', kind: 'electronics', description: 'โทรศัพท์มือถือ สีดำ', locationId: room, serialNumber: 'IMEI-0510', evidence: { caseNumber: '511/2569', seizedFrom: 'นายสมปอง ขายดี', seizedAt: '2026-09-02', reviewDate: '2026-10-15' } }));
    const W_AMMO = await at('2026-09-03 09:30', () => register(ammo(100)));
    const E_CASH = await at('2026-09-04 09:00', () =>
      register({ category: 'EVIDENCE', kind: 'cash', description: 'ธนบัตรของกลาง', locationId: safe, amount: 1500, denominations: { '500': 3 }, evidence: { caseNumber: '512/2569', seizedFrom: 'นายเงิน สดใส', seizedAt: '2026-09-03' }, witness: W() }));
    const P_MOTO = await at('2026-09-04 09:30', () =>
      register({ category: 'PROPERTY', kind: 'vehicle', description: 'รถจักรยานยนต์สายตรวจ', locationId: safe, property: { assetNumber: '2310-001-0003/69', unitPrice: 65000 }, witness: W() }));
    const P_DESKS = await at('2026-09-05 09:00', () =>
      register({ category: 'PROPERTY', kind: 'furniture', description: 'โต๊ะทำงานเหล็ก', quantity: 3, unit: 'ตัว', locationId: room, property: { assetNumber: '7110-001-0004/69', unitPrice: 4000 } }));
    // The donor is "นายสมปอง ขายดี" of E_PHONE, written without the title.
    const D_CASH = await at('2026-09-05 14:00', () =>
      register({
        category: 'DONATION',
        kind: 'cash',
        description: 'เงินสดบริจาค',
        locationId: safe,
        amount: 5000,
        denominations: { '1000': 5 },
        donation: { donorName: 'สมปอง ขายดี', receivedAt: '2026-09-05', estimatedValue: 5000, purpose: 'จัดซื้อวัสดุสำนักงาน' },
        witness: W(),
      }));

    // Loans L1 (rejected), L3 (approved, then cancelled), L2 (cancelled while asked).
    const L1 = await at('2026-09-06 09:00', () => requestLoan([P_CAM], '2026-09-09 09:00'));
    await at('2026-09-06 10:00', () => rejectLoan(L1));
    const L3 = await at('2026-09-06 11:00', () => requestLoan([P_DESKS], '2026-09-10 09:00'));
    await at('2026-09-06 11:30', () => approveLoan(L3));
    const L2 = await at('2026-09-07 09:00', () => requestLoan([P_CAM], '2026-09-10 09:00'));
    await at('2026-09-07 09:30', () => cancelLoan(L2));
    await at('2026-09-07 10:00', () => cancelLoan(L3));

    const acceptance = await at('2026-09-08 09:00', () => post(`/api/donations/${D_CASH.id}/accept`, { acknowledgeConflict: true, note: 'รับทราบความเกี่ยวข้องกับคดีแล้ว' }, tok().COMMANDER));
    expect(acceptance.donorMatches.length).toBeGreaterThan(0);

    // L4: out 9 Sep, back 11 Sep, due 12 Sep — on time.
    const L4 = await at('2026-09-08 10:00', () => requestLoan([P_CAM], '2026-09-12 09:00'));
    await at('2026-09-08 10:30', () => approveLoan(L4));
    await at('2026-09-09 09:00', () => issueLoan(L4, [{ code: P_CAM.code }]));

    // 10 Sep: the morning count, shift S1 (GUN1, GUN2, 50 rounds out); GUN2 stays out when S1 closes.
    expect((await count('DAILY_ARMS', '2026-09-10 06:50', '2026-09-10 07:00', [{ code: W_GUN1.code }, { code: W_GUN2.code }, { code: W_AMMO.code }])).found).toEqual({ FOUND: 3 });
    const S1 = await at('2026-09-10 08:00', () => openShift('ผลัด 08.00–16.00 น. 10 ก.ย. 2569'));
    await at('2026-09-10 08:05', () => shiftIssue(S1, W_GUN1));
    await at('2026-09-10 08:10', () => shiftIssue(S1, W_GUN2));
    await at('2026-09-10 08:15', () => shiftIssue(S1, W_AMMO, { quantity: 50 }));
    await at('2026-09-10 16:00', () => shiftReturn(S1, W_GUN1));
    await at('2026-09-10 16:05', () => shiftReturn(S1, W_AMMO, { quantity: 40, spentQuantity: 10, spentReason: 'ยิงสกัดคนร้ายระหว่างปฏิบัติหน้าที่' }));
    const closedS1 = await at('2026-09-10 16:30', () => closeShift(S1, { unreturned: [{ code: W_GUN2.code, reason: 'เจ้าหน้าที่ยังติดภารกิจนอกสถานี' }] }));
    expect(closedS1.discrepancies.map((d: Json) => d.kind)).toEqual(['NOT_RETURNED']);
    const notReturned = closedS1.discrepancies[0];
    // The count at 23:30: GUN2 is out on a closed shift — MISSING (the count's discrepancy).
    const c3 = await count('DAILY_ARMS', '2026-09-10 23:20', '2026-09-10 23:30', [{ code: W_GUN1.code }, { code: W_AMMO.code }]);
    expect(c3.found).toEqual({ FOUND: 2, MISSING: 1 });
    const [missing] = await incidentsOf(`auditId=${c3.audit.id}`);
    expect(missing).toMatchObject({ kind: 'MISSING', itemId: W_GUN2.id });
    await at('2026-09-11 05:30', () => shiftReturn(S1, W_GUN2));
    // 06:00 on 11 Sep in Bangkok is still 10 Sep in UTC: a fourth Thai day, not a third UTC one.
    expect((await count('DAILY_ARMS', '2026-09-11 05:50', '2026-09-11 06:00', [{ code: W_GUN1.code }, { code: W_GUN2.code }, { code: W_AMMO.code }])).found).toEqual({ FOUND: 3 });

    await at('2026-09-11 09:00', () => returnLoan(L4, [{ code: P_CAM.code, condition: 'GOOD' }]));

    // L6: E_CASH to court, off the premises (the commander approves), due 20 Sep, never back.
    const L6 = await at('2026-09-12 09:00', () => requestLoan([E_CASH], '2026-09-20 09:00', tok().INVESTIGATOR, { purposeType: 'COURT', purpose: 'นำส่งศาลจังหวัดทดสอบ คดี 512/2569', offPremises: true }));
    await at('2026-09-12 10:00', () => approveLoan(L6, tok().COMMANDER));
    await at('2026-09-12 11:00', () => resolve(missing));
    await at('2026-09-13 09:00', () => issueLoan(L6, [{ code: E_CASH.code, amount: 1500 }], W()));

    // L5: P_DESKS out 15 Sep, due 25 Sep, back 5 Oct (late, and escalated on 2 Oct).
    const L5 = await at('2026-09-14 09:00', () => requestLoan([P_DESKS], '2026-09-25 09:00'));
    await at('2026-09-14 09:30', () => approveLoan(L5));
    await at('2026-09-15 09:00', () => issueLoan(L5, [{ code: P_DESKS.code }]));

    // Evidence out and back.
    await at('2026-09-15 10:00', () => event(E_DOC, { type: 'SEND_OUT', recipient: 'ศาลจังหวัดทดสอบ', destination: 'COURT', documentRef: 'หนังสือนำส่ง ตช 0001/2569' }));
    await at('2026-09-16 10:00', () =>
      event(E_DRUGS, { type: 'SEND_OUT', recipient: 'กองพิสูจน์หลักฐานกลาง', destination: 'LAB', documentRef: 'หนังสือนำส่ง ตช 0002/2569', sealNumber: 'S-DRUG-01', weightGrams: 20.5, witness: W() }));
    const back = await at('2026-09-16 15:00', () => event(E_DRUGS, { type: 'RECEIVE_BACK', toLocationId: safe, sealNumber: 'S-DRUG-01', weightGrams: 20.0, witness: W() }));
    expect(back.discrepancies.map((d: Json) => d.kind)).toEqual(['WEIGHT_MISMATCH']);

    const D_PRINTER = await at('2026-09-20 10:00', () =>
      register({ category: 'DONATION', kind: 'electronics', description: 'เครื่องพิมพ์เลเซอร์', locationId: room, donation: { donorName: 'ร้านเครื่องเขียน ทดสอบ', receivedAt: '2026-09-20', estimatedValue: 8000, purpose: 'ใช้ในงานธุรการ' } }));

    // L11: two items out 21 Sep, due 10 Oct; one back 28 Sep, the other 6 Oct (on time, in October).
    const L11 = await at('2026-09-20 11:00', () => requestLoan([P_LAPTOP, D_CHAIRS], '2026-10-10 09:00'));
    await at('2026-09-20 11:30', () => approveLoan(L11));
    await at('2026-09-21 09:00', () => issueLoan(L11, [{ code: P_LAPTOP.code }, { code: D_CHAIRS.code }]));

    const destroyed = await dispose(E_DOC2, { method: 'DESTROY' }, '2026-09-22 09:00', '2026-09-23 09:00', '2026-09-25 14:00');
    expect(destroyed.status).toBe('EXECUTED');

    const partly = await at('2026-09-28 09:00', () => returnLoan(L11, [{ code: P_LAPTOP.code, condition: 'GOOD' }]));
    expect(partly.loan.storedStatus).toBe('PARTIALLY_RETURNED');
    // L7: asked in September, approved in October.
    const L7 = await at('2026-09-28 10:00', () => requestLoan([P_MOTO], '2026-10-09 09:00'));

    // Shift S2 over midnight into October; the count of 30 Sep 21:00 finds GUN1 away on it.
    const S2 = await at('2026-09-30 20:00', () => openShift('ผลัด 20.00–04.00 น. 30 ก.ย. 2569'));
    await at('2026-09-30 20:05', () => shiftIssue(S2, W_GUN1));
    expect((await count('DAILY_ARMS', '2026-09-30 20:50', '2026-09-30 21:00', [{ code: W_GUN2.code }, { code: W_AMMO.code }])).found).toEqual({ FOUND: 2, AWAY: 1 });

    // ===== October 2026 (M2). 1 Oct 03:00 in Bangkok is 30 Sep 20:00 UTC.
    const D_RADIO = await at('2026-10-01 03:00', () =>
      register({ category: 'DONATION', kind: 'electronics', description: 'วิทยุสื่อสาร', locationId: room, donation: { donorName: 'สมาคมวิทยุสมัครเล่น ทดสอบ', receivedAt: '2026-10-01', estimatedValue: 3000, purpose: 'ใช้ในงานสายตรวจ' } }));
    await at('2026-10-01 03:10', () => event(E_DOC, { type: 'RECEIVE_BACK', toLocationId: room, condition: 'DAMAGED', note: 'ปกสมุดฉีกขาด' }));
    await at('2026-10-01 04:00', () => shiftReturn(S2, W_GUN1));
    await at('2026-10-01 04:30', () => closeShift(S2));
    expect((await count('DAILY_ARMS', '2026-10-01 04:50', '2026-10-01 05:00', [{ code: W_GUN1.code }, { code: W_GUN2.code }, { code: W_AMMO.code }])).found).toEqual({ FOUND: 3 });
    await at('2026-10-01 09:00', () => approveLoan(L7));
    await at('2026-10-02 09:00', () => issueLoan(L7, [{ code: P_MOTO.code }], W('sta.commander')));
    await at('2026-10-03 09:00', () => post(`/api/donations/${D_PRINTER.id}/decline`, { note: 'ไม่จำเป็นต่อการใช้งานของสถานี' }, tok().COMMANDER));
    await at('2026-10-03 10:00', () => resolve(notReturned));

    // Shift S3: 20 rounds out, all fired: the lot is closed (a RETURN to DISPOSED) the day it came.
    const W_AMMO2 = await at('2026-10-05 08:00', () => register(ammo(20)));
    const S3 = await at('2026-10-05 08:15', () => openShift('ผลัด 08.00–12.00 น. 5 ต.ค. 2569 (ฝึกยิงปืน)'));
    await at('2026-10-05 08:30', () => shiftIssue(S3, W_AMMO2));
    await at('2026-10-05 10:00', () => returnLoan(L5, [{ code: P_DESKS.code, condition: 'GOOD' }]));
    await at('2026-10-05 11:00', () => shiftReturn(S3, W_AMMO2, { spentQuantity: 20, spentReason: 'ฝึกยิงปืนประจำปี' }));
    await at('2026-10-05 11:30', () => closeShift(S3));
    const ammo2 = await call('get', `/api/items/${W_AMMO2.id}`, tok().CLERK);
    expect(ammo2.status).toBe('DISPOSED');

    const whole = await at('2026-10-06 09:00', () => returnLoan(L11, [{ code: D_CHAIRS.code, condition: 'GOOD' }]));
    expect(whole.loan.storedStatus).toBe('RETURNED');
    await at('2026-10-07 09:00', () => requestLoan([D_CHAIRS], '2026-10-14 09:00')); // L9: never decided
    await at('2026-10-08 09:00', () => returnLoan(L7, [{ code: P_MOTO.code, condition: 'GOOD' }], W('sta.commander')));

    // L8: out from 11 Oct, due 15 Nov.
    const L8 = await at('2026-10-10 09:00', () => requestLoan([P_CAM], '2026-11-15 09:00'));
    await at('2026-10-10 09:30', () => approveLoan(L8));
    await at('2026-10-11 09:00', () => issueLoan(L8, [{ code: P_CAM.code }]));

    await at('2026-10-12 09:00', () =>
      register({ category: 'EVIDENCE', kind: 'other', description: 'มีดพับ', locationId: room, evidence: { caseNumber: '520/2569', seizedFrom: 'นายมีด พับได้', seizedAt: '2026-10-11' } }));
    const L10 = await at('2026-10-12 10:00', () => requestLoan([E_PHONE], '2026-10-13 09:00', tok().INVESTIGATOR, { purposeType: 'LAB' }));
    await at('2026-10-12 10:30', () => rejectLoan(L10, tok().COMMANDER));

    const W_GUN3 = await at('2026-10-14 09:00', () => register(gun('RF-0003')));
    expect((await count('DAILY_ARMS', '2026-10-15 07:50', '2026-10-15 08:00', [W_GUN1, W_GUN2, W_GUN3, W_AMMO].map((w) => ({ code: w.code })))).found).toEqual({ FOUND: 4 });

    // L13: P_LAPTOP due 20 Oct, back 22 Oct DAMAGED (late, before its escalation on 27 Oct).
    const L13 = await at('2026-10-15 09:00', () => requestLoan([P_LAPTOP], '2026-10-20 09:00'));
    await at('2026-10-15 09:30', () => approveLoan(L13));
    await at('2026-10-16 09:00', () => issueLoan(L13, [{ code: P_LAPTOP.code }]));

    const returned = await dispose(E_GOLD, { method: 'RETURN_TO_OWNER', recipient: 'นางทองดี มีสุข' }, '2026-10-18 09:00', '2026-10-19 09:00', '2026-10-20 10:00', { sealNumber: 'S-GOLD-01' });
    expect(returned.incidents).toEqual([]);

    const L14 = await at('2026-10-20 11:00', () => requestLoan([E_PHONE], '2026-10-21 09:00', tok().INVESTIGATOR));
    await at('2026-10-20 11:30', () => cancelLoan(L14, tok().INVESTIGATOR));

    const damaged = await at('2026-10-22 10:00', () => returnLoan(L13, [{ code: P_LAPTOP.code, condition: 'DAMAGED', note: 'จอภาพแตก' }]));
    expect(damaged.discrepancies.map((d: Json) => d.kind)).toEqual(['DAMAGED_ON_RETURN']);

    // A spot count of government property: P_MOTO looks deteriorated (an incident, not a daily-arms one); P_CAM is away on L8.
    const spot = await count('SPOT', '2026-10-25 08:50', '2026-10-25 09:00', [{ code: P_LAPTOP.code, condition: 'DAMAGED' }, { code: P_MOTO.code, condition: 'DETERIORATED' }, { code: P_DESKS.code }], { category: 'PROPERTY' });
    expect(spot.found).toEqual({ FOUND: 3, AWAY: 1, CONDITION_CHANGED: 1 });
    const [changed] = await incidentsOf(`auditId=${spot.audit.id}`);
    await at('2026-10-28 09:00', () => resolve(changed));

    // A daily count started on 31 Oct and never closed: no day counted.
    await at('2026-10-31 10:00', () => post('/api/audits', { kind: 'DAILY_ARMS' }, tok().CLERK));

    // ===== November 2026 (after the months): old evidence booked in late — seized 2021-10-10, owner unknown,
    // so it falls to the state on 2026-10-10 (ข้อ 47: 5 years), before it ever came to the station.
    await at('2026-11-05 10:00', () =>
      register({ category: 'EVIDENCE', kind: 'document', description: 'สัญญากู้ยืมปลอม (คดีเก่า รับโอนมา)', locationId: room, evidence: { caseNumber: '88/2564', seizedFrom: 'นายคดี เก่าแก่', seizedAt: '2021-10-10' } }));

    expect(D_RADIO.status).toBe('IN_STORAGE');
  }

  async function buildStationB(): Promise<void> {
    const doc = await at('2026-09-15 11:00', () =>
      register({ category: 'EVIDENCE', kind: 'document', description: 'บันทึกการจับกุม', locationId: t.b.room.id, evidence: { caseNumber: '9/2569', seizedFrom: 'นายบี สถานีบี' } }, t.b.tokens.CLERK));
    const loan = await at('2026-09-16 09:00', () => requestLoan([doc], '2026-09-18 09:00', t.b.tokens.OFFICER));
    await at('2026-09-16 09:30', () => rejectLoan(loan, t.b.tokens.SUPERVISOR));
  }

  const chainEntries = async (stationId: string) => (await owner.rows<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE chain_key = $1', [stationId]))[0].n;

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    await owner.open(t.db.ownerUrl);
    [{ now: realStart }] = await owner.rows<{ now: Date }>('SELECT now() AS now');
    // The stamps tell fresh rows by the real date: it must be after everything the scenario dates.
    expect(realStart.getTime()).toBeGreaterThan(thai('2026-11-05 10:00').getTime());
    await buildStationA();
    await buildStationB();
    for (const key of PERIOD_KEYS) {
      const res = await figuresOf(PERIODS[key]);
      expectOk(res);
      figures[key] = res.body;
    }
  });

  afterAll(async () => {
    await owner.close();
    await t?.close();
  });

  // ===================================================================================================
  describe('station A: every section against the hand-written figures', () => {
    const cases = PERIOD_KEYS.flatMap((period) => SECTIONS.map((section) => ({ period, section })));
    it.each(cases)('$period: $section', ({ period, section }) => {
      expectSection(figures[period], EXPECTED[period], section);
    });

    it.each(PERIOD_KEYS)('%s: the period and the station', (period) => {
      expect(figures[period].period).toEqual(EXPECTED_PERIOD[period]);
      expect(figures[period].station).toEqual({ id: t.a.station.id, code: 'STA', nameTh: 'สถานีตำรวจทดสอบ STA', nameEn: 'Test Station STA' });
      expect(Object.keys(figures[period]).sort()).toEqual(['auditLog', 'auditsAndIncidents', 'donations', 'evidence', 'holdings', 'loans', 'period', 'problems', 'station', 'weapons']);
      // Section 8 is the clerk's text (reports-notes.test.ts); none is written in this scenario.
      expect(figures[period].problems).toBeNull();
    });
  });

  describe('identities the figures keep', () => {
    it.each(PERIOD_KEYS)('%s: opening + received − disposed = closing for every holdings row; the totals are the sums of the rows', (period) => {
      const { rows, totals } = figures[period].holdings as { rows: HoldingsRow[]; totals: Json };
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        expect({ row: `${r.category}/${r.kind}`, closing: r.opening + r.received - r.disposed }).toEqual({ row: `${r.category}/${r.kind}`, closing: r.closing });
        expect(Object.values(r.byCondition).reduce((a, b) => a + b, 0)).toBe(r.closing);
      }
      const sum = (field: keyof HoldingsRow) => rows.reduce((s, r) => s + (r[field] as number), 0);
      expect(totals).toEqual({ opening: sum('opening'), received: sum('received'), disposed: sum('disposed'), closing: sum('closing'), closingValue: sum('closingValue') });
      expect(totals.opening + totals.received - totals.disposed).toBe(totals.closing);
    });

    it('weapons.daysInPeriod is the number of days of the month(s): 30 in September, 31 in October, 61 for both', () => {
      const daysOf = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
      expect(figures.M1.weapons.daysInPeriod).toBe(daysOf(2026, 9));
      expect(figures.M2.weapons.daysInPeriod).toBe(daysOf(2026, 10));
      expect(figures.RANGE.weapons.daysInPeriod).toBe(daysOf(2026, 9) + daysOf(2026, 10));
      for (const p of PERIOD_KEYS) expect(figures[p].weapons.daysInPeriod).toBe(figures[p].period.days);
    });

    it("the months chain and add up to the range: September's closing is October's opening; flows add; stocks at the end are October's", () => {
      const { M1, M2, RANGE } = figures;
      const rowsOf = (f: Json) => byKey(f.holdings.rows) as Record<string, Omit<HoldingsRow, 'category' | 'kind'>>;
      const [r1, r2, rr] = [rowsOf(M1), rowsOf(M2), rowsOf(RANGE)];
      for (const key of Object.keys(rr)) {
        const a = r1[key] ?? { opening: 0, received: 0, disposed: 0, closing: 0 };
        expect({ key, opening: r2[key].opening }).toEqual({ key, opening: a.closing });
        expect({ key, opening: rr[key].opening, received: rr[key].received, disposed: rr[key].disposed, closing: rr[key].closing, closingValue: rr[key].closingValue, byCondition: rr[key].byCondition }).toEqual({
          key,
          opening: a.opening,
          received: a.received + r2[key].received,
          disposed: a.disposed + r2[key].disposed,
          closing: r2[key].closing,
          closingValue: r2[key].closingValue,
          byCondition: r2[key].byCondition,
        });
      }
      const adds = (section: string, fields: string[]) => {
        for (const f of fields) expect({ section, f, value: RANGE[section][f] }).toEqual({ section, f, value: M1[section][f] + M2[section][f] });
      };
      const stays = (section: string, fields: string[]) => {
        for (const f of fields) expect({ section, f, value: RANGE[section][f] }).toEqual({ section, f, value: M2[section][f] });
      };
      adds('loans', ['requested', 'approved', 'rejected', 'cancelled', 'issued', 'returnedOnTime', 'returnedLate', 'escalated']);
      stays('loans', ['outstandingAtEnd', 'overdueAtEnd']);
      adds('weapons', ['daysCounted', 'countDiscrepancies', 'shiftIssues', 'shiftReturns', 'unreturnedAtShiftClose', 'daysInPeriod']);
      adds('donations', ['received', 'receivedValue', 'accepted', 'declined', 'flaggedDonors']);
      stays('donations', ['pendingAtEnd']);
      adds('evidence', ['received', 'sentOut', 'returned', 'disposed']);
      stays('evidence', ['heldAtEnd', 'highRiskHeldAtEnd', 'dueForDispositionAtEnd']);
      adds('auditsAndIncidents', ['incidentsOpened', 'incidentsResolved']);
      stays('auditsAndIncidents', ['incidentsOpenAtEnd']);
      const kinds = new Set([...Object.keys(M1.auditsAndIncidents.countsClosedByKind), ...Object.keys(M2.auditsAndIncidents.countsClosedByKind)]);
      expect(RANGE.auditsAndIncidents.countsClosedByKind).toEqual(Object.fromEntries([...kinds].map((k) => [k, (M1.auditsAndIncidents.countsClosedByKind[k] ?? 0) + (M2.auditsAndIncidents.countsClosedByKind[k] ?? 0)])));
    });
  });

  // ===================================================================================================
  describe('section 7: the audit log', () => {
    it.each(PERIOD_KEYS)('%s: verified; the chain as it stood at the end (empty: every entry was written after these months, in real time); headSeqAtEnd ≤ entriesNow', async (period) => {
      const entries = await chainEntries(t.a.station.id);
      expect(entries).toBeGreaterThan(100);
      expect(figures[period].auditLog).toEqual({ verified: true, firstBadSeq: null, entriesNow: entries, entriesAtEnd: 0, headSeqAtEnd: 0, headHashAtEnd: null, verifiedSince: null });
      expect(figures[period].auditLog.headSeqAtEnd).toBeLessThanOrEqual(figures[period].auditLog.entriesNow);
    });

    it('the current month (real time): the head at its end is the chain head now, with the hash that verification gives; reading the figures writes nothing', async () => {
      const now = new Date(Date.now() + 7 * 3_600_000);
      const period = `${now.getUTCFullYear() + 543}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
      const before = await chainEntries(t.a.station.id);
      const res = await figuresOf(`period=${period}`, tok().AUDITOR);
      expectOk(res);
      expect(await chainEntries(t.a.station.id)).toBe(before);
      const verify = await call('get', '/api/audit-log/verify', tok().AUDITOR);
      expect(verify).toMatchObject({ ok: true, entries: before, headSeq: before, firstBadSeq: null });
      expect(res.body.auditLog).toEqual({ verified: true, firstBadSeq: null, entriesNow: before, entriesAtEnd: before, headSeqAtEnd: before, headHashAtEnd: verify.headHash, verifiedSince: null });
    });
  });

  // ===================================================================================================
  describe('station B', () => {
    it("B's September holds only B's data, and A's figures hold none of B's", async () => {
      const res = await figuresOf(PERIODS.M1, t.b.tokens.COMMANDER);
      expectOk(res);
      for (const section of SECTIONS) expectSection(res.body, EXPECTED_B_M1, section);
      expect(res.body.station).toMatchObject({ id: t.b.station.id, code: 'STB' });
      expect(res.body.auditLog).toEqual({ verified: true, firstBadSeq: null, entriesNow: await chainEntries(t.b.station.id), entriesAtEnd: 0, headSeqAtEnd: 0, headHashAtEnd: null, verifiedSince: null });
      // And October for B: nothing moved, one document held.
      const oct = await figuresOf(PERIODS.M2, t.b.tokens.CLERK);
      expectOk(oct);
      expect(oct.body.holdings.totals).toEqual({ opening: 1, received: 0, disposed: 0, closing: 1, closingValue: 0 });
      expect(oct.body.loans).toEqual({ ...EXPECTED_B_M1.loans, requested: 0, rejected: 0 });
    });
  });

  // ===================================================================================================
  describe('who may read the figures', () => {
    it.each(['CLERK', 'SUPERVISOR', 'COMMANDER', 'AUDITOR'] as const)('%s (prepares, checks, approves, assesses) reads the same figures', async (role) => {
      const res = await figuresOf(PERIODS.M1, tok()[role]);
      expectOk(res);
      // Which rows section 7 recomputed depends on the verifications made since, not on the reader.
      const scopeless = (f: Json) => ({ ...f, auditLog: { ...f.auditLog, verifiedSince: null } });
      expect(scopeless(res.body)).toEqual(scopeless(figures.M1));
    });

    it.each(['OFFICER', 'INVESTIGATOR'] as const)('%s → 403 FORBIDDEN', async (role) => {
      expectError(await figuresOf(PERIODS.M1, tok()[role]), 403, 'FORBIDDEN');
    });

    // The route's roles (REPORT_READERS, and the permission table of route-roles.test.ts) leave ADMIN out,
    // so the guard answers before the service could say STATION_USER_ONLY.
    it('ADMIN (of no station) → 403 FORBIDDEN from the route guard', async () => {
      expectError(await figuresOf(PERIODS.M1, t.adminToken), 403, 'FORBIDDEN');
    });

    it('no token → 401 UNAUTHENTICATED', async () => {
      expectError(await t.http().get(`/api/reports/o23/figures?${PERIODS.M1}`), 401, 'UNAUTHENTICATED');
    });
  });

  // ===================================================================================================
  describe('the period (Buddhist-era months, Thai time)', () => {
    it.each([
      ['', 'PERIOD_REQUIRED'],
      ['from=2569-09', 'PERIOD_REQUIRED'],
      ['to=2569-10', 'PERIOD_REQUIRED'],
      ['period=2569-09&from=2569-09&to=2569-10', 'PERIOD_REQUIRED'],
      ['period=2569-09&to=2569-10', 'PERIOD_REQUIRED'],
      ['period=', 'PERIOD_INVALID'],
      ['period=2569-13', 'PERIOD_INVALID'],
      ['period=2569-00', 'PERIOD_INVALID'],
      ['period=2569-9', 'PERIOD_INVALID'],
      ['period=69-09', 'PERIOD_INVALID'],
      ['period=2026-09', 'PERIOD_INVALID'], // a Common-Era year
      ['from=2569-10&to=2569-09', 'PERIOD_INVALID'],
      ['from=2567-10&to=2569-10', 'PERIOD_TOO_LONG'], // 25 months
    ])('?%s → 422 %s', async (query, code) => {
      expectError(await figuresOf(query), 422, code);
    });

    it('24 months is the longest period: 2567-11 to 2569-10 (730 days)', async () => {
      const res = await figuresOf('from=2567-11&to=2569-10');
      expectOk(res);
      expect(res.body.period).toEqual({ from: '2567-11', to: '2569-10', start: '2024-10-31T17:00:00.000Z', end: '2026-10-31T17:00:00.000Z', months: 24, days: 730 });
      expect(res.body.weapons.daysInPeriod).toBe(730);
      // Nothing existed before August 2026: the whole scenario is received in it, nothing is open at its start.
      expect(res.body.holdings.totals).toEqual({ opening: 0, received: 20, disposed: 3, closing: 17, closingValue: 147400 });
    });
  });
});
