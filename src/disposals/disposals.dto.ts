import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, IsOptional, ValidateNested } from 'class-validator';
import { EachObject, EnumField, MeasureField, PageQueryDto, TextField, UuidField } from '../common/validation.js';
import { WitnessDto } from '../items/items.dto.js';
import { BlindValuesDto } from '../loans/loans.dto.js';
import { DisposalMethod, DisposalStatus, LegalBasis } from './disposal.enums.js';

export class DisposalItemDto {
  @UuidField()
  itemId: string;
}

/** `POST /api/disposals` (DESIGN §7). */
export class CreateDisposalDto {
  @EnumField(DisposalMethod)
  method: DisposalMethod;

  @ApiProperty({ type: [DisposalItemDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @EachObject() @ValidateNested({ each: true }) @Type(() => DisposalItemDto)
  items: DisposalItemDto[];

  @EnumField(LegalBasis)
  legalBasis: LegalBasis;

  @TextField({ max: 200, example: 'คำพิพากษาศาลจังหวัด คดีหมายเลขแดงที่ 456/2568' })
  documentRef: string;

  @TextField({ max: 300, optional: true, description: 'the owner, buyer or receiving agency (required when it goes to someone)' })
  recipient?: string;

  @TextField({ max: 1000, optional: true })
  note?: string;
}

export class DisposalDecisionDto {
  @TextField({ max: 1000, optional: true })
  note?: string;
}

/** One item at execution: its blind values (drugs: the weight found now). */
export class ExecuteItemDto extends BlindValuesDto {
  @UuidField()
  itemId: string;
}

/** `POST /api/disposals/:id/execute {witness, weightGrams?}`; several items name their values in `items`. */
export class ExecuteDisposalDto {
  @ApiPropertyOptional({ type: WitnessDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => WitnessDto)
  witness?: WitnessDto;

  @MeasureField({ max: 1e9, description: 'a one-item disposal: the weight found now (drugs are re-weighed)' })
  weightGrams?: number;

  @ApiPropertyOptional({ type: [ExecuteItemDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(500) @EachObject() @ValidateNested({ each: true }) @Type(() => ExecuteItemDto)
  items?: ExecuteItemDto[];
}

export class ListDisposalsQueryDto extends PageQueryDto {
  @EnumField(DisposalStatus, { optional: true })
  status?: DisposalStatus;
}
