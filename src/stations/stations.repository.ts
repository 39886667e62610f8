import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Station } from './station.entity.js';
import { settingsOf, type StationSettings } from './station-settings.js';

/** How long a station's settings are reused by the hot paths without reading them again. */
const SETTINGS_TTL_MS = 2_000;

@Injectable()
export class StationsRepository {
  private readonly settingsCache = new Map<string, { at: number; settings: StationSettings }>();

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * A station's settings for a write's rules, without a query on every write: read at most every two
   * seconds, and forgotten here as soon as this server changes them (settingsChanged). Null for an
   * unknown station.
   */
  async settingsFor(stationId: string): Promise<StationSettings | null> {
    const hit = this.settingsCache.get(stationId);
    if (hit && Date.now() - hit.at < SETTINGS_TTL_MS) return hit.settings;
    const station = await this.findById(stationId);
    if (!station) return null;
    const settings = settingsOf(station);
    this.settingsCache.set(stationId, { at: Date.now(), settings });
    return settings;
  }

  /** Called once a settings change has committed. */
  settingsChanged(stationId: string): void {
    this.settingsCache.delete(stationId);
  }

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
