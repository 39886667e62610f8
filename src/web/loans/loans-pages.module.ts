import { Module } from '@nestjs/common';
import { ItemsModule } from '../../items/items.module.js';
import { LoansModule } from '../../loans/loans.module.js';
import { UsersModule } from '../../users/users.module.js';

/** Loan requests, my loans, the approval queue, issue and return, out now and overdue. */
@Module({
  imports: [ItemsModule, LoansModule, UsersModule],
  controllers: [],
  providers: [],
})
export class LoansPagesModule {}
