import { Module } from '@nestjs/common';
import { DonationsModule } from '../../donations/donations.module.js';
import { ItemsModule } from '../../items/items.module.js';
import { LabelsModule } from '../../labels/labels.module.js';
import { LocationsModule } from '../../locations/locations.module.js';
import { LoansModule } from '../../loans/loans.module.js';
import { StationsModule } from '../../stations/stations.module.js';
import { CounterController } from './counter.controller.js';
import { IntakeController } from './intake.controller.js';
import { ItemHolds } from './item-card.js';
import { ItemPageController } from './item-page.controller.js';
import { ItemSearchController } from './item-search.controller.js';

/**
 * The counter, intake forms, the item page with its custody timeline, search, label printing. The order
 * of the controllers is the order of their routes: /items/new before /items/:id.
 */
@Module({
  imports: [DonationsModule, ItemsModule, LabelsModule, LocationsModule, LoansModule, StationsModule],
  controllers: [CounterController, ItemSearchController, IntakeController, ItemPageController],
  providers: [ItemHolds],
})
export class ItemsPagesModule {}
