import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CustodyController } from '../custody/custody.controller.js';
import { CustodyRepository } from '../custody/custody.repository.js';
import { CustodyService } from '../custody/custody.service.js';
import { LabelsController } from '../labels/labels.controller.js';
import { LabelsModule } from '../labels/labels.module.js';
import { LabelsService } from '../labels/labels.service.js';
import { LocationsModule } from '../locations/locations.module.js';
import { StationsModule } from '../stations/stations.module.js';
import { ItemsController } from './items.controller.js';
import { ItemsRepository } from './items.repository.js';
import { ItemsService } from './items.service.js';

/** Items and their chain of custody: one aggregate, so one module (the custody folder keeps its own files). */
@Module({
  imports: [AuthModule, StationsModule, LocationsModule, LabelsModule],
  controllers: [ItemsController, CustodyController, LabelsController],
  providers: [ItemsRepository, ItemsService, CustodyRepository, CustodyService, LabelsService],
  exports: [ItemsRepository, ItemsService, CustodyRepository, CustodyService, LabelsService],
})
export class ItemsModule {}
