import { Body, Controller, Get, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles, WebPages } from '../../common/decorators.js';
import { DomainError, UnprocessableError } from '../../common/errors.js';
import { O23IssueService } from '../../reports/o23-issue.service.js';
import { IssueO23Dto, O23NoteDto } from '../../reports/reports.dto.js';
import { ReportsService } from '../../reports/reports.service.js';
import { domainErrorOnForm, type FieldErrors, FORM_ERROR, given, validateForm } from '../forms.js';
import { Page, type PageContext } from '../page-context.js';
import { seeOther, sendPage } from '../respond.js';
import { O23PageRenderer } from './o23-page.renderer.js';
import { askedPeriod, periodFields, periodQuery, requiredPeriod } from './report-period.js';
import { flashOf, ISSUERS, NOTE_WRITERS, REPORT_READERS, sendFile } from './report-parts.js';

const HALF = /^(\d{4}-\d{2})_(\d{4}-\d{2})$/;

/** Text from a textarea: browsers send line breaks as CRLF, which would count twice against the 4,000 limit. */
const typed = (value: unknown) => given(typeof value === 'string' ? value.replace(/\r\n?/g, '\n') : value);

/** The O23 report (DESIGN §6): preview, draft downloads, section 8, issuing. */
@ApiExcludeController()
@WebPages()
@Controller('reports')
export class O23PagesController {
  constructor(
    @Inject(ReportsService) private readonly reports: ReportsService,
    @Inject(O23IssueService) private readonly issued: O23IssueService,
    @Inject(O23PageRenderer) private readonly pages: O23PageRenderer,
  ) {}

  @Get()
  @Roles(...REPORT_READERS)
  async preview(@Page() page: PageContext, @Query() query: Record<string, unknown>, @Res() res: Response) {
    // The fiscal-half selector sends one value; the page's address says the range as from/to.
    if (query.half !== undefined) {
      const half = typeof query.half === 'string' ? HALF.exec(query.half) : null;
      if (half) return seeOther(res, `/reports?${periodQuery({ from: half[1], to: half[2] })}`);
      const error = new UnprocessableError('PERIOD_INVALID', 'half must be YYYY-MM_YYYY-MM', page.m.reports.period.invalid);
      return sendPage(res, await this.pages.render(page, { asked: { error } }), 422);
    }
    const asked = askedPeriod(page, query);
    const status = asked && 'error' in asked ? asked.error.status : 200;
    sendPage(res, await this.pages.render(page, { asked, flash: flashOf(page, query) }), status);
  }

  /** The draft as a file (stamped ฉบับร่าง): the same ReportsService.o23File the API serves. */
  @Get('o23.pdf')
  @Roles(...REPORT_READERS)
  async draftPdf(@Page() page: PageContext, @Query() query: Record<string, unknown>, @Res() res: Response) {
    sendFile(res, await this.reports.o23File(page.ctx, { ...periodFields(requiredPeriod(page, query)), format: 'pdf' }));
  }

  @Get('o23.xlsx')
  @Roles(...REPORT_READERS)
  async draftXlsx(@Page() page: PageContext, @Query() query: Record<string, unknown>, @Res() res: Response) {
    sendFile(res, await this.reports.o23File(page.ctx, { ...periodFields(requiredPeriod(page, query)), format: 'xlsx' }));
  }

  /** Section 8, written by the clerk (or corrected by the supervisor) before the commander issues. */
  @Post('notes')
  @Roles(...NOTE_WRITERS)
  async saveNote(@Page() page: PageContext, @Query() query: Record<string, unknown>, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const asked = askedPeriod(page, query);
    if (!asked || 'error' in asked) {
      return sendPage(res, await this.pages.render(page, { asked: asked ?? { error: this.noPeriod(page) } }), 422);
    }
    const values = { problems: typed(body.problems), correctiveAction: typed(body.correctiveAction) };
    const checked = await validateForm(O23NoteDto, values, page.m);
    let refused: { errors: FieldErrors; status: number } | null = checked.errors ? { errors: checked.errors, status: 422 } : null;
    if (checked.dto) {
      try {
        await this.reports.saveO23Note(page.ctx, periodFields(asked.period), checked.dto);
      } catch (err) {
        refused = { errors: domainErrorOnForm(err), status: (err as DomainError).status };
      }
    }
    if (refused) return sendPage(res, await this.pages.render(page, { asked, note: { errors: refused.errors, values } }), refused.status);
    seeOther(res, `/reports?${periodQuery(asked.period)}&done=note#section-8`);
  }

  /** The commander freezes the period's report; the refusals (not ended, no section 8, own section 8, issued already) are said on the form. */
  @Post('issue')
  @Roles(...ISSUERS)
  async issue(@Page() page: PageContext, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const asked = askedPeriod(page, body);
    if (!asked || 'error' in asked) {
      return sendPage(res, await this.pages.render(page, { asked: asked ?? { error: this.noPeriod(page) } }), 422);
    }
    const reason = typed(body.reason);
    const checked = await validateForm(IssueO23Dto, { ...periodFields(asked.period), reason }, page.m);
    let refused: { errors: FieldErrors; status: number } | null = checked.errors ? { errors: checked.errors, status: 422 } : null;
    if (checked.dto) {
      try {
        const issued = await this.issued.issue(page.ctx, checked.dto);
        return seeOther(res, `/reports/issued/${issued.id}?done=issued`);
      } catch (err) {
        // A reissue without its reason is said next to the reason field; a reason on a first issue belongs to no field shown.
        const fieldOf = (code: string) => (code === 'ALREADY_ISSUED' && !reason ? 'reason' : undefined);
        refused = { errors: domainErrorOnForm(err, fieldOf), status: (err as DomainError).status };
      }
    }
    const errors = refused!.errors;
    // The reason is the one field this form has; any other field's complaint is the form's.
    for (const name of Object.keys(errors)) if (name !== 'reason' && name !== FORM_ERROR) (errors[FORM_ERROR] ??= errors[name]), delete errors[name];
    sendPage(res, await this.pages.render(page, { asked, issue: { errors, values: { reason } } }), refused!.status);
  }

  private noPeriod(page: PageContext): DomainError {
    return new UnprocessableError('PERIOD_REQUIRED', 'Give period, or from and to', page.m.reports.period.required);
  }
}
