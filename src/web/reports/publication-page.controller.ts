import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles, WebPages } from '../../common/decorators.js';
import { PublicationService } from '../../publication/publication.service.js';
import { thaiDate } from '../../reports/thai-dates.js';
import { StationsRepository } from '../../stations/stations.repository.js';
import { html } from '../html.js';
import { layout } from '../layout.js';
import { Page, type PageContext } from '../page-context.js';
import { sendPage } from '../respond.js';
import { hashText, REPORT_READERS, REPORTS_STYLE, reportTabs } from './report-parts.js';

/**
 * What the station publishes for O23, seen from inside: the public page's address to give the assessor,
 * the ZIP for the station's own website, and the current documents with their hashes.
 */
@ApiExcludeController()
@WebPages()
@Controller('reports/publication')
export class PublicationPageController {
  constructor(
    @Inject(PublicationService) private readonly publication: PublicationService,
    @Inject(StationsRepository) private readonly stations: StationsRepository,
  ) {}

  @Get()
  @Roles(...REPORT_READERS)
  async show(@Page() page: PageContext, @Res() res: Response) {
    const station = (await this.stations.findById(page.user!.stationId!))!;
    const pkg = await this.publication.package(station);
    const m = page.m.reports.publication;
    const base = `/public/${station.code}/o23`;
    const body = html`<div class="page-head"><h1>${m.title}</h1></div>
${reportTabs(page, 'publication')}
<section class="card">
  <p>${m.intro}</p>
  <dl class="facts">
    <dt>${m.publicPage}</dt><dd><a href="${base}">${base}</a><div class="hint">${m.publicHint}</div></dd>
    <dt>${m.zip}</dt><dd><a href="${base}.zip">O23-${station.code}-publication.zip</a><div class="hint">${m.zipHint}</div></dd>
  </dl>
  <p>${m.reports(pkg.reports.length)}</p>
</section>
<section class="card">
  <h2>${m.documents}</h2>
  <p class="muted">${m.settings(pkg.settingsVersion, thaiDate(pkg.effectiveAt))}</p>
  <div class="table-wrap"><table class="grid cards-on-phone">
    <thead><tr><th scope="col">${m.document}</th><th scope="col">${m.file}</th><th scope="col">${m.hash}</th></tr></thead>
    <tbody>${pkg.documents.map((d) => html`<tr><td data-label="${m.document}">${d.titleTh}</td><td data-label="${m.file}"><a href="${base}/files/${d.name}">${d.name}</a></td><td data-label="${m.hash}">${hashText(d.sha256)}</td></tr>`)}</tbody>
  </table></div>
</section>`;
    sendPage(res, layout(page, { title: m.title, body, style: REPORTS_STYLE }));
  }
}
