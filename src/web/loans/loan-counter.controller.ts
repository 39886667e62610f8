import { Body, Controller, Inject, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles, WebPages } from '../../common/decorators.js';
import type { DomainError } from '../../common/errors.js';
import { IdParam } from '../../common/validation.js';
import { IssueLoanDto, ReturnLoanDto } from '../../loans/loans.dto.js';
import type { LoanLineView } from '../../loans/loans.repository.js';
import { LoansService } from '../../loans/loans.service.js';
import { type FieldErrors, validateForm } from '../forms.js';
import { Page, type PageContext } from '../page-context.js';
import { seeOther, sendPage } from '../respond.js';
import { LoanPagesRenderer } from './loan-pages.renderer.js';
import { COUNTER } from './page-parts.js';
import { dtoErrorsOnRows, outLines, readIssueForm, readReturnForm, rowHas, type ScanForm, scanErrorOnForm } from './scan-forms.js';

type CounterForm = 'issue' | 'return';

/** The counter's two actions on a loan: hand the items over (issue) and take them back (return). */
@ApiExcludeController()
@WebPages()
@Controller()
export class LoanCounterController {
  constructor(
    @Inject(LoansService) private readonly loans: LoansService,
    @Inject(LoanPagesRenderer) private readonly pages: LoanPagesRenderer,
  ) {}

  @Post('loans/:id/issue')
  @Roles(...COUNTER)
  async issue(@Page() page: PageContext, @IdParam() id: string, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const loan = await this.loans.get(page.ctx, id);
    const form = readIssueForm(page.m, loan.items, body);
    const outcome = await this.submit(page, 'issue', loan.items, form, IssueLoanDto, (dto) => this.loans.issue(page.ctx, id, dto));
    if (outcome.errors) return sendPage(res, await this.pages.detail(page, id, { action: 'issue', form: { errors: outcome.errors, values: body } }), outcome.status);
    seeOther(res, `/loans/${id}?done=issued${outcome.mismatches ? `&mismatch=${outcome.mismatches}` : ''}`);
  }

  @Post('loans/:id/return')
  @Roles(...COUNTER)
  async giveBack(@Page() page: PageContext, @IdParam() id: string, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const loan = await this.loans.get(page.ctx, id);
    const lines = outLines(loan.items);
    const form = readReturnForm(page.m, lines, body);
    const outcome = await this.submit(page, 'return', lines, form, ReturnLoanDto, (dto) => this.loans.giveBack(page.ctx, id, dto));
    if (outcome.errors) return sendPage(res, await this.pages.detail(page, id, { action: 'receive', form: { errors: outcome.errors, values: body } }), outcome.status);
    seeOther(res, `/loans/${id}?done=returned${outcome.mismatches ? `&mismatch=${outcome.mismatches}` : ''}`);
  }

  /**
   * Checks the rows, validates with the API's DTO, calls the service: the errors to show (nothing
   * written), or how many discrepancies the blind check and the return condition recorded.
   */
  private async submit<T extends object>(
    page: PageContext,
    kind: CounterForm,
    lines: LoanLineView[],
    form: ScanForm,
    dtoClass: new () => T,
    act: (dto: T) => Promise<{ discrepancies: unknown[] }>,
  ): Promise<{ errors: FieldErrors | null; status: number; mismatches: number }> {
    const checked = await validateForm(dtoClass, form.plain, page.m);
    const errors = { ...(checked.errors ? dtoErrorsOnRows(checked.errors, form.rowOf) : {}), ...form.errors };
    if (Object.keys(errors).length || !checked.dto) return { errors, status: 422, mismatches: 0 };
    try {
      const done = await act(checked.dto);
      return { errors: null, status: 200, mismatches: done.discrepancies.length };
    } catch (err) {
      const has = rowHas(kind, lines, await this.pages.blindAsked(page, lines));
      return { errors: scanErrorOnForm(err, page.m, lines, has), status: (err as DomainError).status, mismatches: 0 };
    }
  }
}
