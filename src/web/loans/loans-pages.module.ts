import { Module } from '@nestjs/common';
import { ItemsModule } from '../../items/items.module.js';
import { LoansModule } from '../../loans/loans.module.js';
import { LoanCounterController } from './loan-counter.controller.js';
import { LoanListController } from './loan-list.controller.js';
import { LoanPagesRenderer } from './loan-pages.renderer.js';
import { LoanRequestController } from './loan-request.controller.js';
import { LoanRequestForm } from './loan-request.form.js';
import { LoanController } from './loan.controller.js';

/**
 * Loan requests, my loans, the approval queue, issue and return, out now and overdue. The order of the
 * controllers is the order of their routes: /loans/new and /loans/approvals before /loans/:id.
 */
@Module({
  imports: [ItemsModule, LoansModule],
  controllers: [LoanListController, LoanRequestController, LoanController, LoanCounterController],
  providers: [LoanPagesRenderer, LoanRequestForm],
})
export class LoansPagesModule {}
