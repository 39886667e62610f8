import { Body, Controller, Get, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../common/decorators.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { Role } from '../common/roles.js';
import { IdParam } from '../common/validation.js';
import { LabelPngQueryDto, LabelSheetDto, LabelSymbology } from './labels.dto.js';
import { LabelsService } from './labels.service.js';

const PRINTERS = [Role.CLERK, Role.SUPERVISOR, Role.INVESTIGATOR];

@ApiTags('labels')
@ApiBearerAuth()
@Controller('api')
export class LabelsController {
  constructor(@Inject(LabelsService) private readonly labels: LabelsService) {}

  @Get('items/:id/label.png')
  @Roles(...PRINTERS)
  @ApiProduces('image/png')
  async itemPng(@Ctx() ctx: RequestContext, @IdParam() id: string, @Query() query: LabelPngQueryDto, @Res() res: Response) {
    const png = await this.labels.itemPng(ctx, id, query.symbology ?? LabelSymbology.code128);
    res.type('image/png').setHeader('Cache-Control', 'no-store').send(png);
  }

  @Post('labels/sheet')
  @HttpCode(200)
  @Roles(...PRINTERS)
  @ApiProduces('application/pdf')
  async sheet(@Ctx() ctx: RequestContext, @Body() dto: LabelSheetDto, @Res() res: Response) {
    const pdf = await this.labels.sheet(ctx, dto);
    res.type('application/pdf').setHeader('Content-Disposition', 'inline; filename="labels.pdf"').send(pdf);
  }
}
