import type { Page } from '../../common/validation.js';
import type { IssuedO23View } from '../../reports/o23-issue.service.js';
import { O23_SECTIONS, O23_TITLE, o23PeriodKind } from '../../reports/o23-labels.js';
import type { O23Figures } from '../../reports/reports.service.js';
import { thaiPeriod, thaiShortDateTime } from '../../reports/thai-dates.js';
import { html } from '../html.js';
import { type Flash, layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import type { ChainEntryCheck } from './chain-entry.lookup.js';
import { figureSectionsView, holdingsSection, problemsText } from './o23-figures.view.js';
import { hashText, REPORTS_STYLE, reportTabs } from './report-parts.js';
import { count, pager, personName } from '../parts.js';

/** The issued reports of the station, newest period first: what an assessor compares the published files with. */
export function issuedListPage(page: PageContext, list: Page<IssuedO23View>): string {
  const m = page.m.reports.issued;
  const rows = list.items.map(
    (r) => html`<tr${r.superseded ? html` class="superseded"` : ''}>
  <td data-label="${m.period}"><a href="/reports/issued/${r.id}">${thaiPeriod(r.period.from, r.period.to)}</a></td>
  <td data-label="${m.version}" class="num">${count(r.version)}</td>
  <td data-label="${m.issuedAt}">${thaiShortDateTime(r.issuedAt)}</td>
  <td data-label="${m.issuedBy}">${personName(r.issuedBy)}</td>
  <td data-label="${m.state}">${r.superseded ? html`<span class="badge">${m.superseded}</span>` : html`<span class="badge ok">${m.current}</span>`}</td>
  <td data-label="${m.hashes}" class="hashes">
    <dl class="hash-list">
      <dt>${m.pdfHash}</dt><dd>${hashText(r.pdf.sha256)}</dd>
      <dt>${m.xlsxHash}</dt><dd>${hashText(r.xlsx.sha256)}</dd>
      <dt>${m.chainHead}</dt><dd>${r.chainHead.hash ? html`${m.chainHeadSeq(r.chainHead.seq)} ${hashText(r.chainHead.hash)}` : page.m.reports.verify.noHead}</dd>
    </dl>
  </td>
</tr>`,
  );
  const body = html`<div class="page-head"><h1>${m.title}</h1></div>
${reportTabs(page, 'issued')}
<section class="card">
  <p>${m.intro}</p>
  ${list.items.length
    ? html`<div class="table-wrap"><table class="grid issued-list cards-on-phone">
  <thead><tr><th scope="col">${m.period}</th><th scope="col" class="num">${m.version}</th><th scope="col">${m.issuedAt}</th><th scope="col">${m.issuedBy}</th><th scope="col">${m.state}</th><th scope="col">${m.hashes}</th></tr></thead>
  <tbody>${rows}</tbody>
</table></div>
${pager(page, list, (n) => `/reports/issued${n > 1 ? `?page=${n}` : ''}`)}`
    : html`<p class="muted">${m.none}</p>`}
</section>`;
  return layout(page, { title: m.title, body, style: REPORTS_STYLE });
}

export interface IssuedPageState {
  report: IssuedO23View & { figures: unknown };
  /** The newest issue of the same period, when this one is superseded. */
  latest: IssuedO23View | null;
  /** The printed chain head against the chain now (null: no entry before the period's end). */
  chainNow: ChainEntryCheck | null;
  flash: Flash | null;
}

/** One issued report: who and when, its files with their SHA-256, its chain head, and its frozen figures. */
export function issuedPage(page: PageContext, state: IssuedPageState): string {
  const m = page.m.reports.issued;
  const v = page.m.reports.verify;
  const r = state.report;
  const figures = r.figures as O23Figures;
  const name = thaiPeriod(r.period.from, r.period.to);
  const file = (label: string, format: 'pdf' | 'xlsx', f: IssuedO23View['pdf']) => html`<tr>
  <th scope="row">${label}</th>
  <td><a class="button${format === 'pdf' ? ' primary' : ''}" href="/reports/issued/${r.id}/file?format=${format}" download>${m.download(label)}</a><br><small class="hint">${m.size(f.bytes)}</small></td>
  <td class="text" data-sha256="${format}">${hashText(f.sha256)}</td>
</tr>`;
  const chainNow = state.chainNow;
  const compared = !chainNow
    ? html``
    : chainNow.state === 'match'
      ? html`<p class="verdict-line ok">${v.manualMatch(r.chainHead.seq)}</p>`
      : chainNow.state === 'missing'
        ? html`<p class="verdict-line bad">${v.manualMissing(r.chainHead.seq)}</p>`
        : html`<p class="verdict-line bad">${v.manualMismatch(r.chainHead.seq)}</p><p>${v.now}: ${hashText(chainNow.hashNow)}</p>`;
  const body = html`<div class="page-head"><h1>${m.heading(name, r.version)}</h1></div>
${reportTabs(page, 'issued')}
<section class="card report-head" aria-labelledby="issued-title">
  <h2 id="issued-title">${O23_TITLE} ${o23PeriodKind(r.period)} ${name}</h2>
  <dl class="facts">
    <dt>${m.version}</dt><dd>${count(r.version)}</dd>
    <dt>${m.state}</dt><dd>${r.superseded ? html`<span class="badge">${m.superseded}</span>${state.latest ? html` <a href="/reports/issued/${state.latest.id}">${m.seeLatest}</a>` : ''}` : html`<span class="badge ok">${m.current}</span>`}</dd>
    ${r.reason ? html`<dt>${m.reason}</dt><dd class="pre">${r.reason}</dd>` : ''}
    <dt>${m.issuedAt}</dt><dd>${thaiShortDateTime(r.issuedAt)}</dd>
    <dt>${m.issuedBy}</dt><dd>${personName(r.issuedBy)}</dd>
    <dt>${m.preparedBy}</dt><dd>${personName(r.preparedBy)}</dd>
  </dl>
</section>
<section class="card" aria-labelledby="files-title">
  <h2 id="files-title">${m.files}</h2>
  <div class="table-wrap"><table class="grid files cards-on-phone">
    <thead><tr><th scope="col">${m.file}</th><th scope="col">${page.m.common.download}</th><th scope="col">${m.hashes}</th></tr></thead>
    <tbody>${file(m.pdfHash, 'pdf', r.pdf)}${file(m.xlsxHash, 'xlsx', r.xlsx)}</tbody>
  </table></div>
  <h3>${m.howToCheck}</h3>
  <ol class="steps">
    <li>${m.howToCheckSteps.compute}<ul>${m.howToCheckSteps.commands.map((c) => html`<li>${c.system}: <code>${c.command}</code></li>`)}</ul></li>
    <li>${m.howToCheckSteps.compare}</li>
  </ol>
</section>
<section class="card" aria-labelledby="chain-title">
  <h2 id="chain-title">${m.chainHead}</h2>
  <dl class="facts">
    <dt>${v.headSeq}</dt><dd>${r.chainHead.hash ? m.chainHeadSeq(r.chainHead.seq) : v.noHead}</dd>
    <dt>${v.headHash}</dt><dd data-chain-hash>${hashText(r.chainHead.hash)}</dd>
    <dt>${v.result}</dt><dd>${m.chainVerifiedAtIssue(r.chainHead.verified)}</dd>
  </dl>
  ${r.chainHead.hash ? html`<h3>${m.chainNow}</h3>${compared}` : ''}
  <p><a href="/audit-log/verify">${page.m.reports.o23.verifyLink}</a></p>
</section>
<h2 class="frozen-title">${m.frozenFigures}</h2>
<p class="hint">${m.frozenHint}</p>
${holdingsSection(page, figures)}
${figureSectionsView(page, figures)}
<section class="card o23-section" id="section-8" aria-labelledby="section-8-title">
  <h2 id="section-8-title">${O23_SECTIONS.problems.title}</h2>
  ${problemsText(page, figures.problems)}
</section>`;
  return layout(page, { title: m.heading(name, r.version), body, flash: state.flash, style: REPORTS_STYLE });
}
