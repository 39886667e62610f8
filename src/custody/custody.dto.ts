import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, ValidateNested } from 'class-validator';
import { EnumField, MeasureField, TextField, UuidField } from '../common/validation.js';
import { ItemCondition, ItemKind } from '../items/item.enums.js';
import { DonationDetailsDto, EvidenceDetailsDto, SerialField, PropertyDetailsDto, WeaponDetailsDto, WitnessDto } from '../items/items.dto.js';
import { CustodyEventType, SendOutDestination } from './custody.enums.js';
import { RECORDABLE_EVENTS } from './custody-rules.js';

class EvidenceChangesDto extends PartialType(EvidenceDetailsDto) {}
class PropertyChangesDto extends PartialType(PropertyDetailsDto) {}
class WeaponChangesDto extends PartialType(WeaponDetailsDto) {}
class DonationChangesDto extends PartialType(DonationDetailsDto) {}

/** AMEND: the corrected values; every field named here is recorded before and after. */
export class AmendChangesDto {
  @TextField({ max: 1000, optional: true })
  description?: string;

  @EnumField(ItemKind, { optional: true })
  kind?: ItemKind;

  @MeasureField({ max: 1e9 })
  quantity?: number;

  @TextField({ max: 40, optional: true })
  unit?: string;

  @SerialField()
  serialNumber?: string;

  @MeasureField({ max: 1e9 })
  weightGrams?: number;

  @MeasureField({ max: 1e9 })
  netWeightGrams?: number;

  @MeasureField({ max: 1e12, decimals: 2 }) // baht to the satang, as stored
  amount?: number;

  @ApiPropertyOptional() @IsOptional() @IsObject()
  denominations?: Record<string, number>;

  @ApiPropertyOptional({ type: EvidenceChangesDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => EvidenceChangesDto)
  evidence?: EvidenceChangesDto;

  @ApiPropertyOptional({ type: PropertyChangesDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => PropertyChangesDto)
  property?: PropertyChangesDto;

  @ApiPropertyOptional({ type: WeaponChangesDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => WeaponChangesDto)
  weapon?: WeaponChangesDto;

  @ApiPropertyOptional({ type: DonationChangesDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => DonationChangesDto)
  donation?: DonationChangesDto;
}

/** `POST /api/items/:id/events` (DESIGN §7); seal, weight and amount are what the clerk sees now. */
export class CreateCustodyEventDto {
  @ApiPropertyOptional({ enum: RECORDABLE_EVENTS })
  @IsIn(RECORDABLE_EVENTS, { message: `type must be one of ${RECORDABLE_EVENTS.join(', ')} (loans, returns and disposals have their own routes)` })
  type: CustodyEventType;

  @UuidField({ optional: true })
  toLocationId?: string;

  @TextField({ max: 300, optional: true, example: 'กองพิสูจน์หลักฐานกลาง' })
  recipient?: string;

  @EnumField(SendOutDestination, { optional: true })
  destination?: SendOutDestination;

  @TextField({ max: 200, optional: true, example: 'ตช 0026.1/1234' })
  documentRef?: string;

  @TextField({ max: 100, optional: true })
  sealNumber?: string;

  @MeasureField({ max: 1e9 })
  weightGrams?: number;

  @MeasureField({ max: 1e12, decimals: 2 }) // baht to the satang, as stored
  amount?: number;

  @EnumField(ItemCondition, { optional: true })
  condition?: ItemCondition;

  @TextField({ max: 1000, optional: true })
  reason?: string;

  @TextField({ max: 1000, optional: true })
  note?: string;

  @ApiPropertyOptional({ type: AmendChangesDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => AmendChangesDto)
  changes?: AmendChangesDto;

  @ApiPropertyOptional({ type: WitnessDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => WitnessDto)
  witness?: WitnessDto;
}
