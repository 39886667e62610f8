import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AnyStationRole } from '../common/decorators.js';
import { NotFoundError } from '../common/errors.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { BlankForm } from './forms/blank-forms.js';
import { GuidelinesQueryDto } from './publication.dto.js';
import { type PublishedDocument, PublicationService } from './publication.service.js';
import { sendFile } from './send-file.js';

/**
 * The O23 publication package for the station's own staff: the announcement generated from the
 * settings, the flowcharts, the blank forms, the rules themselves as data, and the whole package as a
 * ZIP. Everyone at the station may read them: spreading the rules is part of O23.
 */
@ApiTags('publication')
@ApiBearerAuth()
@Controller('api/publication')
export class PublicationController {
  constructor(@Inject(PublicationService) private readonly publication: PublicationService) {}

  /** The rules every published document is generated from, as JSON (settings version included). */
  @Get('rules')
  @AnyStationRole()
  rules(@Ctx() ctx: RequestContext) {
    return this.publication.rulesOf(ctx);
  }

  /** ประกาศสถานี… เรื่อง การจัดการทรัพย์สินของราชการ…: `?format=pdf|docx`. */
  @Get('guidelines')
  @AnyStationRole()
  @ApiProduces('application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
  async guidelines(@Ctx() ctx: RequestContext, @Query() query: GuidelinesQueryDto, @Res() res: Response) {
    send(res, await this.publication.document(ctx, `guidelines.${query.format}`));
  }

  @Get('flowchart')
  @AnyStationRole()
  @ApiProduces('application/pdf')
  async flowchart(@Ctx() ctx: RequestContext, @Res() res: Response) {
    send(res, await this.publication.document(ctx, 'flowchart.pdf'));
  }

  /** A blank form: borrow-request, return-receipt, daily-arms-count, audit-count, evidence-intake, donation-receipt. */
  @Get('forms/:form')
  @AnyStationRole()
  @ApiProduces('application/pdf')
  async form(@Ctx() ctx: RequestContext, @Param('form') form: string, @Res() res: Response) {
    if (!(Object.values(BlankForm) as string[]).includes(form)) throw new NotFoundError('Form', 'แบบฟอร์ม');
    send(res, await this.publication.document(ctx, `form-${form}.pdf`));
  }

  /** Everything the public page shows, as one ZIP with index.html and SHA256SUMS, for the station's website. */
  @Get('package')
  @AnyStationRole()
  @ApiProduces('application/zip')
  async package(@Ctx() ctx: RequestContext, @Res() res: Response) {
    const zip = await this.publication.zipOf(ctx);
    sendFile(res, { filename: zip.filename, contentType: 'application/zip', body: zip.body }, { cache: 'no-store' });
  }
}

function send(res: Response, doc: PublishedDocument): void {
  sendFile(res, { filename: doc.name, contentType: doc.contentType, body: doc.body, sha256: doc.sha256 }, { cache: 'no-store' });
}
