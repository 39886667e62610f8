import { Module } from '@nestjs/common';
import { EvidenceController } from './evidence.controller.js';
import { EvidenceTimersService } from './evidence-timers.service.js';

@Module({
  controllers: [EvidenceController],
  providers: [EvidenceTimersService],
  exports: [EvidenceTimersService],
})
export class EvidenceModule {}
