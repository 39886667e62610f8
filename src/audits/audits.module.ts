import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ItemsModule } from '../items/items.module.js';
import { LocationsModule } from '../locations/locations.module.js';
import { StationsModule } from '../stations/stations.module.js';
import { AuditsController } from './audits.controller.js';
import { AuditsRepository } from './audits.repository.js';
import { AuditsService } from './audits.service.js';

@Module({
  imports: [AuthModule, StationsModule, ItemsModule, LocationsModule],
  controllers: [AuditsController],
  providers: [AuditsRepository, AuditsService],
  exports: [AuditsService],
})
export class AuditsModule {}
