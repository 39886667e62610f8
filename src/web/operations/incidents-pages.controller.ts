import { Body, Controller, Get, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles, WebPages } from '../../common/decorators.js';
import { DomainError } from '../../common/errors.js';
import type { Page } from '../../common/validation.js';
import { DiscrepancyKind, DiscrepancyStatus } from '../../custody/custody.enums.js';
import { ResolveIncidentDto } from '../../incidents/incidents.dto.js';
import type { IncidentView } from '../../incidents/incidents.repository.js';
import { IncidentsService } from '../../incidents/incidents.service.js';
import { domainErrorOnForm, given, validateForm } from '../forms.js';
import { Page as PageParam, type PageContext } from '../page-context.js';
import { seeOther, sendPage } from '../respond.js';
import { type IncidentFilter, incidentListPage, incidentPage } from './incident-views.js';
import { INCIDENT_READERS, INCIDENT_RESOLVERS } from './operations-roles.js';
import { PageIdParam, pageParam } from '../parts.js';

const PAGE_SIZE = 25;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Incidents (DESIGN §2): every reader sees them; only the commander resolves one, with a note. */
@ApiExcludeController()
@WebPages()
@Controller('incidents')
export class IncidentsPagesController {
  constructor(@Inject(IncidentsService) private readonly incidents: IncidentsService) {}

  @Get()
  @Roles(...INCIDENT_READERS)
  async list(@PageParam() page: PageContext, @Query() query: Record<string, unknown>, @Res() res: Response) {
    // Unknown filter values from the address bar are dropped rather than refused: the list is still useful.
    const filter: IncidentFilter = {
      status: Object.values(DiscrepancyStatus).find((s) => s === query.status),
      kind: Object.values(DiscrepancyKind).find((k) => k === query.kind),
      auditId: typeof query.auditId === 'string' && UUID.test(query.auditId) ? query.auditId : undefined,
    };
    const pageNo = pageParam(query.page);
    const list = filter.status ? await this.incidents.list(page.ctx, { ...filter, page: pageNo, pageSize: PAGE_SIZE }) : await this.openFirst(page, filter, pageNo);
    sendPage(res, incidentListPage(page, list, filter));
  }

  @Get(':id')
  @Roles(...INCIDENT_READERS)
  async show(@PageParam() page: PageContext, @PageIdParam() id: string, @Query() query: Record<string, unknown>, @Res() res: Response) {
    const incident = await this.incidents.get(page.ctx, id);
    const flash = query.done === 'resolved' && incident.status === DiscrepancyStatus.RESOLVED ? { kind: 'ok' as const, text: page.m.operations.incident.resolve.done } : null;
    sendPage(res, incidentPage(page, incident, { flash }));
  }

  @Post(':id/resolve')
  @Roles(...INCIDENT_RESOLVERS)
  async resolve(@PageParam() page: PageContext, @PageIdParam() id: string, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const incident = await this.incidents.get(page.ctx, id);
    const checked = await validateForm(ResolveIncidentDto, { note: given(body.note) }, page.m);
    if (checked.errors) return sendPage(res, incidentPage(page, incident, { errors: checked.errors, values: body }), 422);
    try {
      await this.incidents.resolve(page.ctx, id, checked.dto);
      seeOther(res, `/incidents/${id}?done=resolved`);
    } catch (err) {
      const errors = domainErrorOnForm(err);
      sendPage(res, incidentPage(page, await this.incidents.get(page.ctx, id), { errors, values: body }), (err as DomainError).status);
    }
  }

  /**
   * With no status chosen, the open incidents come first and the resolved ones after, as one paged list:
   * the page's rows are cut from the open list, then from the resolved one where the open ones end.
   */
  private async openFirst(page: PageContext, filter: IncidentFilter, pageNo: number): Promise<Page<IncidentView>> {
    const base = { kind: filter.kind, auditId: filter.auditId, pageSize: PAGE_SIZE };
    const open = await this.incidents.list(page.ctx, { ...base, status: DiscrepancyStatus.OPEN, page: pageNo });
    const start = (pageNo - 1) * PAGE_SIZE;
    const need = PAGE_SIZE - open.items.length;
    // Where the resolved rows of this page start, counted from the first resolved incident.
    const from = Math.max(0, start - open.total);
    const first = Math.floor(from / PAGE_SIZE) + 1;
    const resolvedPages = need > 0 ? [first, ...(from % PAGE_SIZE ? [first + 1] : [])] : [1];
    const resolved = await Promise.all(resolvedPages.map((p) => this.incidents.list(page.ctx, { ...base, status: DiscrepancyStatus.RESOLVED, page: p })));
    const rows = resolved.flatMap((r) => r.items).slice(from % PAGE_SIZE, (from % PAGE_SIZE) + Math.max(0, need));
    return { items: [...open.items, ...rows], total: open.total + resolved[0].total, page: pageNo, pageSize: PAGE_SIZE };
  }
}
