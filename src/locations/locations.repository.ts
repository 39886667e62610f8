import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Location, type LocationKind } from './location.entity.js';

export interface LocationListFilter {
  stationId: string | null;
  kind?: LocationKind;
  parentId?: string;
  secure?: boolean;
  offset: number;
  limit: number;
}

@Injectable()
export class LocationsRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(Location);
  }

  findScoped(id: string, stationId: string | null, em?: EntityManager): Promise<Location | null> {
    return this.repo(em).findOneBy(stationId ? { id, stationId } : { id });
  }

  findByCode(stationId: string, code: string, em?: EntityManager): Promise<Location | null> {
    return this.repo(em).findOneBy({ stationId, code });
  }

  async insert(em: EntityManager, location: Partial<Location>): Promise<Location> {
    const { identifiers } = await this.repo(em).insert(location);
    return this.repo(em).findOneByOrFail({ id: identifiers[0].id as string });
  }

  list(filter: LocationListFilter): Promise<[Location[], number]> {
    const qb = this.repo().createQueryBuilder('l').orderBy('l.code', 'ASC').skip(filter.offset).take(filter.limit);
    if (filter.stationId) qb.andWhere('l.station_id = :stationId', { stationId: filter.stationId });
    if (filter.kind) qb.andWhere('l.kind = :kind', { kind: filter.kind });
    if (filter.parentId) qb.andWhere('l.parent_id = :parentId', { parentId: filter.parentId });
    if (filter.secure !== undefined) qb.andWhere('l.secure = :secure', { secure: filter.secure });
    return qb.getManyAndCount();
  }
}
