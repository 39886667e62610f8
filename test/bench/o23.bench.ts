import { availableParallelism, loadavg } from 'node:os';
import pg from 'pg';
import { AuditLogService, chainKeyOf } from '../../src/audit-log/audit-log.service.js';
import { Role } from '../../src/common/roles.js';
import { bangkokDate, EvidenceTimersService } from '../../src/evidence/evidence-timers.service.js';
import { O23FiguresRepository } from '../../src/reports/o23-figures.repository.js';
import { parsePeriod } from '../../src/reports/o23-period.js';
import { renderO23Pdf } from '../../src/reports/o23-pdf.renderer.js';
import { renderO23Xlsx } from '../../src/reports/o23-xlsx.renderer.js';
import { ReportsService } from '../../src/reports/reports.service.js';
import type { UserView } from '../../src/users/users.dto.js';
import { type BenchApp, type BenchStation, ratio, seedStation, startBenchApp } from './app-kit.js';
import { benchDatabase, median, type MemoryPeak, withMemoryPeak } from './bench-kit.js';
import { type Cast, DATA_FROM, DATA_TO, generate, type StationSpec } from './generator.js';
import { contextOf, makeUsers, queriesOf, type SentQuery } from './script-kit.js';

/** DESIGN §9: a station with 200,000 items and 2,000,000 custody events. */
const ITEMS = Number(process.env.BENCH_O23_ITEMS ?? 200_000);
const EVENTS = Number(process.env.BENCH_O23_EVENTS ?? 2_000_000);
/** A second, small station in the same tables: its report must cost what its own rows cost. */
const OTHER_ITEMS = Math.max(200, Math.round(ITEMS / 100));
const OTHER_EVENTS = Math.max(2_000, Math.round(EVENTS / 100));
const RUNS = Math.max(1, Number(process.env.BENCH_O23_RUNS ?? 5));
/** The experiments repeat fewer times: they show an order of magnitude, not the figure of record. */
const EXPERIMENT_RUNS = Math.min(RUNS, 3);
/** BENCH_O23_EXPERIMENTS=0 skips the experiments (JIT off, candidate indexes, verification variants; bench database only). */
const EXPERIMENTS = process.env.BENCH_O23_EXPERIMENTS !== '0';
const TARGET_SECONDS = 5;
const TARGET_MB = 300;

/** The last full month of the data, and the first half of its last fiscal year (DESIGN §6's example). */
const PERIODS: Record<string, { period?: string; from?: string; to?: string }> = {
  month: { period: '2568-09' },
  fiscalHalf: { from: '2567-10', to: '2568-03' },
};

// ---------------------------------------------------------------------------------------------------
// Measurement: the app's own code (repository, timers, audit-log service, report service, HTTP).
// ---------------------------------------------------------------------------------------------------

interface Repeated {
  medianMs: number;
  minMs: number;
  runsMs: number[];
  warmupMs: number;
}

interface RepeatedWithMemory extends Repeated {
  bytes: number;
  /** Per measured run, then the largest: peak RSS of the process and its growth during the run; heap likewise. */
  memory: MemoryPeak[];
  peakRssMB: number;
  maxRssGrowthMB: number;
  peakHeapMB: number;
  maxHeapGrowthMB: number;
}

const ms = (t0: number) => +(performance.now() - t0).toFixed(1);

/** One warm-up, then `runs` timed calls one after another. */
async function repeat(fn: () => Promise<unknown>, runs = RUNS): Promise<Repeated> {
  let t0 = performance.now();
  await fn();
  const warmupMs = ms(t0);
  const runsMs: number[] = [];
  for (let r = 0; r < runs; r++) {
    t0 = performance.now();
    await fn();
    runsMs.push(ms(t0));
  }
  return { medianMs: median(runsMs), minMs: Math.min(...runsMs), runsMs, warmupMs };
}

/**
 * As repeat(), each measured run inside withMemoryPeak (RSS sampled by a worker every 10 ms, heap on the
 * main thread). `warmup: false` when the caller has just run the same path (one report warms the next).
 */
async function repeatWithMemory(fn: () => Promise<Buffer>, warmup = true): Promise<RepeatedWithMemory> {
  let t0 = performance.now();
  let bytes = warmup ? (await fn()).length : 0;
  const warmupMs = warmup ? ms(t0) : 0;
  const runsMs: number[] = [];
  const memory: MemoryPeak[] = [];
  for (let r = 0; r < RUNS; r++) {
    const { result, memory: m } = await withMemoryPeak(async () => {
      const start = performance.now();
      const body = await fn();
      return { body, ms: ms(start) };
    });
    bytes = result.body.length;
    runsMs.push(result.ms);
    memory.push(m);
  }
  return {
    medianMs: median(runsMs),
    minMs: Math.min(...runsMs),
    runsMs,
    warmupMs,
    bytes,
    memory,
    peakRssMB: Math.max(...memory.map((m) => m.rssPeakMB)),
    maxRssGrowthMB: Math.max(...memory.map((m) => m.rssGrowthMB)),
    peakHeapMB: Math.max(...memory.map((m) => m.heapPeakMB)),
    maxHeapGrowthMB: Math.max(...memory.map((m) => m.heapGrowthMB)),
  };
}

function expectFile(body: Buffer, format: 'pdf' | 'xlsx'): Buffer {
  const magic = format === 'pdf' ? '%PDF-' : 'PK';
  if (body.subarray(0, magic.length).toString('latin1') !== magic) throw new Error(`O23 ${format} does not start with ${magic}`);
  return body;
}

/** The app's SQL of one call, each statement run again under EXPLAIN (ANALYZE, BUFFERS) as the owner, with the same parameters. */
async function explainCall(owner: pg.Client, call: () => Promise<unknown>): Promise<Array<{ statement: string; executionMs: number | null; plan: string[] }>> {
  const { queries } = await queriesOf(call);
  const seen = new Set<string>();
  const distinct: SentQuery[] = queries.filter((q) => !/^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SET )/i.test(q.text) && !seen.has(q.text) && !!seen.add(q.text));
  const out = [];
  for (const q of distinct) {
    const { rows } = await owner.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.text}`, q.values);
    const plan = rows.map((r) => r['QUERY PLAN'] as string);
    const exec = plan.map((l) => /Execution Time: ([\d.]+) ms/.exec(l)).find(Boolean);
    out.push({ statement: q.text.replace(/\s+/g, ' ').trim().slice(0, 200), executionMs: exec ? Number(exec[1]) : null, plan });
  }
  return out;
}

type SectionCalls = Record<string, () => Promise<unknown>>;

interface StationUnderTest {
  id: string;
  code: string;
  ctx: ReturnType<typeof contextOf>;
  token: string;
}

/** O23FiguresRepository's calls and the timers' dueCount, with the arguments ReportsService.o23Figures passes. */
function sectionsOf(bench: BenchApp, stationId: string, query: (typeof PERIODS)[string]): SectionCalls {
  const figures = bench.app.get(O23FiguresRepository);
  const timers = bench.app.get(EvidenceTimersService);
  const { start, end } = parsePeriod(query);
  const lastDay = bangkokDate(new Date(end.getTime() - 1));
  return {
    holdings: () => figures.holdings(stationId, start, end),
    loans: () => figures.loans(stationId, start, end),
    weapons: () => figures.weapons(stationId, start, end),
    donations: () => figures.donations(stationId, start, end),
    evidence: () => figures.evidence(stationId, start, end),
    auditsAndIncidents: () => figures.auditsAndIncidents(stationId, start, end),
    chainAtEnd: () => figures.chainAtEnd(chainKeyOf(stationId), end),
    dueCount: () => timers.dueCount(stationId, lastDay, end),
  };
}

/** The seven figure aggregates at once, as o23Figures runs them (it adds dueCount, the chain verification and the note). */
const aggregatesOf = (s: SectionCalls) => () =>
  Promise.all([s.holdings(), s.loans(), s.weapons(), s.donations(), s.evidence(), s.auditsAndIncidents(), s.chainAtEnd()]);

interface PeriodOptions {
  /** Each figure query and dueCount timed alone. */
  sections: boolean;
  /** GET /api/reports/o23 as PDF too. */
  http: boolean;
}

async function measurePeriod(bench: BenchApp, station: StationUnderTest, name: string, options: PeriodOptions) {
  const query = PERIODS[name];
  const reports = bench.app.get(ReportsService);
  const sections = sectionsOf(bench, station.id, query);
  const qs = new URLSearchParams({ ...(query as Record<string, string>), format: 'pdf' });
  const httpPdf = async () => {
    const res = await fetch(`http://127.0.0.1:${bench.port}/api/reports/o23?${qs}`, { headers: { authorization: `Bearer ${station.token}` } });
    const body = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) throw new Error(`GET /api/reports/o23?${qs}: ${res.status} ${body.toString('utf8').slice(0, 500)}`);
    return expectFile(body, 'pdf');
  };
  const service = (format: 'pdf' | 'xlsx') => async () => expectFile((await reports.o23File(station.ctx, { ...query, format })).body, format);

  console.log(`o23: ${station.code} ${name}: aggregates alone…`);
  const aggregatesAlone = await repeat(aggregatesOf(sections));
  const dueCountAlone = await repeat(sections.dueCount);
  console.log(`o23: ${station.code} ${name}: PDF and XLSX through ReportsService.o23File${options.http ? ', PDF through HTTP' : ''}…`);
  // One warm-up for the three: they run the same SQL (a warm-up each would add a report's time each).
  const warmupMs = await (async () => {
    const t0 = performance.now();
    await service('pdf')();
    return ms(t0);
  })();
  const pdfService = await repeatWithMemory(service('pdf'), false);
  const xlsxService = await repeatWithMemory(service('xlsx'), false);
  const pdfHttp = options.http ? await repeatWithMemory(httpPdf, false) : null;
  // The renderers alone, on the figures the service computed: what the files cost beyond the SQL.
  const figures = await reports.o23Figures(station.ctx, query);
  const renderPdfAlone = await repeatWithMemory(() => renderO23Pdf(figures, { generatedAt: new Date(), thaiNumerals: false }));
  const renderXlsxAlone = await repeatWithMemory(() => renderO23Xlsx(figures, new Date()));
  const perSection: Record<string, Repeated> = {};
  if (options.sections) {
    for (const [section, call] of Object.entries(sections)) perSection[section] = await repeat(call);
  }
  const files = [pdfService, xlsxService, ...(pdfHttp ? [pdfHttp] : [])];
  const result = {
    query,
    aggregatesAlone,
    dueCountAlone,
    reportWarmupMs: warmupMs,
    pdfService,
    xlsxService,
    pdfHttp,
    renderPdfAlone,
    renderXlsxAlone,
    perSectionMs: Object.fromEntries(Object.entries(perSection).map(([k, r]) => [k, { medianMs: r.medianMs, minMs: r.minMs, runsMs: r.runsMs }])),
    peakRssMB: Math.max(...files.map((f) => f.peakRssMB)),
    maxRssGrowthMB: Math.max(...files.map((f) => f.maxRssGrowthMB)),
    peakHeapMB: Math.max(...files.map((f) => f.peakHeapMB)),
    maxHeapGrowthMB: Math.max(...files.map((f) => f.maxHeapGrowthMB)),
    figures: {
      holdingsTotals: figures.holdings.totals,
      loans: figures.loans,
      weapons: figures.weapons,
      donations: figures.donations,
      evidence: figures.evidence,
      auditsAndIncidents: figures.auditsAndIncidents,
      auditLog: figures.auditLog,
    },
  };
  console.log(
    `o23: ${station.code} ${name}: aggregates ${aggregatesAlone.medianMs} ms, PDF ${pdfService.medianMs} ms${pdfHttp ? ` (HTTP ${pdfHttp.medianMs} ms)` : ''}, ` +
      `XLSX ${xlsxService.medianMs} ms, peak RSS ${result.peakRssMB} MB (growth ${result.maxRssGrowthMB} MB)` +
      (options.sections ? `; sections ${Object.entries(perSection).map(([k, r]) => `${k} ${r.medianMs}`).join(', ')} ms` : ''),
  );
  return result;
}

/** The slowest section of a period (the chain verification included when given), explained. */
async function explainSlowest(owner: pg.Client, calls: SectionCalls, timesMs: Record<string, number>) {
  const [slowest] = Object.entries(timesMs).sort((x, y) => y[1] - x[1]);
  return { slowest: slowest[0], medianMs: slowest[1], plans: await explainCall(owner, calls[slowest[0]]) };
}

interface ShippedIndex {
  name: string;
  ddl: string;
  why: string;
}

/**
 * The indexes migration CustodyEventIndexes added for the report (measured here first as experiments):
 * the experiment drops them to measure the report as it was before, then builds them again.
 */
const SHIPPED_INDEXES: ShippedIndex[] = [
  {
    name: 'ix_custody_events_condition',
    ddl: 'CREATE INDEX ix_custody_events_condition ON custody_events (item_id, id) INCLUDE (at, condition) WHERE condition IS NOT NULL',
    why: 'holdings: condition_at_end is a backward index scan per item with a heap fetch per event; covering partial index makes it index-only',
  },
  {
    name: 'ix_custody_events_closed',
    ddl: "CREATE INDEX ix_custody_events_closed ON custody_events (item_id, at) INCLUDE (station_id) WHERE to_status = 'DISPOSED'",
    why: "holdings/evidence: the CLOSED CTE seq-scans all custody_events for to_status = 'DISPOSED'; dueCount's NOT EXISTS fetches every event of each evidence item",
  },
];

/**
 * The same captured statements (each on a connection of its own, all at once, as the app runs them) with
 * JIT on and off, alternating on-off / off-on so that load drifting on a shared machine falls on both.
 */
async function jitOnOff(url: string, statements: SentQuery[]) {
  const conns = statements.map(() => new pg.Client({ connectionString: url }));
  await Promise.all(conns.map((c) => c.connect()));
  try {
    const run = async (jit: boolean) => {
      await Promise.all(conns.map((c) => c.query(`SET jit = ${jit ? 'on' : 'off'}`)));
      const t0 = performance.now();
      await Promise.all(statements.map((q, i) => conns[i].query(q.text, q.values)));
      return ms(t0);
    };
    await run(true);
    const on: number[] = [];
    const off: number[] = [];
    for (let r = 0; r < EXPERIMENT_RUNS; r++) {
      if (r % 2 === 0) {
        on.push(await run(true));
        off.push(await run(false));
      } else {
        off.push(await run(false));
        on.push(await run(true));
      }
    }
    return { jitOnMedianMs: median(on), jitOffMedianMs: median(off), 'speedup (on / off)': ratio(median(on), median(off)), jitOnRunsMs: on, jitOffRunsMs: off };
  } finally {
    await Promise.all(conns.map((c) => c.end()));
  }
}

/**
 * EXPERIMENTS, on the bench database only and labelled as such in the result: (a) JIT on/off, paired,
 * for the statements of the slowest calls (the chain verification's ranges, holdings), captured from the
 * app with their parameters; (b) the app measured again without the indexes it ships for the report
 * (SHIPPED_INDEXES, built again afterwards): the before of the after measured first; (c) the
 * app's chain-range SQL over only the rows appended since a checkpoint, and over the whole chain with the
 * planner kept to the (chain_key, seq) index.
 */
async function runExperiments(bench: BenchApp, url: string, owner: pg.Client, station: StationUnderTest, before: { verifyMs: number; periods: Record<string, { aggregatesMs: number; pdfMs: number; sectionsMs: Record<string, number> }> }) {
  const result: Record<string, unknown> = { label: 'EXPERIMENT on the bench database only: not the application as shipped' };
  const auditLog = bench.app.get(AuditLogService);
  const reports = bench.app.get(ReportsService);
  const { queries } = await queriesOf(() => auditLog.verify(station.id));
  const ranges = queries.filter((q) => q.text.includes('sha256'));

  console.log('o23: EXPERIMENT JIT on/off…');
  const jit: Record<string, unknown> = { 'verify: its chain ranges at once': await jitOnOff(url, ranges) };
  for (const name of Object.keys(PERIODS)) {
    const { queries: holdings } = await queriesOf(sectionsOf(bench, station.id, PERIODS[name]).holdings);
    jit[`holdings ${name}`] = await jitOnOff(url, holdings);
  }
  result.jitOnOff = jit;
  console.log(`o23: EXPERIMENT JIT on/off: ${JSON.stringify(Object.fromEntries(Object.entries(jit).map(([k, v]) => [k, (v as { 'speedup (on / off)': number })['speedup (on / off)']])))}`);

  const dropped: ShippedIndex[] = [];
  try {
    const indexes: Record<string, unknown> = {};
    for (const x of SHIPPED_INDEXES) {
      const { rows: [size] } = await owner.query(`SELECT pg_size_pretty(pg_relation_size($1::regclass)) AS size`, [x.name]);
      await owner.query(`DROP INDEX ${x.name}`);
      dropped.push(x);
      indexes[x.name] = { ddl: x.ddl, why: x.why, size: size.size };
    }
    await owner.query('ANALYZE custody_events');
    result.shippedIndexes = indexes;
    console.log('o23: EXPERIMENT without the shipped indexes (before the migration)…');
    const periods: Record<string, unknown> = {};
    for (const name of Object.keys(PERIODS)) {
      const sections = sectionsOf(bench, station.id, PERIODS[name]);
      const perSection: Record<string, number> = {};
      for (const [section, call] of Object.entries(sections)) perSection[section] = (await repeat(call, EXPERIMENT_RUNS)).medianMs;
      const aggregates = await repeat(aggregatesOf(sections), EXPERIMENT_RUNS);
      const pdf = await repeat(async () => expectFile((await reports.o23File(station.ctx, { ...PERIODS[name], format: 'pdf' })).body, 'pdf'), EXPERIMENT_RUNS);
      const now = before.periods[name];
      periods[name] = {
        sectionsMs: perSection,
        'sections speedup (without / with the indexes)': Object.fromEntries(Object.entries(perSection).map(([k, v]) => [k, ratio(v, now.sectionsMs[k])])),
        aggregatesMs: aggregates.medianMs,
        'aggregates speedup (without / with)': ratio(aggregates.medianMs, now.aggregatesMs),
        pdfServiceMs: pdf.medianMs,
        pdfRunsMs: pdf.runsMs,
        'pdf speedup (without / with)': ratio(pdf.medianMs, now.pdfMs),
        plans: { holdings: await explainCall(owner, sections.holdings), dueCount: await explainCall(owner, sections.dueCount) },
      };
      console.log(`o23: EXPERIMENT without the indexes ${name}: aggregates ${aggregates.medianMs} ms, PDF ${pdf.medianMs} ms; sections ${JSON.stringify(perSection)}`);
    }
    result.withoutShippedIndexes = periods;
  } finally {
    for (const x of dropped) {
      const t0 = performance.now();
      await owner.query(x.ddl);
      (result.shippedIndexes as Record<string, Record<string, unknown>>)[x.name].rebuildMs = ms(t0);
    }
    await owner.query('ANALYZE custody_events');
  }

  // (c) The chain-range statements, run again on connections of their own: over only the rows written
  // since a stored checkpoint (an incremental verification), and over the whole chain as verify() cuts it
  // but with the planner kept to the (chain_key, seq) index and no parallel workers.
  console.log('o23: EXPERIMENT verification variants…');
  const conns = ranges.map(() => new pg.Client({ connectionString: url }));
  await Promise.all(conns.map((c) => c.connect()));
  try {
    const figures = bench.app.get(O23FiguresRepository);
    const chainKey = chainKeyOf(station.id);
    const lastSeq = (await auditLog.verify(station.id)).headSeq;
    const checkpoints: Record<string, Date> = {
      'nightly checkpoint (rows of the last day)': new Date(DATA_TO.getTime() - 86_400_000),
      'monthly checkpoint (rows of the last month)': parsePeriod(PERIODS.month).start,
    };
    const incremental: Record<string, unknown> = {};
    for (const [label, at] of Object.entries(checkpoints)) {
      const checkpoint = (await figures.chainAtEnd(chainKey, at)).headSeqAtEnd;
      const values = [ranges[0].values[0], checkpoint + 1, lastSeq, ...ranges[0].values.slice(3)];
      const timing = await repeat(async () => {
        const { rows: [r] } = await conns[0].query(ranges[0].text, values);
        if (r.first_bad !== null) throw new Error(`incremental range ${checkpoint + 1}..${lastSeq} has a bad row at ${r.first_bad}`);
      }, EXPERIMENT_RUNS);
      incremental[label] = { fromSeq: checkpoint + 1, toSeq: lastSeq, rows: lastSeq - checkpoint, medianMs: timing.medianMs, runsMs: timing.runsMs };
    }
    result.incrementalVerify = incremental;
    for (const c of conns) await c.query('SET enable_seqscan = off; SET max_parallel_workers_per_gather = 0');
    const indexOrdered = await repeat(() => Promise.all(ranges.map((r, i) => conns[i].query(r.text, r.values))), EXPERIMENT_RUNS);
    const { rows: plan } = await conns[0].query(`EXPLAIN (ANALYZE, BUFFERS) ${ranges[0].text}`, ranges[0].values);
    result.fullVerifyIndexOrdered = {
      ranges: ranges.map((r) => `${r.values[1]}..${r.values[2]}`),
      medianMs: indexOrdered.medianMs,
      runsMs: indexOrdered.runsMs,
      'speedup over verify() (before / after)': ratio(before.verifyMs, indexOrdered.medianMs),
      planOfFirstRange: plan.map((r) => r['QUERY PLAN'] as string),
    };
    console.log(`o23: EXPERIMENT verification variants: ${JSON.stringify(incremental)}; whole chain in index order ${indexOrdered.medianMs} ms`);
  } finally {
    await Promise.all(conns.map((c) => c.end()));
  }
  return result;
}

/**
 * The O23 report at DESIGN §9 scale (target: PDF and XLSX each ≤ 5 s and ≤ 300 MB for a station with
 * 200,000 items and 2,000,000 events), against a baseline in the same run: the report's SQL aggregates
 * alone (O23FiguresRepository as ReportsService.o23Figures calls it), and apart from them the two other
 * things o23Figures waits for, the audit-chain verification and the evidence timers' dueCount. For the
 * last full month and the fiscal first half: ReportsService.o23File as PDF and XLSX, GET
 * /api/reports/o23 as PDF, the renderers alone, each section alone, EXPLAIN of the slowest; the small
 * second station's PDF shows what station scoping costs.
 */
export async function o23Bench(): Promise<Record<string, unknown>> {
  const loadBefore = loadavg();
  const db = await benchDatabase();
  // An app that does not boot (a module mid-edit) must not leave a migrated database behind.
  const bench = await startBenchApp(db.url).catch(async (err: unknown) => {
    await db.close();
    throw err;
  });
  const owner = new pg.Client({ connectionString: db.url });
  await owner.connect();
  try {
    const seed = await seedStation(bench.app, 'PTW');
    const other = await seedStation(bench.app, 'BRK', { admin: seed.admin, nameTh: 'สถานีตำรวจนครบาลบางรัก', nameEn: 'Bang Rak Metropolitan Police Station' });
    const officers = [seed.users.OFFICER!, ...(await makeUsers(bench, seed, 'officer', Role.OFFICER, 7))];
    const investigators = [seed.users.INVESTIGATOR!, ...(await makeUsers(bench, seed, 'inv', Role.INVESTIGATOR, 3))];
    const castOf = (s: BenchStation, inv: UserView[], off: UserView[]): Cast => ({
      clerk: s.users.CLERK!,
      supervisor: s.users.SUPERVISOR!,
      commander: s.users.COMMANDER!,
      investigators: inv,
      officers: off,
    });
    const specs: StationSpec[] = [
      { seed, cast: castOf(seed, investigators, officers), items: ITEMS, events: EVENTS },
      { seed: other, cast: castOf(other, [other.users.INVESTIGATOR!], [other.users.OFFICER!]), items: OTHER_ITEMS, events: OTHER_EVENTS },
    ];
    console.log(`o23: generating ${ITEMS} items and ${EVENTS} events at ${seed.station.code}, ${OTHER_ITEMS} and ${OTHER_EVENTS} at ${other.station.code}…`);
    const generated = await generate(db.url, specs);
    console.log(`o23: generated in ${generated.seconds} s`);

    const under = async (s: BenchStation): Promise<StationUnderTest> => ({
      id: s.station.id,
      code: s.station.code,
      ctx: contextOf(s.users.COMMANDER!, `bench-o23-${s.station.code}`),
      token: await bench.token(s.users.COMMANDER!),
    });
    const main = await under(seed);
    const small = await under(other);

    // The chain must verify before anything is timed: the report prints whether it does.
    const auditLog = bench.app.get(AuditLogService);
    const verification = await auditLog.verify(main.id);
    const otherVerification = await auditLog.verify(small.id);
    if (!verification.ok || !otherVerification.ok) throw new Error(`generated chain does not verify: ${JSON.stringify({ verification, otherVerification })}`);

    console.log('o23: audit-log verification alone…');
    const verifyAlone = await repeat(() => auditLog.verify(main.id));
    // What the report waits for: the rows since the checkpoint the full verifications above recorded.
    const incrementalAlone = await repeat(() => auditLog.verify(main.id, { since: 'checkpoint', record: false }));
    const periods: Record<string, Awaited<ReturnType<typeof measurePeriod>>> = {};
    for (const name of Object.keys(PERIODS)) periods[name] = await measurePeriod(bench, main, name, { sections: true, http: name === 'month' });

    // The slowest section of each period (the verification included: o23Figures waits for it too), explained.
    const explained: Record<string, unknown> = {};
    for (const [name, r] of Object.entries(periods)) {
      const calls: SectionCalls = { ...sectionsOf(bench, main.id, PERIODS[name]), verify: () => auditLog.verify(main.id) };
      const times = Object.fromEntries(Object.entries(r.perSectionMs).map(([k, v]) => [k, v.medianMs]));
      const slowest = await explainSlowest(owner, calls, { ...times, verify: verifyAlone.medianMs });
      explained[name] = slowest;
      if (slowest.slowest === 'verify') explained[`${name}: slowest figure query`] = await explainSlowest(owner, calls, times);
    }

    // The small station in the same tables: its report must cost what its own rows cost.
    const smallStation: Record<string, unknown> = { verifyAlone: await repeat(() => auditLog.verify(small.id)) };
    for (const name of Object.keys(PERIODS)) {
      const r = await measurePeriod(bench, small, name, { sections: true, http: false });
      const times = Object.fromEntries(Object.entries(r.perSectionMs).map(([k, v]) => [k, v.medianMs]));
      smallStation[name] = {
        aggregatesAlone: r.aggregatesAlone,
        pdfService: r.pdfService,
        xlsxService: r.xlsxService,
        renderPdfAloneMs: r.renderPdfAlone.medianMs,
        perSectionMs: times,
        'aggregates: big station / small station': ratio(periods[name].aggregatesAlone.medianMs, r.aggregatesAlone.medianMs),
        explainedSlowest: await explainSlowest(owner, sectionsOf(bench, small.id, PERIODS[name]), times),
      };
    }

    const summary = Object.fromEntries(
      Object.entries(periods).map(([name, r]) => {
        const pdf = r.pdfService.medianMs;
        const xlsx = r.xlsxService.medianMs;
        const sqlFloor = Math.max(r.aggregatesAlone.medianMs, incrementalAlone.medianMs, r.dueCountAlone.medianMs);
        return [
          name,
          {
            aggregatesAloneMedianMs: r.aggregatesAlone.medianMs,
            verifyAloneMedianMs: verifyAlone.medianMs,
            incrementalVerifyAloneMedianMs: incrementalAlone.medianMs,
            dueCountAloneMedianMs: r.dueCountAlone.medianMs,
            pdfServiceMedianMs: pdf,
            xlsxServiceMedianMs: xlsx,
            pdfHttpMedianMs: r.pdfHttp?.medianMs ?? null,
            renderPdfAloneMedianMs: r.renderPdfAlone.medianMs,
            renderXlsxAloneMedianMs: r.renderXlsxAlone.medianMs,
            'pdf / aggregates alone': ratio(pdf, r.aggregatesAlone.medianMs),
            'xlsx / aggregates alone': ratio(xlsx, r.aggregatesAlone.medianMs),
            'pdf http / aggregates alone': r.pdfHttp ? ratio(r.pdfHttp.medianMs, r.aggregatesAlone.medianMs) : null,
            'pdf / slowest of (aggregates, incremental verify, dueCount) alone': ratio(pdf, sqlFloor),
            'xlsx / slowest of (aggregates, incremental verify, dueCount) alone': ratio(xlsx, sqlFloor),
            perSectionMedianMs: { ...Object.fromEntries(Object.entries(r.perSectionMs).map(([k, v]) => [k, v.medianMs])), verify: incrementalAlone.medianMs, fullVerify: verifyAlone.medianMs },
            peakRssMB: r.peakRssMB,
            maxRssGrowthMB: r.maxRssGrowthMB,
            peakHeapMB: r.peakHeapMB,
            maxHeapGrowthMB: r.maxHeapGrowthMB,
            meetsTime: Math.max(pdf, xlsx, r.pdfHttp?.medianMs ?? 0) <= TARGET_SECONDS * 1000,
            meetsMemory: r.maxRssGrowthMB <= TARGET_MB && r.peakRssMB <= TARGET_MB,
          },
        ];
      }),
    );
    console.log(`o23: ${JSON.stringify(summary)}`);

    const experiments = EXPERIMENTS
      ? await runExperiments(bench, db.url, owner, main, {
          verifyMs: verifyAlone.medianMs,
          periods: Object.fromEntries(
            Object.entries(periods).map(([name, r]) => [
              name,
              { aggregatesMs: r.aggregatesAlone.medianMs, pdfMs: r.pdfService.medianMs, sectionsMs: Object.fromEntries(Object.entries(r.perSectionMs).map(([k, v]) => [k, v.medianMs])) },
            ]),
          ),
        })
      : null;

    const pgSettings = Object.fromEntries(
      (await owner.query(`SELECT name, setting, unit FROM pg_settings WHERE name IN ('server_version', 'shared_buffers', 'work_mem', 'effective_cache_size', 'max_parallel_workers_per_gather', 'jit', 'random_page_cost')`)).rows.map(
        (r) => [r.name, r.unit ? `${r.setting} ${r.unit}` : r.setting],
      ),
    );
    const { rows: sizes } = await owner.query(
      `SELECT relname AS table, pg_size_pretty(pg_total_relation_size(c.oid)) AS total FROM pg_class c
       WHERE relname IN ('items', 'custody_events', 'audit_log', 'loans', 'loan_items', 'audit_findings', 'discrepancies') ORDER BY pg_total_relation_size(c.oid) DESC`,
    );
    return {
      bench: 'O23 report (PDF, XLSX) at DESIGN §9 scale',
      target: { seconds: TARGET_SECONDS, megabytes: TARGET_MB, note: 'time: median of each of PDF, XLSX (and HTTP PDF); memory: both the process peak RSS and its growth during one render (RSS sampled every 10 ms by a worker thread)' },
      scale: { items: ITEMS, events: EVENTS, otherStation: { items: OTHER_ITEMS, events: OTHER_EVENTS }, dataFrom: DATA_FROM.toISOString(), dataTo: DATA_TO.toISOString() },
      runs: RUNS,
      generation: generated,
      verification,
      summary,
      verifyAlone,
      incrementalVerifyAlone: incrementalAlone,
      periods,
      smallStation,
      explained,
      experiments,
      memoryMethod:
        'withMemoryPeak (bench-kit): before each measured run a GC (--expose-gc), then process RSS sampled every 10 ms from a worker thread (keeps sampling while the main thread is in synchronous PDF/XLSX work) and the main thread heapUsed sampled every 10 ms on the main thread (can miss a peak inside a synchronous stretch; RSS includes it). Growth = peak − value just before the run. The process holds the app, its pg pool, the bench and the sampler.',
      processMaxRssMB: +(process.resourceUsage().maxRSS / 1024).toFixed(1),
      poolSize: bench.config.dbPoolSize,
      pgSettings,
      tableSizes: sizes,
      machine: { cores: availableParallelism(), loadAverageBefore: loadBefore.map((l) => +l.toFixed(2)), loadAverageAfter: loadavg().map((l) => +l.toFixed(2)) },
    };
  } finally {
    await owner.end();
    await bench.close();
    await db.close();
  }
}
