import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ItemsModule } from '../items/items.module.js';
import { LoansModule } from '../loans/loans.module.js';
import { StationsModule } from '../stations/stations.module.js';
import { ShiftsController } from './shifts.controller.js';
import { ShiftsRepository } from './shifts.repository.js';
import { ShiftsService } from './shifts.service.js';

@Module({
  imports: [AuthModule, StationsModule, ItemsModule, LoansModule],
  controllers: [ShiftsController],
  providers: [ShiftsRepository, ShiftsService],
  exports: [ShiftsService],
})
export class ShiftsModule {}
