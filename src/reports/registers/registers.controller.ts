import { Controller, Get, Inject, Param, ParseEnumPipe, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../common/decorators.js';
import { BadRequestError } from '../../common/errors.js';
import { Ctx, type RequestContext } from '../../common/request-context.js';
import { Role } from '../../common/roles.js';
import { IdParam } from '../../common/validation.js';
import { CustodySheetQueryDto, RegisterKind, RegisterQueryDto } from './registers.dto.js';
import { type RegisterFile, RegistersService } from './registers.service.js';

/** Who keeps, checks, commands and inspects the registers (as the O23 report). */
const REGISTER_READERS = [Role.CLERK, Role.SUPERVISOR, Role.COMMANDER, Role.AUDITOR];
/** The custody sheet goes to court with the case: the investigator needs it too. */
const CUSTODY_SHEET_READERS = [Role.CLERK, Role.INVESTIGATOR, Role.SUPERVISOR, Role.COMMANDER, Role.AUDITOR];
const KINDS = Object.values(RegisterKind).join(', ');

const registerKind = new ParseEnumPipe(RegisterKind, {
  exceptionFactory: () => new BadRequestError('REGISTER_KIND_UNKNOWN', `No such register: kind must be one of ${KINDS}`, `ไม่มีทะเบียนชนิดนี้ เลือกได้: ${KINDS}`),
});

function send(res: Response, file: RegisterFile): void {
  res.type(file.contentType).setHeader('Content-Disposition', `attachment; filename="${file.filename}"`).setHeader('Cache-Control', 'no-store').send(file.body);
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/reports')
export class RegistersController {
  constructor(@Inject(RegistersService) private readonly registers: RegistersService) {}

  /** A register as a file: `/api/reports/registers/property?format=xlsx&asOf=2026-09-30`. */
  @Get('registers/:kind')
  @Roles(...REGISTER_READERS)
  @ApiProduces('application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async register(@Ctx() ctx: RequestContext, @Param('kind', registerKind) kind: RegisterKind, @Query() query: RegisterQueryDto, @Res() res: Response) {
    send(res, await this.registers.register(ctx, kind, query));
  }

  /** One item's chain of custody with its audit-log verification, for court. */
  @Get('custody-sheet/:itemId')
  @Roles(...CUSTODY_SHEET_READERS)
  @ApiProduces('application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async custodySheet(@Ctx() ctx: RequestContext, @IdParam('itemId') itemId: string, @Query() query: CustodySheetQueryDto, @Res() res: Response) {
    send(res, await this.registers.custodySheet(ctx, itemId, query));
  }
}
