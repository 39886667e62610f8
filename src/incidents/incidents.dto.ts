import { EnumField, PageQueryDto, TextField, UuidField } from '../common/validation.js';
import { DiscrepancyKind, DiscrepancyStatus } from '../custody/custody.enums.js';

export class ListIncidentsQueryDto extends PageQueryDto {
  @EnumField(DiscrepancyStatus, { optional: true })
  status?: DiscrepancyStatus;

  @EnumField(DiscrepancyKind, { optional: true })
  kind?: DiscrepancyKind;

  @UuidField({ optional: true })
  itemId?: string;

  @UuidField({ optional: true, description: 'the count that found it' })
  auditId?: string;
}

export class ResolveIncidentDto {
  @TextField({ max: 2000, example: 'ตรวจสอบแล้ว ซีลเดิมชำรุดระหว่างขนส่ง ได้ปิดผนึกใหม่ตามบันทึกที่ 15/2569' })
  note: string;
}
