import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject, IsOptional, ValidateNested } from 'class-validator';
import { BoolField, BoolQueryField, DateTimeField, EachObject, EnumField, MeasureField, PageQueryDto, TextField, UuidField } from '../common/validation.js';
import { WitnessDto } from '../items/items.dto.js';
import { Transform } from 'class-transformer';
import { LoanListStatus, LoanPurpose, RETURN_CONDITIONS } from './loan.enums.js';

export class LoanItemRequestDto {
  @UuidField()
  itemId: string;

  @MeasureField({ min: 0.001, max: 1e9, description: 'bulk items: how much (rounds, grams); default the whole item' })
  quantity?: number;
}

/** `POST /api/loans` (DESIGN §7). */
export class CreateLoanDto {
  @ApiProperty({ type: [LoanItemRequestDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @EachObject() @ValidateNested({ each: true }) @Type(() => LoanItemRequestDto)
  items: LoanItemRequestDto[];

  @EnumField(LoanPurpose)
  purposeType: LoanPurpose;

  @TextField({ max: 1000, example: 'นำส่งศาลจังหวัดในคดีอาญาที่ 123/2568' })
  purpose: string;

  @BoolField({ description: 'taken off the station premises (needs the commander for HIGH items and property)' })
  offPremises: boolean;

  @DateTimeField()
  dueAt: string;
}

export class DecisionDto {
  @TextField({ max: 1000, optional: true })
  note?: string;
}

/** The blind values of a HIGH item, entered looking at the item. */
export class BlindValuesDto {
  @TextField({ max: 100, optional: true })
  sealNumber?: string;

  @MeasureField({ max: 1e9 })
  weightGrams?: number;

  @MeasureField({ max: 1e12, decimals: 2 })
  amount?: number;
}

export class IssueScanDto extends BlindValuesDto {
  @TextField({ max: 64, example: 'STA-EV69-000001' })
  code: string;
}

/** `POST /api/loans/:id/issue`: every item of the loan scanned at the counter. */
export class IssueLoanDto {
  @ApiProperty({ type: [IssueScanDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @EachObject() @ValidateNested({ each: true }) @Type(() => IssueScanDto)
  items: IssueScanDto[];

  @ApiPropertyOptional({ type: WitnessDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => WitnessDto)
  witness?: WitnessDto;
}

/** One item coming back: how much, in what condition, and for ammunition how many rounds were spent and why. */
export class ReturnScanDto extends BlindValuesDto {
  @TextField({ max: 64 })
  code: string;

  @MeasureField({ max: 1e9, description: 'how much comes back now (default: all that is out, less what was spent)' })
  quantity?: number;

  @MeasureField({ max: 1e9, description: 'ammunition fired (with spentReason)' })
  spentQuantity?: number;

  @TextField({ max: 1000, optional: true, example: 'ฝึกยิงปืนประจำเดือน' })
  spentReason?: string;

  @ApiProperty({ enum: RETURN_CONDITIONS })
  @IsIn(RETURN_CONDITIONS, { message: `condition must be one of ${RETURN_CONDITIONS.join(', ')} (a lost item is not returned: leave it on the loan)` })
  condition: (typeof RETURN_CONDITIONS)[number];

  @TextField({ max: 1000, optional: true })
  note?: string;
}

export class ReturnLoanDto {
  @ApiProperty({ type: [ReturnScanDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @EachObject() @ValidateNested({ each: true }) @Type(() => ReturnScanDto)
  items: ReturnScanDto[];

  @ApiPropertyOptional({ type: WitnessDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => WitnessDto)
  witness?: WitnessDto;
}

/** `GET /api/loans?status&mine&awaitingMe`: status is a comma list and may name OVERDUE. */
export class ListLoansQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: LoanListStatus, isArray: true, description: 'comma-separated, e.g. ISSUED,PARTIALLY_RETURNED' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value))
  @IsArray({ message: 'status must be a comma-separated list' })
  @ArrayMaxSize(8)
  @IsIn(Object.values(LoanListStatus), { each: true, message: `each status must be one of ${Object.values(LoanListStatus).join(', ')}` })
  status?: LoanListStatus[];

  @BoolQueryField({ description: 'loans I asked for' })
  mine?: boolean;

  @BoolQueryField({ description: 'requests I may approve (not my own)' })
  awaitingMe?: boolean;

  @UuidField({ optional: true })
  itemId?: string;
}
