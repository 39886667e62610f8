import type { ChainVerification } from '../../audit-log/audit-log.service.js';
import type { Page } from '../../common/validation.js';
import type { IssuedO23View } from '../../reports/o23-issue.service.js';
import { thaiPeriod, thaiShortDateTime } from '../../reports/thai-dates.js';
import type { StationView } from '../../stations/stations.dto.js';
import { field, type FieldErrors } from '../forms.js';
import { type Html, html } from '../html.js';
import { layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import type { ChainEntryCheck } from './chain-entry.lookup.js';
import { hashText, REPORTS_STYLE, reportTabs } from './report-parts.js';
import { count, pager } from '../parts.js';

/** The verdict on one chain, said so that nobody has to know what a hash chain is: green or red, and what to do. */
export function verdict(page: PageContext, title: string, result: ChainVerification, checkedAt: Date, whatToDo = page.m.reports.verify.badWhatToDo): Html {
  const m = page.m.reports.verify;
  const facts = html`<dl class="facts">
    <dt>${m.entries}</dt><dd data-entries>${count(result.entries)}</dd>
    <dt>${m.headSeq}</dt><dd data-head-seq>${result.entries ? String(result.headSeq) : m.noEntries}</dd>
    <dt>${m.headHash}</dt><dd>${result.entries ? hashText(result.headHash) : m.noEntries}</dd>
    <dt>${m.checkedAt}</dt><dd>${thaiShortDateTime(checkedAt)}</dd>
  </dl>`;
  if (result.ok) {
    return html`<section class="verdict ok" role="status" aria-label="${title}">
  <h2>${title}</h2>
  <p class="verdict-word">${m.ok}</p>
  <p>${m.okMeans}</p>
  ${facts}
</section>`;
  }
  return html`<section class="verdict bad" role="alert" aria-label="${title}">
  <h2>${title}</h2>
  <p class="verdict-word">${m.bad}</p>
  <p class="verdict-where" data-first-bad="${result.firstBadSeq ?? ''}">${m.badAt(result.firstBadSeq)}</p>
  <p>${m.badMeans(result.firstBadSeq)}</p>
  <p class="what-to-do">${whatToDo}</p>
  ${facts}
</section>`;
}

export interface ManualCheck {
  values: { seq?: string; hash?: string };
  errors: FieldErrors | null;
  result: { seq: number; check: ChainEntryCheck } | null;
}

function checkLine(page: PageContext, check: ChainEntryCheck): Html {
  const m = page.m.reports.verify;
  if (check.state === 'match') return html`<span class="verdict-line ok">${m.match}</span>`;
  if (check.state === 'missing') return html`<span class="verdict-line bad">${m.missing}</span>`;
  return html`<span class="verdict-line bad">${m.mismatch}</span>`;
}

/** The station's issued reports, each chain head as printed against the chain now, and a form for a printed copy. */
function reportsCheck(page: PageContext, reports: { report: IssuedO23View; check: ChainEntryCheck | null }[] | null, manual: ManualCheck): Html {
  const m = page.m.reports.verify;
  const i = page.m.reports.issued;
  const table = reports
    ? reports.length
      ? html`<div class="table-wrap"><table class="grid chain-heads cards-on-phone">
  <thead><tr><th scope="col">${i.period}</th><th scope="col" class="num">${i.version}</th><th scope="col">${m.printed}</th><th scope="col">${m.now}</th></tr></thead>
  <tbody>${reports.map(
    ({ report: r, check }) => html`<tr>
    <td data-label="${i.period}"><a href="/reports/issued/${r.id}">${thaiPeriod(r.period.from, r.period.to)}</a></td>
    <td data-label="${i.version}" class="num">${count(r.version)}</td>
    <td data-label="${m.printed}">${r.chainHead.hash ? html`${i.chainHeadSeq(r.chainHead.seq)} ${hashText(r.chainHead.hash)}` : m.noHead}</td>
    <td data-label="${m.now}">${check ? checkLine(page, check) : html`<span class="muted">${page.m.common.none}</span>`}</td>
  </tr>`,
  )}</tbody>
</table></div>`
      : html`<p class="muted">${m.reportsNone}</p>`
    : html``;
  const result = manual.result;
  const outcome = result
    ? result.check.state === 'match'
      ? html`<p class="verdict-line ok" role="status">${m.manualMatch(result.seq)}</p>`
      : result.check.state === 'missing'
        ? html`<p class="verdict-line bad" role="alert">${m.manualMissing(result.seq)}</p>`
        : html`<p class="verdict-line bad" role="alert">${m.manualMismatch(result.seq)}</p>`
    : html``;
  return html`<section class="card" id="reports-check" aria-labelledby="reports-check-title">
  <h2 id="reports-check-title">${m.reportsHeading}</h2>
  <p>${m.reportsIntro}</p>
  ${table}
  <h3>${m.manualHeading}</h3>
  <p class="hint">${m.manualIntro}</p>
  <form method="get" action="/audit-log/verify#reports-check" class="manual-check" novalidate>
    <div class="form-grid manual-grid">
      ${field({ name: 'seq', label: m.seq, value: manual.values.seq, errors: manual.errors, inputmode: 'numeric', autocomplete: 'off' })}
      ${field({ name: 'hash', label: m.hash, value: manual.values.hash, errors: manual.errors, autocomplete: 'off', maxlength: 64 })}
    </div>
    <div class="actions"><button type="submit">${m.check}</button></div>
  </form>
  ${outcome}
</section>`;
}

export interface StationVerifyState {
  stationName: string;
  result: ChainVerification;
  checkedAt: Date;
  /** Null when the user's roles do not read issued reports. */
  reports: { report: IssuedO23View; check: ChainEntryCheck | null }[] | null;
  manual: ManualCheck;
}

export function stationVerifyPage(page: PageContext, state: StationVerifyState): string {
  const m = page.m.reports.verify;
  const body = html`<div class="page-head"><h1>${m.title}</h1></div>
${reportTabs(page, 'verify')}
<p>${m.intro}</p>
${verdict(page, m.stationChain(state.stationName), state.result, state.checkedAt)}
<p class="actions"><a class="button" href="/audit-log/verify">${m.againButton}</a></p>
${reportsCheck(page, state.reports, state.manual)}`;
  return layout(page, { title: m.title, body, style: REPORTS_STYLE });
}

export interface AdminVerifyState {
  system: ChainVerification;
  stations: Page<{ station: StationView; result: ChainVerification }>;
  checkedAt: Date;
}

/** The administrator belongs to no station: the system chain, then every station's chain, a page at a time. */
export function adminVerifyPage(page: PageContext, state: AdminVerifyState): string {
  const m = page.m.reports.verify;
  const rows = state.stations.items.map(
    ({ station, result }) => html`<tr class="${result.ok ? 'ok' : 'bad'}">
  <td data-label="${m.station}">${station.nameTh} <small class="hint">${station.code}</small></td>
  <td data-label="${m.result}"><span class="verdict-line ${result.ok ? 'ok' : 'bad'}">${result.ok ? m.ok : m.bad}</span>${result.ok ? '' : html`<br><span class="verdict-line bad">${m.badAt(result.firstBadSeq)}</span>`}</td>
  <td data-label="${m.entries}" class="num">${count(result.entries)}</td>
  <td data-label="${m.headSeq}" class="num">${result.entries ? String(result.headSeq) : m.noEntries}</td>
  <td data-label="${m.headHash}">${result.entries ? hashText(result.headHash) : ''}</td>
</tr>`,
  );
  const anyBad = !state.system.ok || state.stations.items.some((s) => !s.result.ok);
  const body = html`<div class="page-head"><h1>${m.title}</h1></div>
<p>${m.intro}</p>
<p class="notice">${m.adminIntro}</p>
${verdict(page, m.systemChain, state.system, state.checkedAt, m.adminWhatToDo)}
<section class="card" aria-labelledby="stations-title">
  <h2 id="stations-title">${m.stationsHeading}</h2>
  ${anyBad ? html`<p class="what-to-do">${m.adminWhatToDo}</p>` : ''}
  <div class="table-wrap"><table class="grid station-chains cards-on-phone">
    <thead><tr><th scope="col">${m.station}</th><th scope="col">${m.result}</th><th scope="col" class="num">${m.entries}</th><th scope="col" class="num">${m.headSeq}</th><th scope="col">${m.headHash}</th></tr></thead>
    <tbody>${rows}</tbody>
  </table></div>
  ${pager(page, state.stations, (n) => `/audit-log/verify${n > 1 ? `?page=${n}` : ''}`)}
  <p class="hint">${m.checkedAt} ${thaiShortDateTime(state.checkedAt)}</p>
</section>
<p class="actions"><a class="button" href="/audit-log/verify">${m.againButton}</a></p>`;
  return layout(page, { title: m.title, body, style: REPORTS_STYLE });
}
