import { Inject, Injectable } from '@nestjs/common';
import type { Role } from '../../common/roles.js';
import { normaliseCode } from '../../loans/loans.service.js';
import { LocationsService } from '../../locations/locations.service.js';
import { UsersService } from '../../users/users.service.js';
import type { PageContext } from '../page-context.js';
import type { Member, Place } from './audit-views.js';
import { personName } from '../parts.js';
import { COUNTERS } from './operations-roles.js';

/** The services' largest page. */
const PAGE = 200;

/** What the count forms choose from: the station's locations and the users who may sit on a committee. */
@Injectable()
export class CountChoices {
  constructor(
    @Inject(LocationsService) private readonly locations: LocationsService,
    @Inject(UsersService) private readonly users: UsersService,
  ) {}

  /** The station's locations (the administrator has none of their own to choose from). */
  async places(page: PageContext): Promise<Place[]> {
    if (!page.user?.stationId) return [];
    const found = await this.locations.list(page.ctx, { pageSize: PAGE });
    return found.items.map((l) => ({ id: l.id, code: l.code, name: l.name }));
  }

  /** Active users of the station who hold a counting role, by name. */
  async members(page: PageContext): Promise<Member[]> {
    const found = await this.users.list(page.ctx, { active: true, pageSize: PAGE });
    return found.items
      .map((u) => ({ id: u.id, label: personName(u), roles: u.roles.filter((r) => COUNTERS.includes(r)) as Role[] }))
      .filter((u) => u.roles.length)
      .sort((a, b) => a.label.localeCompare(b.label, 'th'));
  }

  /** A location of the station by its code or its label ("STA-LOC-R1"), read page by page. */
  async byCode(page: PageContext, scanned: string): Promise<Place | null> {
    const text = normaliseCode(scanned);
    const code = text.replace(/^[A-Z0-9]+-LOC-/, '');
    for (let n = 1; ; n++) {
      const found = await this.locations.list(page.ctx, { page: n, pageSize: PAGE });
      const hit = found.items.find((l) => l.code === code || l.code === text);
      if (hit) return { id: hit.id, code: hit.code, name: hit.name };
      if (n * PAGE >= found.total) return null;
    }
  }
}
