import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

/** `?period=2568-01`, or `?from=2567-10&to=2568-03` (Buddhist-era months). */
export class O23PeriodQueryDto {
  @ApiPropertyOptional({ example: '2568-01' }) @IsOptional() @IsString()
  period?: string;

  @ApiPropertyOptional({ example: '2567-10' }) @IsOptional() @IsString()
  from?: string;

  @ApiPropertyOptional({ example: '2568-03' }) @IsOptional() @IsString()
  to?: string;
}
