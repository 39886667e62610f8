import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { DonationsModule } from '../donations/donations.module.js';
import { ItemsModule } from '../items/items.module.js';
import { StationsModule } from '../stations/stations.module.js';
import { ItemLinesService } from './item-lines.service.js';
import { LoansController, NotificationsController } from './loans.controller.js';
import { LoansRepository } from './loans.repository.js';
import { LoansService } from './loans.service.js';
import { NotificationsService } from './notifications.service.js';

@Module({
  imports: [AuthModule, StationsModule, ItemsModule, DonationsModule],
  controllers: [LoansController, NotificationsController],
  providers: [LoansRepository, LoansService, ItemLinesService, NotificationsService],
  exports: [ItemLinesService, LoansRepository, LoansService, NotificationsService],
})
export class LoansModule {}
