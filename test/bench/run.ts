import { armsCountBench } from './arms-count.bench.js';
import { auditCloseBench } from './audit-close.bench.js';
import { auditLogBench } from './audit-log.bench.js';
import { auditVerifyBench } from './audit-verify.bench.js';
import { custodyWritesBench } from './custody-writes.bench.js';
import { importBench } from './import.bench.js';
import { writeResult } from './bench-kit.js';
import { labelsBench } from './labels.bench.js';
import { loansBench } from './loans.bench.js';
import { o23Bench } from './o23.bench.js';
import { publicationBench } from './publication.bench.js';
import { registerBench } from './register.bench.js';
import { scanBench } from './scan.bench.js';
import { seedBench } from './seed.bench.js';

/** `npm run bench [-- name…]`: runs the named benchmarks (default: all), prints and stores each result. */
const BENCHES: Record<string, () => Promise<Record<string, unknown>>> = {
  'audit-log': auditLogBench,
  'audit-verify': auditVerifyBench,
  'custody-writes': custodyWritesBench,
  scan: scanBench,
  register: registerBench,
  labels: labelsBench,
  loans: loansBench,
  'arms-count': armsCountBench,
  'audit-close': auditCloseBench,
  o23: o23Bench,
  seed: () => seedBench(),
  publication: publicationBench,
  import: importBench,
};

/** Options that take a value (`--items 2000`): their values are not benchmark names. */
const VALUED = new Set(['--stations', '--items', '--events', '--seed']);

async function main() {
  const args = process.argv.slice(2);
  const names = args.filter((a, i) => !a.startsWith('-') && !VALUED.has(args[i - 1]));
  const unknown = names.filter((n) => !BENCHES[n]);
  if (unknown.length) {
    console.error(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
  // The generator makes data, it measures nothing: it runs only when named.
  for (const name of names.length ? names : Object.keys(BENCHES).filter((n) => n !== 'seed')) {
    const result = await BENCHES[name]();
    console.log(JSON.stringify(result, null, 2));
    console.log(`→ ${writeResult(name, result)}`);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
