import { Body, Controller, Get, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles, WebPages } from '../../common/decorators.js';
import type { DomainError } from '../../common/errors.js';
import { LoansService } from '../../loans/loans.service.js';
import { domainErrorOnForm } from '../forms.js';
import { layout } from '../layout.js';
import { Page, type PageContext } from '../page-context.js';
import { seeOther, sendPage } from '../respond.js';
import { LoanRequestForm, requestErrorField } from './loan-request.form.js';
import { requestBody, type RequestState } from './loan-request.view.js';
import { BORROWERS } from './page-parts.js';

/** The borrowing form (ระเบียบกระทรวงการคลังฯ ข้อ 207): a written request with its reason and return date. */
@ApiExcludeController()
@WebPages()
@Controller()
export class LoanRequestController {
  constructor(
    @Inject(LoansService) private readonly loans: LoansService,
    @Inject(LoanRequestForm) private readonly form: LoanRequestForm,
  ) {}

  /** Opened empty, or from an item (`?itemId=` or `?code=`) with its code filled in. */
  @Get('loans/new')
  @Roles(...BORROWERS)
  async newRequest(@Page() page: PageContext, @Query() query: Record<string, unknown>, @Res() res: Response) {
    const prefill = await this.form.prefill(page, query);
    const values = this.form.values({}, { codes: prefill.code, dueTime: page.m.loans.request.defaultTime });
    const lines = prefill.code && !prefill.error ? (await this.form.readCodes(page, prefill.code)).lines : [];
    this.send(page, res, { values, lines, errors: prefill.error ? { codes: prefill.error } : null });
  }

  /** "Check" shows what the codes name and writes nothing; "submit" requests the loan and opens its page. */
  @Post('loans/new')
  @Roles(...BORROWERS)
  async submit(@Page() page: PageContext, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const values = this.form.values(body);
    if (body.intent === 'check') {
      const codes = await this.form.readCodes(page, values.codes);
      return this.send(page, res, { values, lines: codes.lines, errors: codes.error ? { codes: codes.error } : null }, codes.error ? 422 : 200);
    }
    const read = await this.form.read(page, values);
    if (!read.dto) return this.send(page, res, { values, lines: read.lines, errors: read.errors }, 422);
    try {
      const loan = await this.loans.request(page.ctx, read.dto);
      seeOther(res, `/loans/${loan.id}?done=requested`);
    } catch (err) {
      const errors = domainErrorOnForm(err, requestErrorField);
      this.send(page, res, { values, lines: read.lines, errors }, (err as DomainError).status);
    }
  }

  private send(page: PageContext, res: Response, state: RequestState, status = 200): void {
    sendPage(res, layout(page, { title: page.m.loans.request.title, body: requestBody(page, state), script: 'loans.js' }), status);
  }
}
