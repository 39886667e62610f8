import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock.js';
import type { DomainError } from '../../common/errors.js';
import { O23IssueService, type IssuedO23View } from '../../reports/o23-issue.service.js';
import { O23_SECTIONS, O23_TITLE, o23PeriodKind, PROBLEMS_TH } from '../../reports/o23-labels.js';
import type { O23Period } from '../../reports/o23-period.js';
import { type O23Figures, ReportsService } from '../../reports/reports.service.js';
import { thaiDate, thaiMonth, thaiPeriod, thaiShortDateTime } from '../../reports/thai-dates.js';
import { UsersService } from '../../users/users.service.js';
import { type FieldErrors, formError } from '../forms.js';
import { type Html, html } from '../html.js';
import { csrfField, type Flash, layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { figureSectionsView, holdingsSection, problemsText } from './o23-figures.view.js';
import { fiscalHalves, lastFinishedMonth, periodFields, periodQuery, recentMonths } from './report-period.js';
import { ISSUERS, NOTE_WRITERS, REPORTS_STYLE, reportTabs } from './report-parts.js';
import { personName, textArea } from '../parts.js';

/** The notes and the reason are the API's limits (O23NoteDto, IssueO23Dto). */
const NOTE_MAX = 4000;
const REASON_MAX = 1000;

export interface O23PageState {
  /** The period asked for, a refusal of what was asked, or nothing (then the last finished month). */
  asked?: { period: O23Period } | { error: DomainError };
  flash?: Flash | null;
  /** Section 8's form shown again with its errors. */
  note?: { errors: FieldErrors; values: { problems?: string; correctiveAction?: string } };
  /** The issue form shown again with the refusal. */
  issue?: { errors: FieldErrors; values: { reason?: string } };
}

/**
 * GET /reports and the forms that post from it: the period chooser, the preview of sections 1–8, the
 * draft downloads, section 8's form (clerk, supervisor) and the issue form (commander).
 */
@Injectable()
export class O23PageRenderer {
  constructor(
    @Inject(ReportsService) private readonly reports: ReportsService,
    @Inject(O23IssueService) private readonly issued: O23IssueService,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async render(page: PageContext, state: O23PageState = {}): Promise<string> {
    const m = page.m.reports;
    const now = this.clock.now();
    const error = state.asked && 'error' in state.asked ? state.asked.error : null;
    const period = state.asked && 'period' in state.asked ? state.asked.period : error ? null : { from: lastFinishedMonth(now), to: lastFinishedMonth(now) };
    let report: Html = html``;
    if (period) {
      const fields = periodFields(period);
      const [figures, versions] = await Promise.all([this.reports.o23Figures(page.ctx, fields), this.issued.list(page.ctx, { ...fields, pageSize: 100 })]);
      report = await this.report(page, figures, versions.items, state, now);
    }
    const body = html`<div class="page-head"><h1>${m.o23.title}</h1></div>
${reportTabs(page, 'o23')}
${this.chooser(page, period, error, now)}
${report}`;
    return layout(page, { title: period ? `${m.o23.title} ${thaiPeriod(period.from, period.to)}` : m.o23.title, body, flash: state.flash, style: REPORTS_STYLE });
  }

  /** A month (the last 24) or a fiscal half; a period from a link that is neither is kept as one more choice. */
  private chooser(page: PageContext, period: { from: string; to: string } | null, error: DomainError | null, now: Date): Html {
    const m = page.m.reports.period;
    const months = recentMonths(now);
    const current = months[0];
    const single = period && period.from === period.to ? period.from : null;
    const monthOptions = [
      ...(single && !months.includes(single) ? [{ value: single, label: m.other(thaiMonth(single)) }] : []),
      ...months.map((k) => ({ value: k, label: k === current ? m.inProgress(thaiMonth(k)) : thaiMonth(k) })),
    ];
    const halves = fiscalHalves(now);
    const range = period && period.from !== period.to ? `${period.from}_${period.to}` : null;
    const halfOptions = [
      ...(range && !halves.some((h) => `${h.from}_${h.to}` === range) ? [{ value: range, label: m.other(thaiPeriod(period!.from, period!.to)) }] : []),
      ...halves.map((h) => ({ value: `${h.from}_${h.to}`, label: h.half === 1 ? m.firstHalf(h.fiscalYear) : m.secondHalf(h.fiscalYear) })),
    ];
    const option = (o: { value: string; label: string }, selected: string | null) => html`<option value="${o.value}"${o.value === selected ? html` selected` : ''}>${o.label}</option>`;
    return html`<section class="card chooser${error ? ' has-error' : ''}" aria-labelledby="chooser-title">
  <h2 id="chooser-title">${m.heading}</h2>
  <div class="chooser-forms">
    <form method="get" action="/reports" class="chooser-form">
      <label for="f-period">${m.month}</label>
      <div class="inline"><select id="f-period" name="period"${error ? html` aria-describedby="chooser-error"` : ''}>${monthOptions.map((o) => option(o, single))}</select>
      <button type="submit">${m.show}</button></div>
    </form>
    <form method="get" action="/reports" class="chooser-form">
      <label for="f-half">${m.half}</label>
      <div class="inline"><select id="f-half" name="half"${error ? html` aria-describedby="chooser-error"` : ''}>${halfOptions.map((o) => option(o, range))}</select>
      <button type="submit">${m.show}</button></div>
      <small class="hint">${m.halfHint}</small>
    </form>
  </div>
  ${error ? html`<p class="field-error" id="chooser-error" role="alert">${error.messageTh}</p>` : ''}
</section>`;
  }

  private async report(page: PageContext, figures: O23Figures, versions: IssuedO23View[], state: O23PageState, now: Date): Promise<Html> {
    const m = page.m.reports;
    const p = figures.period;
    const q = periodQuery(p);
    const lastDay = new Date(new Date(p.end).getTime() - 1);
    const status = versions.length
      ? html`<p class="notice">${m.o23.issuedBefore}</p>
<ul class="versions">${versions.map(
          (v) => html`<li><a href="/reports/issued/${v.id}">${m.o23.issuedVersion(v.version, thaiShortDateTime(v.issuedAt), personName(v.issuedBy))}</a>${v.superseded ? html` <span class="badge">${m.o23.superseded}</span>` : ''}</li>`,
        )}</ul>`
      : html`<p class="notice">${m.o23.draft}</p>`;
    return html`<section class="card report-head" aria-labelledby="report-title">
  <h2 id="report-title">${O23_TITLE} ${o23PeriodKind(p)} ${thaiPeriod(p.from, p.to)}</h2>
  <dl class="facts">
    <dt>${m.o23.station}</dt><dd>${figures.station.nameTh}</dd>
    <dt>${m.o23.periodLabel}</dt><dd>${m.period.dates(thaiDate(new Date(p.start)), thaiDate(lastDay))} · ${m.o23.days(p.days, p.months)}</dd>
  </dl>
  ${status}
  <h3>${m.o23.downloads}</h3>
  <div class="actions">
    <a class="button primary" href="/reports/o23.pdf?${q}" download>${m.o23.downloadPdf}</a>
    <a class="button" href="/reports/o23.xlsx?${q}" download>${m.o23.downloadXlsx}</a>
  </div>
  <small class="hint">${m.o23.downloadHint}</small>
</section>
${holdingsSection(page, figures)}
${figureSectionsView(page, figures)}
${await this.section8(page, figures, state)}
${page.can(...ISSUERS) ? this.issueForm(page, figures, versions, state, now) : ''}`;
  }

  private async section8(page: PageContext, figures: O23Figures, state: O23PageState): Promise<Html> {
    const m = page.m.reports.note;
    const note = figures.problems;
    let savedBy: Html = html``;
    if (note) {
      const who = note.updatedBy === page.user?.id ? page.m.reports.you : await this.users.get(page.ctx, note.updatedBy).then((u) => personName(u), () => page.m.common.none);
      savedBy = html`<p class="hint">${m.savedBy(who, thaiShortDateTime(note.updatedAt))}</p>`;
    }
    const values = state.note?.values ?? { problems: note?.problems, correctiveAction: note?.correctiveAction };
    const errors = state.note?.errors ?? null;
    const form = page.can(...NOTE_WRITERS)
      ? html`<form method="post" action="/reports/notes?${periodQuery(figures.period)}" class="note-form" novalidate>
  ${csrfField(page)}
  <h3>${m.formHeading}</h3>
  ${formError(errors)}
  ${textArea({ name: 'problems', label: PROBLEMS_TH.problems, value: values.problems, errors, required: true, maxlength: NOTE_MAX, rows: 5 })}
  ${textArea({ name: 'correctiveAction', label: PROBLEMS_TH.correctiveAction, value: values.correctiveAction, errors, required: true, maxlength: NOTE_MAX, rows: 5, hint: m.hint })}
  <div class="actions"><button type="submit" class="primary">${m.save}</button></div>
</form>`
      : html`<p class="hint">${m.readOnly}</p>`;
    return html`<section class="card o23-section" id="section-8" aria-labelledby="section-8-title">
  <h2 id="section-8-title">${O23_SECTIONS.problems.title}</h2>
  ${problemsText(page, note)}
  ${savedBy}
  ${form}
</section>`;
  }

  /** The commander's form; what stands in the way (the period still running, section 8) is said before the button. */
  private issueForm(page: PageContext, figures: O23Figures, versions: IssuedO23View[], state: O23PageState, now: Date): Html {
    const m = page.m.reports.issue;
    const p = figures.period;
    const errors = state.issue?.errors ?? null;
    const ended = now >= new Date(p.end);
    const latest = versions.reduce((max, v) => Math.max(max, v.version), 0);
    const warnings = [
      !ended ? m.notEnded(thaiDate(new Date(new Date(p.end).getTime() - 1))) : null,
      ended && !figures.problems ? m.noteMissing : null,
      ended && figures.problems && figures.problems.updatedBy === page.user?.id ? m.ownNote : null,
      latest ? m.again(latest) : null,
    ].filter((w): w is string => !!w);
    const form = ended
      ? html`<form method="post" action="/reports/issue" class="issue-form" novalidate>
  ${csrfField(page)}
  ${Object.entries(periodFields(p)).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
  ${latest ? textArea({ name: 'reason', label: m.reason, value: state.issue?.values.reason, errors, required: true, maxlength: REASON_MAX, rows: 3, hint: m.reasonHint }) : ''}
  <div class="actions"><button type="submit" class="primary">${latest ? m.submitAgain(latest + 1) : m.submit}</button></div>
</form>`
      : html``;
    return html`<section class="card issue" id="issue" aria-labelledby="issue-title">
  <h2 id="issue-title">${m.heading}</h2>
  <p>${m.explain}</p>
  ${formError(errors)}
  ${warnings.map((w) => html`<p class="notice">${w}</p>`)}
  ${form}
</section>`;
  }
}
