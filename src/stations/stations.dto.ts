import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsBoolean, IsInt, IsNumber, IsObject, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { CodeField, PageQueryDto, TextField } from '../common/validation.js';
import { ItemKind } from '../items/item.enums.js';
import type { Station } from './station.entity.js';
import { COMMANDER_ONLY_SCOPES } from '../loans/approval-matrix.js';
import type { StationSettings } from './station-settings.js';

export const STATION_CODE = /^[A-Z][A-Z0-9]{1,9}$/;

export class CreateStationDto {
  @CodeField({ max: 10, pattern: STATION_CODE, patternHint: '2-10 capital letters or digits, starting with a letter', example: 'BKM' })
  code: string;

  @TextField({ max: 200, example: 'สถานีตำรวจนครบาลบึงกุ่ม' })
  nameTh: string;

  @TextField({ max: 200, example: 'Bueng Kum Metropolitan Police Station' })
  nameEn: string;
}

export class StationSettingsDto implements Partial<StationSettings> {
  @ApiPropertyOptional() @IsOptional() @IsBoolean()
  thaiNumerals?: boolean;

  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(/^O\d{1,3}$/, { message: 'itaItemNumber must look like O23' })
  itaItemNumber?: string;

  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) @Max(10_000_000)
  materialsThresholdBaht?: number;

  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(90)
  overdueEscalationDays?: number;

  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) @Max(100)
  samplingPercent?: number;

  @ApiPropertyOptional({ type: [String], enum: Object.values(ItemKind) }) @IsOptional() @IsArray() @ArrayMaxSize(50) @ArrayUnique() @IsIn(Object.values(ItemKind), { each: true, message: `each value in extraHighRiskKinds must be one of ${Object.values(ItemKind).join(', ')}` })
  extraHighRiskKinds?: string[];

  @ApiPropertyOptional({ description: 'grams a blind weight check may differ from the record' }) @IsOptional() @IsNumber() @Min(0) @Max(1000)
  weightToleranceGrams?: number;

  @ApiPropertyOptional({ type: [String], enum: COMMANDER_ONLY_SCOPES, description: 'loans of these categories (or of any HIGH item) need the commander' }) @IsOptional() @IsArray() @ArrayMaxSize(5) @ArrayUnique() @IsIn(COMMANDER_ONLY_SCOPES, { each: true, message: `each value in commanderOnlyLoans must be one of ${COMMANDER_ONLY_SCOPES.join(', ')}` })
  commanderOnlyLoans?: string[];

  @ApiPropertyOptional({ description: 'months after registration an evidence item without its own review date is reviewed' }) @IsOptional() @IsInt() @Min(1) @Max(120)
  evidenceReviewMonths?: number;
}

export class UpdateStationSettingsDto {
  @ApiPropertyOptional({ type: StationSettingsDto })
  // Without it a missing settings, or an array of them, passes ValidateNested.
  @IsObject({ message: 'settings must be an object' })
  @ValidateNested()
  @Type(() => StationSettingsDto)
  settings: StationSettingsDto;
}

export class ListStationsQueryDto extends PageQueryDto {}

export interface StationView {
  id: string;
  code: string;
  nameTh: string;
  nameEn: string;
  settings: StationSettings;
  settingsVersion: number;
  createdAt: string;
}

export function toStationView(station: Station): StationView {
  return {
    id: station.id,
    code: station.code,
    nameTh: station.nameTh,
    nameEn: station.nameEn,
    settings: station.settings,
    settingsVersion: station.settingsVersion,
    createdAt: station.createdAt.toISOString(),
  };
}
