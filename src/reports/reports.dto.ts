import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { PageQueryDto, TextField } from '../common/validation.js';

/** `?period=2568-01`, or `?from=2567-10&to=2568-03` (Buddhist-era months). */
export class O23PeriodQueryDto {
  @ApiPropertyOptional({ example: '2568-01' }) @IsOptional() @IsString()
  period?: string;

  @ApiPropertyOptional({ example: '2567-10' }) @IsOptional() @IsString()
  from?: string;

  @ApiPropertyOptional({ example: '2568-03' }) @IsOptional() @IsString()
  to?: string;
}

/** Section 8: what went wrong in the period and what was done about it (Thai, the clerk's words). */
export class O23NoteDto {
  @TextField({ max: 4000, example: 'ตรวจนับอาวุธประจำวันไม่ครบ 2 วัน เนื่องจากเจ้าหน้าที่ลาป่วย' })
  problems: string;

  @TextField({ max: 4000, example: 'มอบหมายผู้ปฏิบัติหน้าที่แทน และกำหนดให้หัวหน้างานตรวจสอบทุกสัปดาห์' })
  correctiveAction: string;
}

/** The report's file formats (DESIGN §7). */
export const O23_FORMATS = ['pdf', 'xlsx'] as const;

const FormatField = () => applyDecorators(ApiProperty({ enum: O23_FORMATS }), IsIn(O23_FORMATS, { message: `format must be one of ${O23_FORMATS.join(', ')}` }));

export class O23ReportQueryDto extends O23PeriodQueryDto {
  @FormatField()
  format: (typeof O23_FORMATS)[number];
}

/** `?format=pdf|xlsx` for an issued report's stored file. */
export class O23FileQueryDto {
  @FormatField()
  format: (typeof O23_FORMATS)[number];
}

/** The commander issues a period; a period issued before needs the reason it is issued again. */
export class IssueO23Dto extends O23PeriodQueryDto {
  @TextField({ optional: true, max: 1000, description: 'why the period is issued again (only for a reissue)', example: 'แก้ไขจำนวนของกลางที่ส่งศาลตามบันทึกที่ได้รับภายหลัง' })
  reason?: string;
}

/** Issued reports, newest first; `period` or `from`+`to` narrows them to one period. */
export class IssuedO23ListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '2568-01' }) @IsOptional() @IsString()
  period?: string;

  @ApiPropertyOptional({ example: '2567-10' }) @IsOptional() @IsString()
  from?: string;

  @ApiPropertyOptional({ example: '2568-03' }) @IsOptional() @IsString()
  to?: string;
}
