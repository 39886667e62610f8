import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Station } from './station.entity.js';

@Injectable()
export class StationsRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(Station);
  }

  findById(id: string, em?: EntityManager): Promise<Station | null> {
    return this.repo(em).findOneBy({ id });
  }

  findByCode(code: string): Promise<Station | null> {
    return this.repo().findOneBy({ code });
  }

  lock(em: EntityManager, id: string): Promise<Station | null> {
    return em.getRepository(Station).createQueryBuilder('s').setLock('pessimistic_write').where('s.id = :id', { id }).getOne();
  }

  async insert(em: EntityManager, station: Partial<Station>): Promise<Station> {
    const { identifiers } = await this.repo(em).insert(station);
    return this.repo(em).findOneByOrFail({ id: identifiers[0].id as string });
  }

  async updateSettings(em: EntityManager, station: Station): Promise<void> {
    await this.repo(em).update({ id: station.id }, { settings: station.settings, settingsVersion: station.settingsVersion });
  }

  /** A station user sees only their own station; the administrator sees all. */
  list(stationId: string | null, offset: number, limit: number): Promise<[Station[], number]> {
    return this.repo().findAndCount({ where: stationId ? { id: stationId } : {}, order: { code: 'ASC' }, skip: offset, take: limit });
  }

  count(em: EntityManager): Promise<number> {
    return this.repo(em).count();
  }
}
