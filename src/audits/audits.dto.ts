import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsObject, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { BoolField, EnumField, MeasureField, PageQueryDto, TextField, UuidField } from '../common/validation.js';
import { ItemCategory, ItemCondition } from '../items/item.enums.js';
import { WitnessDto } from '../items/items.dto.js';
import { AuditKind, AuditStatus } from './audit.enums.js';

export class AuditScopeDto {
  @EnumField(ItemCategory, { optional: true })
  category?: ItemCategory;

  @UuidField({ optional: true, description: 'a location and everything under it' })
  locationId?: string;
}

/** `POST /api/audits`. */
export class CreateAuditDto {
  @EnumField(AuditKind)
  kind: AuditKind;

  @ApiPropertyOptional({ type: AuditScopeDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => AuditScopeDto)
  scope?: AuditScopeDto;

  @ApiPropertyOptional({ type: [String], description: 'user ids of the committee; only they count' })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsUUID('all', { each: true, message: 'each committee member must be a user id (UUID)' })
  committee?: string[];

  @BoolField({ optional: true, description: 'counters do not see the expected list until the count is closed' })
  blind?: boolean;

  @MeasureField({ max: 100, decimals: 2, description: 'share of NORMAL items drawn (HIGH items always); default: the station setting for monthly evidence counts' })
  samplePercent?: number;
}

/** What a counter can see of an item in hand: LOST is what an unscanned item becomes. */
const SEEN_CONDITIONS = [ItemCondition.GOOD, ItemCondition.DAMAGED, ItemCondition.DETERIORATED, ItemCondition.NOT_NEEDED];

/** `POST /api/audits/:id/scans`: the location label scanned before, then the item. */
export class AuditScanDto {
  @TextField({ max: 64, example: 'STA-WP69-000001' })
  code: string;

  @TextField({ max: 80, optional: true, description: "the location's label (STA-LOC-ARMORY) or its code" })
  locationCode?: string;

  @ApiPropertyOptional({ enum: SEEN_CONDITIONS, description: 'as seen (the annual inspection: usable, damaged, deteriorated, no longer needed)' })
  @IsOptional()
  @IsIn(SEEN_CONDITIONS, { message: `condition must be one of ${SEEN_CONDITIONS.join(', ')} (a lost item is not scanned)` })
  condition?: ItemCondition;

  @TextField({ max: 100, optional: true })
  sealNumber?: string;
}

/** Closing: the countersigner re-authenticates here; they did not count. */
export class CloseAuditDto {
  @ApiPropertyOptional({ type: WitnessDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => WitnessDto)
  witness?: WitnessDto;

  @TextField({ max: 1000, optional: true })
  note?: string;
}

export class ListAuditsQueryDto extends PageQueryDto {
  @EnumField(AuditKind, { optional: true })
  kind?: AuditKind;

  @EnumField(AuditStatus, { optional: true })
  status?: AuditStatus;
}
