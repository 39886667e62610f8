import { AuditCommitteeMember } from '../audits/audit-committee-member.entity.js';
import { AuditFinding } from '../audits/audit-finding.entity.js';
import { AuditScan } from '../audits/audit-scan.entity.js';
import { AuditSession } from '../audits/audit-session.entity.js';
import { AuditChainHead } from '../audit-log/audit-chain-head.entity.js';
import { AuditLogEntry } from '../audit-log/audit-log-entry.entity.js';
import { AuditVerification } from '../audit-log/audit-verification.entity.js';
import { LoginThrottle } from '../auth/login-throttle.entity.js';
import { CustodyEvent } from '../custody/custody-event.entity.js';
import { Discrepancy } from '../custody/discrepancy.entity.js';
import { DisposalItem } from '../disposals/disposal-item.entity.js';
import { Disposal } from '../disposals/disposal.entity.js';
import { DonationAcceptance } from '../donations/donation-acceptance.entity.js';
import { ItemCodeCounter } from '../items/item-code-counter.entity.js';
import { Item } from '../items/item.entity.js';
import { LoanItem } from '../loans/loan-item.entity.js';
import { Loan } from '../loans/loan.entity.js';
import { Location } from '../locations/location.entity.js';
import { IssuedO23Report } from '../reports/issued-o23-report.entity.js';
import { O23Note } from '../reports/o23-note.entity.js';
import { Shift } from '../shifts/shift.entity.js';
import { Station } from '../stations/station.entity.js';
import { User } from '../users/user.entity.js';

/** Every entity, listed explicitly (no globs: the same list works under node, the CLI and jest). */
export const ENTITIES = [Station, User, Location, AuditLogEntry, AuditChainHead, AuditVerification, LoginThrottle, Item, ItemCodeCounter, CustodyEvent, Discrepancy, Loan, Shift, LoanItem, AuditSession, AuditScan, AuditFinding, AuditCommitteeMember, Disposal, DisposalItem, DonationAcceptance, O23Note, IssuedO23Report];
