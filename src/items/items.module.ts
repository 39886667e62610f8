import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CustodyController } from '../custody/custody.controller.js';
import { CustodyRepository } from '../custody/custody.repository.js';
import { CustodyService } from '../custody/custody.service.js';
import { LocationsModule } from '../locations/locations.module.js';
import { StationsModule } from '../stations/stations.module.js';
import { ItemsController } from './items.controller.js';
import { ItemsRepository } from './items.repository.js';
import { ItemsService } from './items.service.js';

/** Items and their chain of custody: one aggregate, so one module (the custody folder keeps its own files). */
@Module({
  imports: [AuthModule, StationsModule, LocationsModule],
  controllers: [ItemsController, CustodyController],
  providers: [ItemsRepository, ItemsService, CustodyRepository, CustodyService],
  exports: [ItemsRepository, ItemsService, CustodyRepository],
})
export class ItemsModule {}
