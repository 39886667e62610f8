import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ItemsModule } from '../items/items.module.js';
import { StationsModule } from '../stations/stations.module.js';
import { DisposalsController } from './disposals.controller.js';
import { DisposalsRepository } from './disposals.repository.js';
import { DisposalsService } from './disposals.service.js';

@Module({
  imports: [AuthModule, StationsModule, ItemsModule],
  controllers: [DisposalsController],
  providers: [DisposalsRepository, DisposalsService],
  exports: [DisposalsService],
})
export class DisposalsModule {}
