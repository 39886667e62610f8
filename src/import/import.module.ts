import { Module } from '@nestjs/common';
import { StationsModule } from '../stations/stations.module.js';
import { ImportReportWriter } from './import-report.js';
import { ImportRepository } from './import.repository.js';
import { ImportService } from './import.service.js';
import { RegisterTemplateWriter } from './register-template.writer.js';
import { RegisterWorkbookReader } from './register-workbook.reader.js';

/** Importing a station's old registers from Excel (the command line's `import` and `import-template`). */
@Module({
  imports: [StationsModule],
  providers: [ImportService, ImportRepository, RegisterWorkbookReader, RegisterTemplateWriter, ImportReportWriter],
  exports: [ImportService, ImportReportWriter],
})
export class ImportModule {}
