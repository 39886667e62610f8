import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

export const GUIDELINES_FORMATS = ['pdf', 'docx'] as const;

export class GuidelinesQueryDto {
  @ApiProperty({ enum: GUIDELINES_FORMATS })
  @IsIn(GUIDELINES_FORMATS, { message: `format must be one of ${GUIDELINES_FORMATS.join(', ')}` })
  format: (typeof GUIDELINES_FORMATS)[number];
}

/** A SHA-256 as people paste it: 64 hex digits, any case, spaces around allowed. */
export const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
