import { Inject, Injectable } from '@nestjs/common';
import { AuditLogService } from '../audit-log/audit-log.service.js';
import { ConflictError, NotFoundError, UnprocessableError } from '../common/errors.js';
import { listScope, type RequestContext, stationScope, targetStation } from '../common/request-context.js';
import { emptyPage, type Page, paging } from '../common/validation.js';
import { TransactionService } from '../database/transaction.service.js';
import { StationsRepository } from '../stations/stations.repository.js';
import { LocationKind } from './location.entity.js';
import { type CreateLocationDto, type ListLocationsQueryDto, type LocationView, toLocationView } from './locations.dto.js';
import { LocationsRepository } from './locations.repository.js';

/** Safes and armories are secure unless said otherwise; HIGH-risk items may only go to secure places. */
const SECURE_BY_DEFAULT = new Set([LocationKind.SAFE, LocationKind.ARMORY]);

@Injectable()
export class LocationsService {
  constructor(
    @Inject(TransactionService) private readonly tx: TransactionService,
    @Inject(LocationsRepository) private readonly locations: LocationsRepository,
    @Inject(StationsRepository) private readonly stations: StationsRepository,
    @Inject(AuditLogService) private readonly auditLog: AuditLogService,
  ) {}

  create(ctx: RequestContext, dto: CreateLocationDto): Promise<LocationView> {
    const stationId = targetStation(ctx, dto.stationId);
    return this.tx.run(async (em) => {
      if (!(await this.stations.findById(stationId, em))) throw new NotFoundError('Station', 'สถานี');
      if (dto.parentId) {
        // A parent in another station is as good as absent.
        const parent = await this.locations.findScoped(dto.parentId, stationId, em);
        if (!parent) throw new UnprocessableError('PARENT_NOT_FOUND', 'The parent location does not exist in this station', 'ไม่พบสถานที่เก็บหลักในสถานีนี้');
      }
      if (await this.locations.findByCode(stationId, dto.code, em)) {
        throw new ConflictError('LOCATION_CODE_TAKEN', `Location code ${dto.code} is already used in this station`, `รหัสสถานที่เก็บ ${dto.code} ถูกใช้แล้วในสถานีนี้`);
      }
      const location = await this.locations.insert(em, {
        stationId,
        code: dto.code,
        name: dto.name,
        kind: dto.kind,
        parentId: dto.parentId ?? null,
        secure: dto.secure ?? SECURE_BY_DEFAULT.has(dto.kind),
      });
      const view = toLocationView(location);
      await this.auditLog.append(em, ctx, { stationId, action: 'LOCATION_CREATED', entityType: 'location', entityId: location.id, after: view });
      return view;
    });
  }

  async list(ctx: RequestContext, query: ListLocationsQueryDto): Promise<Page<LocationView>> {
    const stationId = listScope(ctx, query.stationId);
    if (stationId === false) return emptyPage(query);
    const { page, pageSize, offset } = paging(query);
    const [rows, total] = await this.locations.list({
      stationId,
      kind: query.kind,
      parentId: query.parentId,
      secure: query.secure,
      offset,
      limit: pageSize,
    });
    return { items: rows.map(toLocationView), total, page, pageSize };
  }

  async get(ctx: RequestContext, id: string): Promise<LocationView> {
    const location = await this.locations.findScoped(id, stationScope(ctx));
    if (!location) throw new NotFoundError('Location', 'สถานที่เก็บ');
    return toLocationView(location);
  }
}
