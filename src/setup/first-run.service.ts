import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AuthUser, RequestContext } from '../common/request-context.js';
import { systemContext } from '../common/request-context.js';
import { Role, STATION_ROLES } from '../common/roles.js';
import { LocationKind } from '../locations/location.entity.js';
import { LocationsService } from '../locations/locations.service.js';
import { StationsService } from '../stations/stations.service.js';
import type { UserView } from '../users/users.dto.js';
import { UsersRepository } from '../users/users.repository.js';
import { UsersService } from '../users/users.service.js';

export interface Credential {
  username: string;
  password: string;
  roles: Role[];
  station?: string;
}

const DEMO_PEOPLE: Record<Exclude<Role, Role.ADMIN>, { displayName: string; rank: string; position: string }> = {
  [Role.COMMANDER]: { displayName: 'ประยุทธ์ มั่นคง', rank: 'พ.ต.อ.', position: 'ผู้กำกับการ' },
  [Role.SUPERVISOR]: { displayName: 'วิชัย รักษาการ', rank: 'พ.ต.ท.', position: 'รองผู้กำกับการป้องกันปราบปราม' },
  [Role.CLERK]: { displayName: 'สมศรี ดูแลของ', rank: 'ด.ต.', position: 'เจ้าหน้าที่พัสดุและของกลาง' },
  [Role.INVESTIGATOR]: { displayName: 'สมชาย สืบสวน', rank: 'ร.ต.อ.', position: 'พนักงานสอบสวน (สบ 2)' },
  [Role.OFFICER]: { displayName: 'มานะ ตรวจตรา', rank: 'ส.ต.อ.', position: 'ผู้บังคับหมู่ ป้องกันปราบปราม' },
  [Role.AUDITOR]: { displayName: 'อรุณี ตรวจสอบ', rank: 'ร.ต.ท.', position: 'กรรมการตรวจสอบพัสดุ' },
};

function randomPassword(): string {
  return randomBytes(12).toString('base64url');
}

/** On an empty database: the system administrator, and (unless SEED_DEMO=false) a demo station. */
@Injectable()
export class FirstRunService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(UsersRepository) private readonly usersRepository: UsersRepository,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(StationsService) private readonly stations: StationsService,
    @Inject(LocationsService) private readonly locations: LocationsService,
  ) {}

  /** Returns the credentials it created (to be printed once), or nothing when the database had users. */
  async run(options: { adminUsername: string; adminPassword?: string; seedDemo: boolean }): Promise<Credential[]> {
    // Two servers starting on one empty database: only one seeds.
    return this.dataSource.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock(4242002)');
      if ((await this.usersRepository.countAdmins(em)) > 0) return [];
      const created: Credential[] = [];
      const adminPassword = options.adminPassword ?? randomPassword();
      const boot: RequestContext = systemContext(null, 'first-run');
      const admin = await this.users.create(boot, {
        username: options.adminUsername,
        password: adminPassword,
        displayName: 'ผู้ดูแลระบบ',
        rank: '-',
        roles: [Role.ADMIN],
      });
      created.push({ username: admin.username, password: options.adminPassword ? '(ADMIN_PASSWORD)' : adminPassword, roles: admin.roles });
      if (options.seedDemo) created.push(...(await this.seedDemo(systemContext(asActor(admin), 'seed-demo'))));
      return created;
    });
  }

  async seedDemo(ctx: RequestContext): Promise<Credential[]> {
    const station = await this.stations.create(ctx, { code: 'DEMO', nameTh: 'สถานีตำรวจสาธิตคลัง', nameEn: 'Khlang Demo Police Station' });
    const created: Credential[] = [];
    for (const role of STATION_ROLES as Exclude<Role, Role.ADMIN>[]) {
      const password = randomPassword();
      const user = await this.users.create(ctx, { username: `demo.${role.toLowerCase()}`, password, roles: [role], stationId: station.id, ...DEMO_PEOPLE[role] });
      created.push({ username: user.username, password, roles: user.roles, station: station.code });
    }
    const room = await this.locations.create(ctx, { code: 'R1', name: 'ห้องเก็บของกลาง 1', kind: LocationKind.ROOM, stationId: station.id });
    await this.locations.create(ctx, { code: 'R1-S1', name: 'ชั้นวาง 1 ห้องเก็บของกลาง 1', kind: LocationKind.SHELF, parentId: room.id, stationId: station.id });
    await this.locations.create(ctx, { code: 'R1-SAFE', name: 'ตู้นิรภัยเก็บยาเสพติดและเงินสด', kind: LocationKind.SAFE, parentId: room.id, stationId: station.id });
    await this.locations.create(ctx, { code: 'ARMORY', name: 'คลังอาวุธ', kind: LocationKind.ARMORY, stationId: station.id });
    await this.locations.create(ctx, { code: 'LOT', name: 'ลานจอดรถของกลาง', kind: LocationKind.VEHICLE_LOT, secure: false, stationId: station.id });
    return created;
  }
}

function asActor(user: UserView): AuthUser {
  return { id: user.id, username: user.username, displayName: user.displayName, stationId: user.stationId, roles: user.roles };
}

/** The one time passwords are shown: a plain block on stdout, outside the JSON log lines. */
export function printCredentials(credentials: Credential[]): void {
  if (!credentials.length) return;
  const lines = [
    '',
    '================ Khlang: accounts created on first start (shown once) ================',
    ...credentials.map((c) => `  ${c.username.padEnd(20)} ${c.password.padEnd(20)} ${c.roles.join(',').padEnd(13)} ${c.station ?? 'system'}`),
    '  Keep these passwords now; they are stored only as argon2 hashes.',
    '=======================================================================================',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}
