import { Body, Controller, Get, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditStatus, FindingType } from '../../audits/audit.enums.js';
import { AuditScanDto, CloseAuditDto, CreateAuditDto } from '../../audits/audits.dto.js';
import type { AuditView } from '../../audits/audits.repository.js';
import { AuditsService, ScanOutcome } from '../../audits/audits.service.js';
import { AnyRole, Roles, WebPages } from '../../common/decorators.js';
import { DomainError } from '../../common/errors.js';
import { credentialsOf, domainErrorOnForm, type FieldErrors, FORM_ERROR, given, validateForm } from '../forms.js';
import { Page, type PageContext } from '../page-context.js';
import { seeOther, sendPage } from '../respond.js';
import { auditListPage, type StartFormState } from './audit-views.js';
import { CountChoices } from './count-choices.js';
import { CLOSE_FIELDS, closeErrorField, scanErrorField, START_FIELDS, startErrorField, startFromForm } from './count-forms.js';
import { type CountState, countPage } from './count-views.js';
import { COUNTERS } from './operations-roles.js';
import { renameErrors } from './operations-ui.js';
import { RecentScansRepository } from './recent-scans.repository.js';
import { PageIdParam, pageParam } from '../parts.js';

/** A location label scanned into the item box ("STA-LOC-R1"): item codes never hold "-LOC-". */
const LOCATION_LABEL = /^[A-Z0-9]+-LOC-[A-Z0-9]/;
const RECENT_SCANS = 10;

/** Counts (DESIGN §2 Audit session, §8 audit count screen): the same service as /api/audits. */
@ApiExcludeController()
@WebPages()
@Controller('audits')
export class AuditsPagesController {
  constructor(
    @Inject(AuditsService) private readonly audits: AuditsService,
    @Inject(RecentScansRepository) private readonly scans: RecentScansRepository,
    @Inject(CountChoices) private readonly choices: CountChoices,
  ) {}

  @Get()
  @AnyRole()
  async list(@Page() page: PageContext, @Query() query: Record<string, unknown>, @Res() res: Response) {
    sendPage(res, await this.listPage(page, pageParam(query.page)));
  }

  @Post()
  @Roles(...COUNTERS)
  async start(@Page() page: PageContext, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const checked = await validateForm(CreateAuditDto, startFromForm(body), page.m);
    let errors: FieldErrors | null = checked.errors ? renameErrors(checked.errors, START_FIELDS) : null;
    let status = 422;
    if (checked.dto) {
      try {
        const audit = await this.audits.start(page.ctx, checked.dto);
        return seeOther(res, `/audits/${audit.id}`);
      } catch (err) {
        errors = domainErrorOnForm(err, startErrorField);
        status = (err as DomainError).status;
      }
    }
    sendPage(res, await this.listPage(page, 1, { errors, values: body }), status);
  }

  @Get(':id')
  @AnyRole()
  async show(@Page() page: PageContext, @PageIdParam() id: string, @Query() query: Record<string, unknown>, @Res() res: Response) {
    const audit = await this.audits.get(page.ctx, id);
    const state: CountState = { location: given(query.loc) };
    if (audit.status === AuditStatus.OPEN) {
      state.last = await this.lastScan(audit, query);
      if (!state.last && typeof query.loc === 'string' && query.set === '1') state.flash = { kind: 'ok', text: page.m.operations.count.locationSet(query.loc) };
    } else {
      const type = Object.values(FindingType).find((t) => t === query.type);
      state.findingsType = type ?? null;
      state.findingsPage = pageParam(query.page);
      if (query.done === 'closed') state.flash = { kind: 'ok', text: page.m.operations.count.close.done };
    }
    sendPage(res, await this.screen(page, audit, state));
  }

  /** One scan; the outcome is shown on the screen it redirects to, where the scan box waits again. */
  @Post(':id/scans')
  @Roles(...COUNTERS)
  async scan(@Page() page: PageContext, @PageIdParam() id: string, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const audit = await this.audits.get(page.ctx, id);
    let code = given(body.code);
    let location = given(body.locationCode);
    if (code && LOCATION_LABEL.test(code.toUpperCase())) [location, code] = [code, undefined];
    if (!code && location) return this.setLocation(page, res, audit, location, body);

    const checked = await validateForm(AuditScanDto, { code, locationCode: location, condition: given(body.condition) }, page.m);
    if (checked.errors) return sendPage(res, await this.screen(page, audit, { errors: checked.errors, values: body, location }), 422);
    try {
      const result = await this.audits.scan(page.ctx, id, checked.dto);
      const loc = location ? `&loc=${encodeURIComponent(location)}` : '';
      seeOther(res, `/audits/${id}?scan=${result.scanId}&outcome=${result.outcome}${loc}`);
    } catch (err) {
      // What the scanner read and why it was refused go where the outcome of a scan shows; the box is empty again.
      const { code: refused, [FORM_ERROR]: whole, ...fields } = domainErrorOnForm(err, scanErrorField);
      const scanError = refused ? page.m.operations.count.unknownCode(refused, checked.dto.code) : whole;
      sendPage(res, await this.screen(page, audit, { scanError, errors: fields, values: body, location }), (err as DomainError).status);
    }
  }

  @Post(':id/close')
  @Roles(...COUNTERS)
  async close(@Page() page: PageContext, @PageIdParam() id: string, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const audit = await this.audits.get(page.ctx, id);
    const signer = credentialsOf(body, 'signer');
    // Every count is countersigned (the service asks it of all kinds): said here in the words of this form.
    if (!signer) return sendPage(res, await this.screen(page, audit, { closeErrors: { signerUsername: page.m.operations.count.close.signerRequired }, closeValues: body }), 422);
    const checked = await validateForm(CloseAuditDto, { witness: signer, note: given(body.note) }, page.m);
    if (checked.errors) return sendPage(res, await this.screen(page, audit, { closeErrors: renameErrors(checked.errors, CLOSE_FIELDS), closeValues: body }), 422);
    try {
      await this.audits.close(page.ctx, id, checked.dto);
      seeOther(res, `/audits/${id}?done=closed`);
    } catch (err) {
      const closeErrors = domainErrorOnForm(err, closeErrorField);
      sendPage(res, await this.screen(page, audit, { closeErrors, closeValues: body }), (err as DomainError).status);
    }
  }

  private async listPage(page: PageContext, pageNo: number, state: StartFormState = {}): Promise<string> {
    const [open, recent, places, members] = await Promise.all([
      this.audits.list(page.ctx, { status: AuditStatus.OPEN, pageSize: 50 }),
      this.audits.list(page.ctx, { page: pageNo, pageSize: 20 }),
      this.choices.places(page),
      page.can(...COUNTERS) ? this.choices.members(page) : Promise.resolve([]),
    ]);
    return auditListPage(page, open.items, recent, places, members, state);
  }

  private async screen(page: PageContext, audit: AuditView, state: CountState): Promise<string> {
    const [places, recent] = await Promise.all([
      this.choices.places(page),
      audit.status === AuditStatus.OPEN ? this.scans.latest(audit.stationId, audit.id, RECENT_SCANS) : Promise.resolve([]),
    ]);
    return countPage(page, audit, new Map(places.map((p) => [p.id, p])), recent, state);
  }

  /**
   * The outcome named in the address, for a scan of this count and shown with what the database holds of
   * it: a link cannot pass a duplicate off as counted, nor the reverse (the scans keep no other outcome).
   */
  private async lastScan(audit: AuditView, query: Record<string, unknown>): Promise<CountState['last']> {
    const outcome = Object.values(ScanOutcome).find((o) => o === query.outcome);
    const scanId = typeof query.scan === 'string' && /^\d{1,18}$/.test(query.scan) ? Number(query.scan) : null;
    if (!outcome || scanId === null) return null;
    const scan = await this.scans.one(audit.stationId, audit.id, scanId);
    if (!scan || scan.duplicate !== (outcome === ScanOutcome.DUPLICATE)) return null;
    return { outcome, scan };
  }

  /** Only a location was scanned or typed: it becomes the place of the scans that follow. */
  private async setLocation(page: PageContext, res: Response, audit: AuditView, location: string, body: Record<string, unknown>): Promise<void> {
    if (await this.choices.byCode(page, location)) return seeOther(res, `/audits/${audit.id}?loc=${encodeURIComponent(location)}&set=1`);
    const text = page.m.operations.count.locationNotFound(location);
    sendPage(res, await this.screen(page, audit, { errors: { locationCode: text }, scanError: text, values: body, location }), 422);
  }
}
