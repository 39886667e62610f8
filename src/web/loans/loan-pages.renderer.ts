import { Inject, Injectable } from '@nestjs/common';
import { ItemsService } from '../../items/items.service.js';
import { LoanStatus } from '../../loans/loan.enums.js';
import { ListLoansQueryDto } from '../../loans/loans.dto.js';
import type { LoanLineView } from '../../loans/loans.repository.js';
import { LoansService } from '../../loans/loans.service.js';
import { type Flash, layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { approvalsBody, type DecisionState } from './approvals.view.js';
import { type DetailState, legalActions, loanDetailBody } from './loan-detail.view.js';
import { asksBlind, type BlindAsked } from './scan-forms.js';

/** How many requests the queue shows at once: an approver works from the top. */
const QUEUE_SIZE = 100;

/**
 * The two pages that are also shown again after a refused form: a loan's page and the approval queue.
 * The handlers that render them first (GET) and the ones that show them with errors (POST) share them.
 */
@Injectable()
export class LoanPagesRenderer {
  constructor(
    @Inject(LoansService) private readonly loans: LoansService,
    @Inject(ItemsService) private readonly items: ItemsService,
  ) {}

  /** The loan's page; a loan of another station is not found (the service's NotFoundError → the 404 page). */
  async detail(page: PageContext, id: string, state: DetailState = {}, flash: Flash | null = null): Promise<string> {
    const loan = await this.loans.get(page.ctx, id);
    const can = legalActions(page, loan);
    const blind = await this.blindAsked(page, can.issue || can.receive ? loan.items : []);
    const body = loanDetailBody(page, loan, blind, state);
    return layout(page, { title: page.m.loans.detail.title, body, flash, script: 'loans.js' });
  }

  async queue(page: PageContext, state: DecisionState | null = null, flash: Flash | null = null): Promise<string> {
    const query = Object.assign(new ListLoansQueryDto(), { awaitingMe: true, status: [LoanStatus.REQUESTED], pageSize: QUEUE_SIZE });
    const result = await this.loans.list(page.ctx, query);
    const body = approvalsBody(page, result.items, result.total, state);
    return layout(page, { title: page.m.loans.approvals.title, body, flash });
  }

  /**
   * Which blind fields each HIGH line's row asks for at the counter: the measures its record holds.
   * Only whether a value exists leaves here, never the value (DESIGN §3 rule 4: entered blind).
   */
  async blindAsked(page: PageContext, lines: LoanLineView[]): Promise<Map<string, BlindAsked>> {
    const items = await Promise.all(lines.filter(asksBlind).map((l) => this.items.get(page.ctx, l.itemId)));
    return new Map(items.map((i) => [i.id, { sealNumber: i.sealNumber !== null, weightGrams: i.weightGrams !== null, amount: i.amount !== null }]));
  }
}
