import { createHash } from 'node:crypto';
import { Body, Controller, Get, Inject, Param, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/decorators.js';
import type { Station } from '../stations/station.entity.js';
import { SHA256_HEX } from './publication.dto.js';
import { PublicationService } from './publication.service.js';
import { publicIndexHtml, type PublicIndexOptions } from './public-index.js';
import { sendFile } from './send-file.js';

/** The largest file the check accepts: an issued report is a few hundred kilobytes. */
const MAX_CHECKED_FILE = 30 * 1024 * 1024;

const MESSAGES = {
  badHash: 'ค่า SHA-256 ต้องเป็นตัวอักษร 0-9 และ a-f จำนวน 64 ตัว',
  nothingGiven: 'กรุณาเลือกไฟล์ หรือวางค่า SHA-256 ของไฟล์',
};

/**
 * The station's public O23 page, for the NACC assessor and anyone else, without a login
 * (`/public/{stationCode}/o23`): the announcement, flowcharts and forms generated from the station's
 * rules, every report it issued with the files' SHA-256 and chain heads, and a check that tells whether a
 * downloaded file is one of them. Only published things are here: nothing of a suspect, an owner or a
 * case; an unknown station code is a 404.
 */
@ApiExcludeController()
@Public()
@Controller('public/:code')
export class PublicO23Controller {
  constructor(@Inject(PublicationService) private readonly publication: PublicationService) {}

  /** The page; `?sha256=` checks a pasted hash. */
  @Get('o23')
  async page(@Param('code') code: string, @Query() query: Record<string, unknown>, @Res() res: Response) {
    const station = await this.publication.publicStation(code);
    if (query.sha256 === undefined) return this.render(res, station, 200);
    const given = typeof query.sha256 === 'string' ? query.sha256.trim() : '';
    if (!SHA256_HEX.test(given)) return this.render(res, station, 422, { sha256: given, error: given ? MESSAGES.badHash : MESSAGES.nothingGiven });
    await this.answer(res, station, given);
  }

  /** A file uploaded to be checked is hashed here and thrown away; or a hash posted from the form. */
  @Post('o23/check')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_CHECKED_FILE, files: 1, fields: 5 } }))
  async check(@Param('code') code: string, @UploadedFile() file: { buffer: Buffer; size: number } | undefined, @Body() body: Record<string, unknown> | undefined, @Res() res: Response) {
    const station = await this.publication.publicStation(code);
    if (file?.size) return this.answer(res, station, createHash('sha256').update(file.buffer).digest('hex'));
    const given = typeof body?.sha256 === 'string' ? body.sha256.trim() : '';
    if (!SHA256_HEX.test(given)) return this.render(res, station, 422, { sha256: given, error: given ? MESSAGES.badHash : MESSAGES.nothingGiven });
    await this.answer(res, station, given);
  }

  /** An issued report's stored file, or a current document, by the name the page links. */
  @Get('o23/files/:name')
  async file(@Param('code') code: string, @Param('name') name: string, @Res() res: Response) {
    const station = await this.publication.publicStation(code);
    const file = await this.publication.publicFile(station, name);
    // An issued file never changes; a document changes with the settings.
    sendFile(res, file, { cache: file.filename.startsWith('O23-') ? 'public, max-age=86400, immutable' : 'public, max-age=300' });
  }

  @Get('o23.zip')
  async zip(@Param('code') code: string, @Res() res: Response) {
    const zip = await this.publication.zip(await this.publication.publicStation(code));
    sendFile(res, { filename: zip.filename, contentType: 'application/zip', body: zip.body }, { cache: 'public, max-age=300' });
  }

  private async answer(res: Response, station: Station, sha256: string): Promise<void> {
    const result = await this.publication.check(station, sha256);
    await this.render(res, station, 200, { sha256: sha256.toLowerCase(), result });
  }

  private async render(res: Response, station: Station, status: number, check?: PublicIndexOptions['check']): Promise<void> {
    const pkg = await this.publication.package(station);
    res.status(status).type('text/html; charset=utf-8').setHeader('Cache-Control', check ? 'no-store' : 'public, max-age=60').send(publicIndexHtml(pkg, { mode: 'live', check }));
  }
}
