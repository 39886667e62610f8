import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsObject, IsOptional, ValidateNested } from 'class-validator';
import { EachObject, EnumField, MeasureField, PageQueryDto, TextField, UuidField } from '../common/validation.js';
import { WitnessDto } from '../items/items.dto.js';
import { RETURN_CONDITIONS } from '../loans/loan.enums.js';
import { BlindValuesDto } from '../loans/loans.dto.js';
import { ShiftStatus } from './shift.entity.js';

export class CreateShiftDto {
  @TextField({ max: 200, example: 'ผลัด 08.00–16.00 น. วันที่ 25 พ.ย. 2569' })
  name: string;
}

class WitnessedBlindValuesDto extends BlindValuesDto {
  @ApiPropertyOptional({ type: WitnessDto, description: 'HIGH items: a co-signer; the receiving officer may sign' })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => WitnessDto)
  witness?: WitnessDto;
}

/** `POST /api/shifts/:id/issue`: the officer (chosen, or their badge scanned) and the weapon scanned. */
export class ShiftIssueDto extends WitnessedBlindValuesDto {
  @UuidField({ optional: true })
  officerId?: string;

  @TextField({ max: 64, optional: true, description: "the officer's badge code (their username)" })
  officerCode?: string;

  @TextField({ max: 64, example: 'STA-WP69-000001' })
  code: string;

  @MeasureField({ min: 0.001, max: 1e9, description: 'ammunition: how many rounds (default the whole lot)' })
  quantity?: number;
}

export class ShiftReturnDto extends WitnessedBlindValuesDto {
  @TextField({ max: 64 })
  code: string;

  @MeasureField({ max: 1e9 })
  quantity?: number;

  @MeasureField({ max: 1e9 })
  spentQuantity?: number;

  @TextField({ max: 1000, optional: true })
  spentReason?: string;

  @ApiPropertyOptional({ enum: RETURN_CONDITIONS, default: 'GOOD' })
  @IsOptional()
  @IsIn(RETURN_CONDITIONS, { message: `condition must be one of ${RETURN_CONDITIONS.join(', ')}` })
  condition?: (typeof RETURN_CONDITIONS)[number];

  @TextField({ max: 1000, optional: true })
  note?: string;
}

export class UnreturnedReasonDto {
  @TextField({ max: 64 })
  code: string;

  @TextField({ max: 1000, example: 'ส่งซ่อมระหว่างเวร ตามบันทึกที่ 12/2569' })
  reason: string;
}

/** Closing a shift: every item still out needs a recorded reason. */
export class CloseShiftDto {
  @ApiPropertyOptional({ type: [UnreturnedReasonDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(500) @EachObject() @ValidateNested({ each: true }) @Type(() => UnreturnedReasonDto)
  unreturned?: UnreturnedReasonDto[];
}

export class ListShiftsQueryDto extends PageQueryDto {
  @EnumField(ShiftStatus, { optional: true })
  status?: ShiftStatus;
}
