import { parseArgs } from 'node:util';
import { AuditLogService } from '../../src/audit-log/audit-log.service.js';
import { Role } from '../../src/common/roles.js';
import { type BenchStation, seedStation, startBenchApp } from './app-kit.js';
import { benchDatabase } from './bench-kit.js';
import { type Cast, DATA_FROM, DATA_TO, generate, type StationSpec } from './generator.js';
import { makeUsers } from './script-kit.js';

/** Thai names of the generated stations, in turn (a number is added after the first round). */
const STATION_NAMES = ['ปทุมวัน', 'บางรัก', 'บึงกุ่ม', 'ลุมพินี', 'ทองหล่อ', 'พญาไท', 'ดุสิต', 'สำราญราษฎร์', 'ยานนาวา', 'บางซื่อ'];

export interface SeedOptions {
  stations: number;
  /** Per station. */
  items: number;
  /** Per station; at least one per item (its INTAKE) and one more per item that is out or closed. */
  events: number;
  seed: string;
  /** Drop the database afterwards instead of keeping it to start the server on. */
  drop: boolean;
}

export function seedOptions(argv: string[]): SeedOptions {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: { stations: { type: 'string' }, items: { type: 'string' }, events: { type: 'string' }, seed: { type: 'string' }, drop: { type: 'boolean' } },
  });
  const int = (v: unknown, fallback: number, name: string) => {
    const n = v === undefined ? fallback : Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number`);
    return n;
  };
  const items = int(values.items, 2_000, 'items');
  return {
    stations: int(values.stations, 2, 'stations'),
    items,
    events: int(values.events, items * 10, 'events'),
    seed: typeof values.seed === 'string' ? values.seed : '',
    drop: values.drop === true,
  };
}

/**
 * `npm run bench -- seed --stations N --items M --events K [--seed S] [--drop]`: generates N stations,
 * each with its commander, supervisor, clerk, investigators, officers and storage places (through the
 * app's services), M items of every category and K custody events over two fiscal years (1 Oct 2023 –
 * 30 Sep 2025), with loans, the shift arms book, counts and their findings, incidents, donations,
 * disposals and a verifying audit chain (set-based, test/bench/generator.ts). The same seed gives the
 * same history. On BENCH_DATABASE_URL's server the database is kept (printed as a DATABASE_URL to start
 * the server on) unless --drop; on the embedded server it is dropped at the end.
 */
export async function seedBench(argv: string[] = process.argv.slice(2)): Promise<Record<string, unknown>> {
  const options = seedOptions(argv);
  const db = await benchDatabase();
  const bench = await startBenchApp(db.url).catch(async (err: unknown) => {
    await db.close();
    throw err;
  });
  // A database on BENCH_DATABASE_URL's server outlives this process; the embedded one stops with it.
  let keep = !options.drop && Boolean(process.env.BENCH_DATABASE_URL);
  try {
    const specs: StationSpec[] = [];
    let first: BenchStation | undefined;
    for (let s = 0; s < options.stations; s++) {
      const name = STATION_NAMES[s % STATION_NAMES.length] + (s >= STATION_NAMES.length ? ` ${Math.floor(s / STATION_NAMES.length) + 1}` : '');
      const station = await seedStation(bench.app, `S${String(s + 1).padStart(2, '0')}`, { admin: first?.admin, nameTh: `สถานีตำรวจนครบาล${name}`, nameEn: `Generated station ${s + 1}` });
      first ??= station;
      const investigators = [station.users.INVESTIGATOR!, ...(await makeUsers(bench, station, 'inv', Role.INVESTIGATOR, 2))];
      const officers = [station.users.OFFICER!, ...(await makeUsers(bench, station, 'officer', Role.OFFICER, 4))];
      const cast: Cast = { clerk: station.users.CLERK!, supervisor: station.users.SUPERVISOR!, commander: station.users.COMMANDER!, investigators, officers };
      specs.push({ seed: station, cast, items: options.items, events: options.events });
    }
    console.log(`seed: ${options.stations} stations × ${options.items} items and ${options.events} events, seed "${options.seed}"…`);
    const generated = await generate(db.url, specs, { seed: options.seed });
    const auditLog = bench.app.get(AuditLogService);
    const chains: Record<string, boolean> = {};
    for (const spec of specs) chains[spec.seed.station.code] = (await auditLog.verify(spec.seed.station.id)).ok;
    if (!Object.values(chains).every(Boolean)) {
      keep = false;
      throw new Error(`a generated chain does not verify: ${JSON.stringify(chains)}`);
    }
    return {
      bench: 'data generator',
      options: { ...options, from: DATA_FROM.toISOString(), to: DATA_TO.toISOString() },
      seconds: generated.seconds,
      steps: generated.steps,
      stations: generated.stations,
      chainsVerify: chains,
      database: keep ? db.url : options.drop ? 'dropped (--drop)' : 'dropped (kept only on BENCH_DATABASE_URL: the embedded server stops with this process)',
      startServer: keep ? `DATABASE_URL=${db.url} npm start  (users: <code>.commander, <code>.clerk, … password in test/bench/app-kit.ts BENCH_PASSWORD)` : undefined,
    };
  } finally {
    await bench.close();
    if (!keep) await db.close();
  }
}
