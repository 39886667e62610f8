import { Module } from '@nestjs/common';
import { ItemsModule } from '../../items/items.module.js';
import { LabelsModule } from '../../labels/labels.module.js';
import { LocationsModule } from '../../locations/locations.module.js';
import { LoansModule } from '../../loans/loans.module.js';
import { CounterController } from './counter.controller.js';
import { ItemHolds } from './item-card.js';

/** The counter, intake forms, the item page with its custody timeline, search, label printing. */
@Module({
  imports: [ItemsModule, LabelsModule, LocationsModule, LoansModule],
  controllers: [CounterController],
  providers: [ItemHolds],
})
export class ItemsPagesModule {}
