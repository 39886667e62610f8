import { Inject, Injectable } from '@nestjs/common';
import { AuditLogService } from '../audit-log/audit-log.service.js';
import { NotFoundError } from '../common/errors.js';
import { type RequestContext, stationScope } from '../common/request-context.js';
import type { Page } from '../common/validation.js';
import { paging } from '../common/validation.js';
import { TransactionService } from '../database/transaction.service.js';
import type { Station } from './station.entity.js';
import { DEFAULT_STATION_SETTINGS, type StationSettings } from './station-settings.js';
import { type CreateStationDto, type ListStationsQueryDto, type StationView, type StationSettingsDto, toStationView } from './stations.dto.js';
import { StationsRepository } from './stations.repository.js';

@Injectable()
export class StationsService {
  constructor(
    @Inject(TransactionService) private readonly tx: TransactionService,
    @Inject(StationsRepository) private readonly stations: StationsRepository,
    @Inject(AuditLogService) private readonly auditLog: AuditLogService,
  ) {}

  /** Creating a station belongs to no station: it goes on the system chain. */
  create(ctx: RequestContext, dto: CreateStationDto): Promise<StationView> {
    return this.tx.run(async (em) => {
      const station = await this.stations.insert(em, { ...dto, settings: { ...DEFAULT_STATION_SETTINGS }, settingsVersion: 1 });
      const view = toStationView(station);
      await this.auditLog.append(em, ctx, { stationId: null, action: 'STATION_CREATED', entityType: 'station', entityId: station.id, after: view });
      return view;
    });
  }

  async list(ctx: RequestContext, query: ListStationsQueryDto): Promise<Page<StationView>> {
    const { page, pageSize, offset } = paging(query);
    const [rows, total] = await this.stations.list(stationScope(ctx), offset, pageSize);
    return { items: rows.map(toStationView), total, page, pageSize };
  }

  async get(ctx: RequestContext, id: string): Promise<StationView> {
    return toStationView(await this.visible(ctx, id));
  }

  /** The station with this id, if the caller may see it; another station's id is "not found". */
  async visible(ctx: RequestContext, id: string): Promise<Station> {
    const scope = stationScope(ctx);
    const station = scope && scope !== id ? null : await this.stations.findById(id);
    if (!station) throw new NotFoundError('Station', 'สถานี');
    return station;
  }

  async updateSettings(ctx: RequestContext, id: string, settings: StationSettingsDto): Promise<StationView> {
    const view = await this.tx.run(async (em) => {
      const scope = stationScope(ctx);
      const station = scope && scope !== id ? null : await this.stations.lock(em, id);
      if (!station) throw new NotFoundError('Station', 'สถานี');
      const before = { settings: station.settings, settingsVersion: station.settingsVersion };
      // Only the settings the request names: the DTO instance also holds its other fields as undefined.
      const changes = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)) as Partial<StationSettings>;
      station.settings = { ...station.settings, ...changes };
      station.settingsVersion += 1;
      await this.stations.updateSettings(em, station);
      await this.auditLog.append(em, ctx, {
        stationId: station.id,
        action: 'STATION_SETTINGS_CHANGED',
        entityType: 'station',
        entityId: station.id,
        before,
        after: { settings: station.settings, settingsVersion: station.settingsVersion },
      });
      return toStationView(station);
    });
    this.stations.settingsChanged(id);
    return view;
  }
}
