import { Body, Controller, Get, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles, WebPages } from '../../common/decorators.js';
import { DomainError } from '../../common/errors.js';
import { STATION_ROLES } from '../../common/roles.js';
import { IdParam } from '../../common/validation.js';
import { DecisionDto } from '../../loans/loans.dto.js';
import { LoansService } from '../../loans/loans.service.js';
import { domainErrorOnForm, type FieldErrors, given, validateForm } from '../forms.js';
import { Page, type PageContext } from '../page-context.js';
import { seeOther, sendPage } from '../respond.js';
import { LoanPagesRenderer } from './loan-pages.renderer.js';
import { APPROVERS, BORROWERS, flashOf } from './page-parts.js';

/** Not found is the 404 page (another station's loan), never a message on a form. */
function formErrors(err: unknown, fieldOf?: (code: string) => string | undefined): { errors: FieldErrors; status: number } {
  if (err instanceof DomainError && err.status === 404) throw err;
  return { errors: domainErrorOnForm(err, fieldOf), status: (err as DomainError).status };
}

/** A loan's page, the requester's cancel, and the approver's decision (from the queue or from here). */
@ApiExcludeController()
@WebPages()
@Controller()
export class LoanController {
  constructor(
    @Inject(LoansService) private readonly loans: LoansService,
    @Inject(LoanPagesRenderer) private readonly pages: LoanPagesRenderer,
  ) {}

  @Get('loans/:id')
  @Roles(...STATION_ROLES)
  async show(@Page() page: PageContext, @IdParam() id: string, @Query() query: Record<string, unknown>, @Res() res: Response) {
    sendPage(res, await this.pages.detail(page, id, {}, flashOf(page, query)));
  }

  @Post('loans/:id/cancel')
  @Roles(...BORROWERS)
  async cancel(@Page() page: PageContext, @IdParam() id: string, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const values = { note: given(body.note) };
    const checked = await validateForm(DecisionDto, values, page.m);
    if (checked.errors) return sendPage(res, await this.pages.detail(page, id, { action: 'cancel', form: { errors: checked.errors, values } }), 422);
    try {
      await this.loans.cancel(page.ctx, id, checked.dto);
    } catch (err) {
      const { errors, status } = formErrors(err);
      return sendPage(res, await this.pages.detail(page, id, { action: 'cancel', form: { errors, values } }), status);
    }
    seeOther(res, `/loans/${id}?done=cancelled`);
  }

  /** One tap: no note needed to approve. */
  @Post('loans/:id/approve')
  @Roles(...APPROVERS)
  approve(@Page() page: PageContext, @IdParam() id: string, @Body() body: Record<string, unknown>, @Res() res: Response) {
    return this.decide(page, id, 'approve', body, res);
  }

  /** The service refuses a rejection without its reason (NOTE_REQUIRED): the note field says so. */
  @Post('loans/:id/reject')
  @Roles(...APPROVERS)
  reject(@Page() page: PageContext, @IdParam() id: string, @Body() body: Record<string, unknown>, @Res() res: Response) {
    return this.decide(page, id, 'reject', body, res);
  }

  private async decide(page: PageContext, id: string, outcome: 'approve' | 'reject', body: Record<string, unknown>, res: Response) {
    const back = body.back === 'loan' ? 'loan' : 'queue';
    const note = given(body.note);
    const checked = await validateForm(DecisionDto, { note }, page.m);
    let refused: { errors: FieldErrors; status: number } | null = checked.errors ? { errors: checked.errors, status: 422 } : null;
    if (checked.dto) {
      try {
        await (outcome === 'approve' ? this.loans.approve(page.ctx, id, checked.dto) : this.loans.reject(page.ctx, id, checked.dto));
      } catch (err) {
        refused = formErrors(err, (code) => (code === 'NOTE_REQUIRED' ? 'note' : undefined));
      }
    }
    const done = outcome === 'approve' ? 'approved' : 'rejected';
    if (!refused) return seeOther(res, back === 'loan' ? `/loans/${id}?done=${done}` : `/loans/approvals?done=${done}`);
    const decision = { loanId: id, outcome, errors: refused.errors, note };
    sendPage(res, back === 'loan' ? await this.pages.detail(page, id, { decision }) : await this.pages.queue(page, decision), refused.status);
  }
}
