import { Module } from '@nestjs/common';
import { ItemsModule } from '../items/items.module.js';
import { StationsModule } from '../stations/stations.module.js';
import { DonationsController } from './donations.controller.js';
import { DonationsRepository } from './donations.repository.js';
import { DonationsService } from './donations.service.js';

@Module({
  imports: [StationsModule, ItemsModule],
  controllers: [DonationsController],
  providers: [DonationsRepository, DonationsService],
  exports: [DonationsRepository, DonationsService],
})
export class DonationsModule {}
