import { Inject, Injectable } from '@nestjs/common';
import { AuditLogService } from '../audit-log/audit-log.service.js';
import { Clock } from '../common/clock.js';
import { ConflictError, NotFoundError } from '../common/errors.js';
import { ownStation, type RequestContext, stationScope } from '../common/request-context.js';
import { type Page, paging } from '../common/validation.js';
import { DiscrepancyStatus } from '../custody/custody.enums.js';
import { TransactionService } from '../database/transaction.service.js';
import type { ListIncidentsQueryDto, ResolveIncidentDto } from './incidents.dto.js';
import { IncidentsRepository, type IncidentView } from './incidents.repository.js';

/**
 * Incidents (DESIGN §2): every discrepancy a blind check, a return, a shift, a count or a disposal found.
 * They are listed and counted; only a commander resolves one, with a note, and it is never deleted.
 */
@Injectable()
export class IncidentsService {
  constructor(
    @Inject(TransactionService) private readonly tx: TransactionService,
    @Inject(IncidentsRepository) private readonly incidents: IncidentsRepository,
    @Inject(AuditLogService) private readonly auditLog: AuditLogService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async list(ctx: RequestContext, query: ListIncidentsQueryDto): Promise<Page<IncidentView>> {
    const { page, pageSize, offset } = paging(query);
    const { items, total } = await this.incidents.list({ stationId: stationScope(ctx), status: query.status, kind: query.kind, itemId: query.itemId, auditId: query.auditId, offset, limit: pageSize });
    return { items, total, page, pageSize };
  }

  counts(ctx: RequestContext) {
    return this.incidents.counts(stationScope(ctx));
  }

  async get(ctx: RequestContext, id: string): Promise<IncidentView> {
    const [view] = (await this.incidents.list({ stationId: stationScope(ctx), id, offset: 0, limit: 1 })).items;
    if (!view) throw new NotFoundError('Incident', 'เหตุผิดปกติ');
    return view;
  }

  async resolve(ctx: RequestContext, id: string, dto: ResolveIncidentDto): Promise<IncidentView> {
    const stationId = ownStation(ctx);
    return this.tx.run(async (em) => {
      const incident = await this.incidents.lock(em, id, stationId);
      if (!incident) throw new NotFoundError('Incident', 'เหตุผิดปกติ');
      if (incident.status !== DiscrepancyStatus.OPEN) {
        throw new ConflictError('INCIDENT_RESOLVED', 'This incident is already resolved', 'เหตุผิดปกตินี้ได้รับการแก้ไขแล้ว');
      }
      await this.incidents.resolve(em, id, ctx.actor!.id, this.clock.now(), dto.note);
      const [view] = (await this.incidents.list({ stationId, id, offset: 0, limit: 1 }, em)).items;
      await this.auditLog.append(em, ctx, {
        stationId,
        action: 'INCIDENT_RESOLVED',
        entityType: 'incident',
        entityId: id,
        before: { status: DiscrepancyStatus.OPEN },
        after: { status: DiscrepancyStatus.RESOLVED, kind: incident.kind, itemId: incident.itemId, note: dto.note },
      });
      return view;
    });
  }
}
