import { PageQueryDto, TextField, UuidField } from '../common/validation.js';

export class VerifyQueryDto {
  @UuidField({ optional: true, description: 'ADMIN only: the station whose chain to verify; without it, the system chain' })
  stationId?: string;
}

export class ListAuditLogQueryDto extends PageQueryDto {
  @UuidField({ optional: true, description: 'ADMIN only: the station; without it, the system chain' })
  stationId?: string;

  @TextField({ max: 64, optional: true, example: 'location' })
  entityType?: string;

  @TextField({ max: 64, optional: true })
  entityId?: string;

  @TextField({ max: 64, optional: true, example: 'LOCATION_CREATED' })
  action?: string;

  @UuidField({ optional: true })
  actorId?: string;
}
