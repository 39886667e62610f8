import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';

/** The registers of DESIGN §6, by their name in the path. */
export enum RegisterKind {
  EVIDENCE = 'evidence',
  PROPERTY = 'property',
  ARMS = 'arms',
  DONATIONS = 'donations',
}

const REGISTER_FORMATS = ['pdf', 'xlsx'] as const;
export type RegisterFormat = (typeof REGISTER_FORMATS)[number];

export class CustodySheetQueryDto {
  @ApiPropertyOptional({ enum: REGISTER_FORMATS })
  @IsIn(REGISTER_FORMATS, { message: `format must be one of ${REGISTER_FORMATS.join(', ')}` })
  format: RegisterFormat;
}

export class RegisterQueryDto extends CustodySheetQueryDto {
  /** A day in the Christian era: a Buddhist-era year typed by habit (2569-09-30) is refused, not read as the 26th century. */
  @ApiPropertyOptional({ example: '2026-09-30', description: 'property register only: depreciation as at this day (Christian era); default today in Thailand' })
  @IsOptional()
  @Matches(/^(19|20|21)\d{2}-\d{2}-\d{2}$/, { message: 'asOf must be a day in the Christian era (ค.ศ.), e.g. 2026-09-30' })
  @IsISO8601({ strict: true }, { message: 'asOf is not a real day' })
  asOf?: string;
}
