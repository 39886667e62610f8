import { Module } from '@nestjs/common';
import { BarcodeRenderer } from './barcode-renderer.js';
import { LabelSheetRenderer } from './label-sheet.renderer.js';
import { LabelTemplates } from './label-templates.js';

/** Label rendering only: no routes, no database. Whoever prints labels imports this module. */
@Module({
  providers: [BarcodeRenderer, LabelSheetRenderer, LabelTemplates],
  exports: [BarcodeRenderer, LabelSheetRenderer, LabelTemplates],
})
export class LabelsModule {}
