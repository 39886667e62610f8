import { Global, Module } from '@nestjs/common';
import { AuditLogController } from './audit-log.controller.js';
import { AuditLogRepository } from './audit-log.repository.js';
import { AuditLogService } from './audit-log.service.js';
import { NightlyVerificationService } from './nightly-verification.service.js';

/** Global: every feature module writes its audit rows through AuditLogService. */
@Global()
@Module({
  controllers: [AuditLogController],
  providers: [AuditLogRepository, AuditLogService, NightlyVerificationService],
  exports: [AuditLogService],
})
export class AuditLogModule {}
