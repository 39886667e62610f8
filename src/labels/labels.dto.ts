import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { EnumField, TextField } from '../common/validation.js';

export enum LabelSymbology {
  code128 = 'code128',
  qrcode = 'qrcode',
  datamatrix = 'datamatrix',
}

export class LabelPngQueryDto {
  @EnumField(LabelSymbology, { optional: true, description: 'default code128 (what counter scanners read)' })
  symbology?: LabelSymbology;
}

export const MAX_SHEET_LABELS = 2000;

export class LabelSheetDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_SHEET_LABELS) @ArrayUnique() @IsUUID('all', { each: true })
  itemIds?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_SHEET_LABELS) @ArrayUnique() @IsUUID('all', { each: true })
  locationIds?: string[];

  @TextField({ max: 40, example: 'a4-3x8', description: 'a template in labels/: a4-3x8 or thermal-50x30' })
  template: string;

  @ApiPropertyOptional({ description: 'label positions to leave empty on the first page (a part-used sheet)' })
  @IsOptional() @IsInt() @Min(0) @Max(200)
  skip?: number;
}
