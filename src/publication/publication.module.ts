import { Module } from '@nestjs/common';
import { ReportsModule } from '../reports/reports.module.js';
import { StationsModule } from '../stations/stations.module.js';
import { PublicationController } from './publication.controller.js';
import { PublicationService } from './publication.service.js';
import { PublicO23Controller } from './public-o23.controller.js';

@Module({
  imports: [StationsModule, ReportsModule],
  controllers: [PublicationController, PublicO23Controller],
  providers: [PublicationService],
  exports: [PublicationService],
})
export class PublicationModule {}
