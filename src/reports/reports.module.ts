import { Module } from '@nestjs/common';
import { EvidenceModule } from '../evidence/evidence.module.js';
import { StationsModule } from '../stations/stations.module.js';
import { O23FiguresRepository } from './o23-figures.repository.js';
import { O23IssueService } from './o23-issue.service.js';
import { RegistersController } from './registers/registers.controller.js';
import { RegistersRepository } from './registers/registers.repository.js';
import { RegistersService } from './registers/registers.service.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';

@Module({
  imports: [StationsModule, EvidenceModule],
  controllers: [ReportsController, RegistersController],
  providers: [O23FiguresRepository, ReportsService, O23IssueService, RegistersRepository, RegistersService],
  exports: [ReportsService, O23IssueService, RegistersService],
})
export class ReportsModule {}
