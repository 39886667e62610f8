import { Module } from '@nestjs/common';
import { StationsModule } from '../stations/stations.module.js';
import { LocationsController } from './locations.controller.js';
import { LocationsRepository } from './locations.repository.js';
import { LocationsService } from './locations.service.js';

@Module({
  imports: [StationsModule],
  controllers: [LocationsController],
  providers: [LocationsRepository, LocationsService],
  exports: [LocationsRepository, LocationsService],
})
export class LocationsModule {}
