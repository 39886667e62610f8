import { Module } from '@nestjs/common';
import { LocationsModule } from '../locations/locations.module.js';
import { StationsModule } from '../stations/stations.module.js';
import { UsersModule } from '../users/users.module.js';
import { FirstRunService } from './first-run.service.js';

@Module({
  imports: [UsersModule, StationsModule, LocationsModule],
  providers: [FirstRunService],
  exports: [FirstRunService],
})
export class SetupModule {}
