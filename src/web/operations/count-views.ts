import { AuditKind, AuditStatus, DISCREPANT_FINDINGS, FINDING_TH, FindingType } from '../../audits/audit.enums.js';
import type { AuditView } from '../../audits/audits.repository.js';
import { ScanOutcome } from '../../audits/audits.service.js';
import { CONDITION_TH, ItemCondition, type ItemStatus, STATUS_TH } from '../../items/item.enums.js';
import { KIND_OF_COUNT_TH } from '../../reports/o23-labels.js';
import { thaiShortDateTime } from '../../reports/thai-dates.js';
import { credentialsFields, type FieldErrors, FORM_ERROR, formError, select } from '../forms.js';
import { type Html, html } from '../html.js';
import { csrfField, type Flash, layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { auditStatusBadge, type Place, scopeText } from './audit-views.js';
import { COUNTERS, INCIDENT_READERS } from './operations-roles.js';
import { operationsStyles, shortWhen, withThaiLabels } from './operations-ui.js';
import type { RecentScan } from './recent-scans.repository.js';
import { pageHref, pager, personName, textArea } from '../parts.js';

/** Problems first, then what is accounted for. */
const FINDING_ORDER: FindingType[] = [
  FindingType.MISSING,
  FindingType.UNEXPECTED,
  FindingType.MISPLACED,
  FindingType.CONDITION_CHANGED,
  FindingType.SEAL_MISMATCH,
  FindingType.DUPLICATE_SCAN,
  FindingType.AWAY,
  FindingType.FOUND,
];
/** Rows of one finding type on the count's page; the rest are paged on a page of that type alone. */
export const FINDINGS_CAP = 50;
export const FINDINGS_PAGE = 100;

/** What a counter can see of an item in hand (the DTO's conditions; LOST is what an unscanned item becomes). */
const SEEN_CONDITIONS = [ItemCondition.GOOD, ItemCondition.DAMAGED, ItemCondition.DETERIORATED, ItemCondition.NOT_NEEDED];

const OUTCOME_CLASS: Record<ScanOutcome, string> = {
  [ScanOutcome.COUNTED]: 'ok',
  [ScanOutcome.RECORDED]: 'ok',
  [ScanOutcome.DUPLICATE]: 'duplicate',
  [ScanOutcome.OUT_OF_SCOPE]: 'warn',
  [ScanOutcome.RECORDED_AWAY]: 'warn',
  [ScanOutcome.CLOSED_ITEM]: 'bad',
};

export interface CountState {
  /** The outcome of the scan just made, and that scan. */
  last?: { outcome: ScanOutcome; scan: RecentScan } | null;
  /** A scan the service refused (an unknown code …), shown where the outcome goes. */
  scanError?: string | null;
  errors?: FieldErrors | null;
  values?: Record<string, unknown>;
  closeErrors?: FieldErrors | null;
  closeValues?: Record<string, unknown>;
  /** The location being counted, kept from scan to scan. */
  location?: string;
  flash?: Flash | null;
  /** The closed count's findings of one type, paged. */
  findingsType?: FindingType | null;
  findingsPage?: number;
}

/** Whether the user may count in this one: a counting role, and on the committee when it has one. */
export function mayCount(page: PageContext, audit: AuditView): boolean {
  return page.can(...COUNTERS) && (!audit.committee.length || audit.committee.some((c) => c.id === page.user?.id));
}

function tallyBox(page: PageContext, audit: AuditView): Html {
  const m = page.m.operations.count;
  const n = page.m.operations.number;
  const t = audit.tally;
  const main =
    t.expected === null || t.counted === null
      ? html`<p class="tally"><span>${m.tallyScanned}</span> <strong class="tally-n">${n(t.scanned)}</strong> <span>${m.tallyItems}</span></p><p class="hint">${m.blind}</p>`
      : html`<p class="tally"><span>${m.tallyCounted}</span> <strong class="tally-n">${n(t.counted)}</strong> <span>${m.tallyOf}</span> <strong class="tally-n">${n(t.expected)}</strong></p>
  <p class="tally-rest">${m.remaining(t.expected - t.counted)}</p>`;
  return html`<div class="tally-box" aria-live="polite">${main}<p class="hint">${m.tallyDetail(t.scans, t.duplicates)}</p></div>`;
}

function outcomeBox(page: PageContext, audit: AuditView, state: CountState): Html {
  const m = page.m.operations;
  if (state.scanError) {
    return html`<div class="outcome outcome-bad" role="alert"><p class="outcome-title">${state.scanError}</p></div>`;
  }
  if (!state.last) return html`<div class="outcome outcome-none"><p class="muted">${m.count.last}: ${m.count.noScans}</p></div>`;
  const { outcome, scan } = state.last;
  const alert = outcome !== ScanOutcome.COUNTED && outcome !== ScanOutcome.RECORDED;
  return html`<div class="outcome outcome-${OUTCOME_CLASS[outcome]}" role="${alert ? 'alert' : 'status'}" data-outcome="${outcome}">
  <p class="outcome-title">${m.outcome[outcome]}</p>
  <p class="outcome-item"><strong class="code">${scan.code}</strong> ${scan.description}</p>
  ${outcome === ScanOutcome.RECORDED_AWAY && !audit.blind ? html`<p>${m.outcomeStatus(STATUS_TH[scan.status as ItemStatus])}</p>` : ''}
</div>`;
}

/** The scan box first, what the last scan found and the tally right under it, then the place and condition. */
function scanForm(page: PageContext, audit: AuditView, state: CountState, results: Html): Html {
  const m = page.m.operations.count;
  const errors = state.errors;
  const codeError = errors?.code;
  const annual = audit.kind === AuditKind.ANNUAL_PROPERTY;
  const conditions = SEEN_CONDITIONS.map((c) => ({ value: c, label: CONDITION_TH[c] }));
  const locationError = errors?.locationCode;
  return html`<form method="post" action="/audits/${audit.id}/scans" class="count-form" novalidate data-enter-next="f-locationCode:f-code">
  ${csrfField(page)}
  <label for="f-code" class="count-label">${m.code}</label>
  <div class="scan-form count-scan">
    <input id="f-code" name="code" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="64" autofocus data-keep-focus${
      codeError ? html` aria-invalid="true" aria-describedby="f-code-error"` : ''
    }>
    <button type="submit" class="primary">${m.submit}</button>
  </div>
  ${codeError ? html`<p class="field-error" id="f-code-error">${codeError}</p>` : html`<small class="hint">${m.codeHint}</small>`}
  ${results}
  <div class="form-grid count-options">
    <div class="field${locationError ? ' has-error' : ''}">
      <label for="f-locationCode">${m.locationCode}</label>
      <input id="f-locationCode" name="locationCode" type="text" autocomplete="off" maxlength="80" value="${state.location ?? ''}"${locationError ? html` aria-invalid="true" aria-describedby="f-locationCode-error"` : ''}>
      ${locationError ? html`<p class="field-error" id="f-locationCode-error">${locationError}</p>` : html`<small class="hint">${m.locationHint}</small>`}
    </div>
    ${select({ name: 'condition', label: annual ? `${m.condition} *` : m.condition, options: conditions, value: annual ? String(state.values?.condition ?? ItemCondition.GOOD) : String(state.values?.condition ?? ''), errors, empty: annual ? undefined : m.conditionNone })}
  </div>
  ${annual ? html`<p class="hint">${m.conditionRequired}</p>` : ''}
</form>`;
}

function recentTable(page: PageContext, scans: RecentScan[], now: Date): Html {
  const m = page.m.operations.count;
  if (!scans.length) return html`<p class="muted">${m.noScans}</p>`;
  return html`<div class="table-wrap"><table class="grid stacked">
  <thead><tr><th scope="col">${m.col.at}</th><th scope="col">${m.col.code}</th><th scope="col">${m.col.item}</th><th scope="col">${m.col.by}</th><th scope="col">${m.col.location}</th><th scope="col">${m.col.condition}</th></tr></thead>
  <tbody>
    ${scans.map(
      (s) => html`<tr${s.duplicate ? html` class="scan-duplicate"` : ''}>
      <td data-label="${m.col.at}">${shortWhen(s.at, now)}</td>
      <th scope="row" class="code">${s.code}${s.duplicate ? html` <span class="badge high">${m.duplicateBadge}</span>` : ''}</th>
      <td data-label="${m.col.item}">${s.description}</td>
      <td data-label="${m.col.by}">${personName(s.scannedBy)}</td>
      <td data-label="${m.col.location}">${s.locationCode ?? page.m.common.none}</td>
      <td data-label="${m.col.condition}">${s.condition ? CONDITION_TH[s.condition as ItemCondition] : page.m.common.none}</td>
    </tr>`,
    )}
  </tbody>
</table></div>`;
}

function closeForm(page: PageContext, audit: AuditView, state: CountState): Html {
  const m = page.m.operations.count.close;
  const errors = state.closeErrors;
  const v = state.closeValues ?? {};
  // Folded, so a scan that lands in the wrong box cannot close the count.
  return html`<section class="card" id="close">
  <details${errors ? html` open` : ''}>
    <summary><h2 class="summary-title">${m.title}</h2></summary>
    <p class="hint">${m.hint}</p>
    ${formError(errors)}
    <form method="post" action="/audits/${audit.id}/close" novalidate>
      ${csrfField(page)}
      ${credentialsFields('signer', { legend: m.signer, hint: m.hint, username: m.signerUsername, password: m.signerPassword }, errors, v, errors ? 'signerUsername' : undefined)}
      ${textArea({ name: 'note', label: m.note, value: String(v.note ?? ''), errors, maxlength: 1000, rows: 2 })}
      <div class="actions"><button type="submit" class="danger">${m.submit}</button></div>
    </form>
  </details>
</section>`;
}

function findingsTable(page: PageContext, type: FindingType, rows: NonNullable<AuditView['findings']>): Html {
  const m = page.m.operations.count.findings;
  const withCondition = type === FindingType.FOUND;
  return html`<div class="table-wrap"><table class="grid stacked findings">
  <thead><tr><th scope="col" class="w-code">${m.col.code}</th><th scope="col" class="w-item">${m.col.item}</th><th scope="col">${m.col.detail}</th>${withCondition ? html`<th scope="col" class="w-condition">${m.col.condition}</th>` : ''}</tr></thead>
  <tbody>
    ${rows.map(
      (f) => html`<tr>
      <th scope="row" class="code">${f.code}</th>
      <td data-label="${m.col.item}">${f.description}</td>
      <td data-label="${m.col.detail}">${f.detail ? withThaiLabels(f.detail) : page.m.common.none}</td>
      ${withCondition ? html`<td data-label="${m.col.condition}">${f.conditionSeen ? CONDITION_TH[f.conditionSeen as ItemCondition] : page.m.common.none}</td>` : ''}
    </tr>`,
    )}
  </tbody>
</table></div>`;
}

function findingsSection(page: PageContext, audit: AuditView, state: CountState): Html {
  const m = page.m.operations.count.findings;
  const n = page.m.operations.number;
  const all = audit.findings ?? [];
  const byType = new Map<FindingType, NonNullable<AuditView['findings']>>();
  for (const f of all) byType.set(f.type, [...(byType.get(f.type) ?? []), f]);
  const present = FINDING_ORDER.filter((t) => byType.has(t));
  const summary = audit.summary ? html`<p>${m.summary(audit.summary.expected, audit.summary.counted)}</p>` : '';
  const tiles = html`<div class="tiles finding-tiles">${present.map(
    (t) => html`<a class="tile${DISCREPANT_FINDINGS.includes(t) ? ' alert' : ''}" href="#finding-${t}"><span class="tile-label">${FINDING_TH[t]}</span><span class="tile-value">${n(byType.get(t)!.length)}</span></a>`,
  )}</div>`;
  const incidents = present.some((t) => DISCREPANT_FINDINGS.includes(t)) && page.can(...INCIDENT_READERS) ? html`<p><a href="/incidents?auditId=${audit.id}">${m.incidents}</a></p>` : '';

  if (state.findingsType && byType.has(state.findingsType)) {
    const type = state.findingsType;
    const rows = byType.get(type)!;
    const current = state.findingsPage ?? 1;
    const slice = rows.slice((current - 1) * FINDINGS_PAGE, current * FINDINGS_PAGE);
    return html`<section class="card" id="findings">
  <h2>${m.title}</h2>
  ${summary}${tiles}
  <p><a href="/audits/${audit.id}#findings">${m.allTypes}</a></p>
  <h3 id="finding-${type}">${FINDING_TH[type]} <span class="muted">(${m.count(rows.length)})</span></h3>
  ${findingsTable(page, type, slice)}
  ${pager(page, { page: current, pageSize: FINDINGS_PAGE, total: rows.length }, pageHref(`/audits/${audit.id}`, { type }, '#findings'))}
</section>`;
  }
  return html`<section class="card" id="findings">
  <h2>${m.title}</h2>
  ${summary}${tiles}${incidents}
  ${present.length
    ? present.map((t) => {
        const rows = byType.get(t)!;
        return html`<h3 id="finding-${t}">${FINDING_TH[t]} <span class="muted">(${m.count(rows.length)})</span></h3>
  ${findingsTable(page, t, rows.slice(0, FINDINGS_CAP))}
  ${rows.length > FINDINGS_CAP ? html`<p class="more">${m.more(FINDINGS_CAP, rows.length)} · <a href="/audits/${audit.id}?type=${t}#findings">${m.showAll}</a></p>` : ''}`;
      })
    : html`<p class="muted">${m.none}</p>`}
</section>`;
}

function people(page: PageContext, audit: AuditView): Html {
  const m = page.m.operations.count;
  const names = (list: { rank: string; displayName: string }[]) => (list.length ? list.map((p) => personName(p)).join(', ') : m.nobody);
  return html`<section class="card">
  <dl class="facts">
    <dt>${m.startedBy}</dt><dd>${personName(audit.startedBy)} ${page.m.operations.at(thaiShortDateTime(audit.startedAt))}</dd>
    ${audit.committee.length ? html`<dt>${m.committee}</dt><dd>${names(audit.committee)}</dd>` : ''}
    <dt>${m.counters}</dt><dd>${names(audit.counters)}</dd>
    ${audit.closedBy ? html`<dt>${m.closedBy}</dt><dd>${personName(audit.closedBy)} ${page.m.operations.at(thaiShortDateTime(audit.closedAt!))}</dd>` : ''}
    ${audit.countersignedBy ? html`<dt>${m.countersignedBy}</dt><dd>${personName(audit.countersignedBy)}</dd>` : ''}
    ${audit.note ? html`<dt>${m.note}</dt><dd>${audit.note}</dd>` : ''}
  </dl>
</section>`;
}

/** GET /audits/:id: the count screen while open (scan box, tally, last outcome, last scans), the findings once closed. */
export function countPage(page: PageContext, audit: AuditView, places: Map<string, Place>, recent: RecentScan[], state: CountState = {}): string {
  const m = page.m.operations.count;
  const title = KIND_OF_COUNT_TH[audit.kind];
  const open = audit.status === AuditStatus.OPEN;
  const counting = open && mayCount(page, audit);
  const results = html`<div class="count-grid">${outcomeBox(page, audit, state)}${tallyBox(page, audit)}</div>`;
  const scope = [scopeText(page, audit, places), audit.blind ? m.blind : null, audit.sample ? m.sample(audit.sample.percent) : null].filter(Boolean).join(' · ');
  const body = html`${operationsStyles()}
<p class="crumbs"><a href="/audits">${m.toList}</a></p>
<div class="page-head"><h1>${title}</h1>${auditStatusBadge(page, audit.status)}</div>
<p class="muted">${m.scope}: ${scope}</p>
${open
  ? html`<section class="card count-screen">
  ${counting ? scanForm(page, audit, state, results) : html`<p class="notice">${page.can(...COUNTERS) ? m.notOnCommittee : m.notCounter}</p>${results}`}
</section>
<section class="card">
  <h2>${m.recent}</h2>
  ${recentTable(page, recent, new Date())}
</section>`
  : findingsSection(page, audit, state)}
${people(page, audit)}
${counting ? closeForm(page, audit, state) : ''}`;
  // A post refused after the count closed (in another tab, by another counter) has no form to show its reason on.
  const refused = !open ? (state.scanError ?? state.closeErrors?.[FORM_ERROR]) : undefined;
  const flash = state.flash ?? (refused ? { kind: 'error' as const, text: refused } : null);
  return layout(page, { title, body, flash, script: 'operations.js' });
}
