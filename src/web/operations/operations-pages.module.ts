import { Module } from '@nestjs/common';
import { AuditsModule } from '../../audits/audits.module.js';
import { IncidentsModule } from '../../incidents/incidents.module.js';
import { ItemsModule } from '../../items/items.module.js';
import { LocationsModule } from '../../locations/locations.module.js';
import { ShiftsModule } from '../../shifts/shifts.module.js';
import { UsersModule } from '../../users/users.module.js';
import { AuditsPagesController } from './audits-pages.controller.js';
import { CountChoices } from './count-choices.js';
import { IncidentsPagesController } from './incidents-pages.controller.js';
import { RecentScansRepository } from './recent-scans.repository.js';
import { ShiftsPagesController } from './shifts-pages.controller.js';

/** The shift arms book, the daily arms count and other audit counts, incidents. */
@Module({
  imports: [AuditsModule, IncidentsModule, ItemsModule, LocationsModule, ShiftsModule, UsersModule],
  controllers: [ShiftsPagesController, AuditsPagesController, IncidentsPagesController],
  providers: [CountChoices, RecentScansRepository],
})
export class OperationsPagesModule {}
