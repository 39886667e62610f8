import { armsCountBench } from './arms-count.bench.js';
import { auditCloseBench } from './audit-close.bench.js';
import { auditLogBench } from './audit-log.bench.js';
import { auditVerifyBench } from './audit-verify.bench.js';
import { custodyWritesBench } from './custody-writes.bench.js';
import { writeResult } from './bench-kit.js';
import { labelsBench } from './labels.bench.js';
import { loansBench } from './loans.bench.js';
import { o23Bench } from './o23.bench.js';
import { publicationBench } from './publication.bench.js';
import { registerBench } from './register.bench.js';
import { scanBench } from './scan.bench.js';

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
  publication: publicationBench,
};

async function main() {
  const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = names.filter((n) => !BENCHES[n]);
  if (unknown.length) {
    console.error(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
  for (const name of names.length ? names : Object.keys(BENCHES)) {
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
