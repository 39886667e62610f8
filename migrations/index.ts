import { Foundation1764100000000 } from './1764100000000-Foundation.js';
import { Items1764200000000 } from './1764200000000-Items.js';
import { Loans1764300000000 } from './1764300000000-Loans.js';
import { Disposals1764400000000 } from './1764400000000-Disposals.js';
import { Reports1764500000000 } from './1764500000000-Reports.js';
import { IssuedReports1764600000000 } from './1764600000000-IssuedReports.js';
import { CustodyEventIndexes1764700000000 } from './1764700000000-CustodyEventIndexes.js';
import { VerificationCheckpoints1764710000000 } from './1764710000000-VerificationCheckpoints.js';

/** Every migration in order; listed explicitly so node, the CLI and jest load the same set. */
export const MIGRATIONS: Function[] = [Foundation1764100000000, Items1764200000000, Loans1764300000000, Disposals1764400000000, Reports1764500000000, IssuedReports1764600000000, CustodyEventIndexes1764700000000, VerificationCheckpoints1764710000000];
