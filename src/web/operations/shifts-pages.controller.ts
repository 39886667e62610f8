import { Body, Controller, Get, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AnyRole, Roles, WebPages } from '../../common/decorators.js';
import { DomainError } from '../../common/errors.js';
import { normaliseCode } from '../../loans/loans.service.js';
import { ShiftStatus } from '../../shifts/shift.entity.js';
import { CloseShiftDto, CreateShiftDto, ShiftIssueDto, ShiftReturnDto } from '../../shifts/shifts.dto.js';
import type { ShiftView } from '../../shifts/shifts.repository.js';
import { ShiftsService } from '../../shifts/shifts.service.js';
import { UsersService } from '../../users/users.service.js';
import { domainErrorOnForm, type FieldErrors, FORM_ERROR, given, validateForm } from '../forms.js';
import type { Flash } from '../layout.js';
import { Page, type PageContext } from '../page-context.js';
import { seeOther, sendPage } from '../respond.js';
import { SHIFT_ISSUERS, SHIFT_SUPERVISORS } from './operations-roles.js';
import { renameErrors } from './operations-ui.js';
import { ISSUE_FIELDS, issueErrorField, issueFromForm, RETURN_FIELDS, returnErrorField, returnFromForm, shiftFlash } from './shift-forms.js';
import { type Officer, type ShiftFormState, shiftListPage, shiftPage } from './shift-views.js';
import { PageIdParam, pageParam, personName } from '../parts.js';

/** The daily weapons book (DESIGN §2 Shift arms issue; DOMAIN-TH §4): the same service as /api/shifts. */
@ApiExcludeController()
@WebPages()
@Controller('shifts')
export class ShiftsPagesController {
  constructor(
    @Inject(ShiftsService) private readonly shifts: ShiftsService,
    @Inject(UsersService) private readonly users: UsersService,
  ) {}

  @Get()
  @AnyRole()
  async list(@Page() page: PageContext, @Query() query: Record<string, unknown>, @Res() res: Response) {
    sendPage(res, await this.listPage(page, pageParam(query.page), query.done === 'opened' ? { kind: 'ok', text: page.m.operations.shifts.done.opened } : null));
  }

  @Post()
  @Roles(...SHIFT_SUPERVISORS)
  async open(@Page() page: PageContext, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const checked = await validateForm(CreateShiftDto, { name: given(body.name) }, page.m);
    let errors = checked.errors;
    let status = 422;
    if (checked.dto) {
      try {
        const shift = await this.shifts.open(page.ctx, checked.dto);
        return seeOther(res, `/shifts/${shift.id}?done=opened`);
      } catch (err) {
        errors = domainErrorOnForm(err);
        status = (err as DomainError).status;
      }
    }
    sendPage(res, await this.listPage(page, 1, null, { form: 'open', errors, values: body }), status);
  }

  @Get(':id')
  @AnyRole()
  async show(@Page() page: PageContext, @PageIdParam() id: string, @Query() query: Record<string, unknown>, @Res() res: Response) {
    const shift = await this.shifts.get(page.ctx, id);
    const flash = shiftFlash(page, shift, query);
    const focus = query.done === 'returned' ? 'returnCode' : shift.status === ShiftStatus.OPEN ? 'officerCode' : 'returnCode';
    sendPage(res, shiftPage(page, shift, await this.officers(page, shift), { flash, focus }));
  }

  @Post(':id/issue')
  @Roles(...SHIFT_ISSUERS)
  async issue(@Page() page: PageContext, @PageIdParam() id: string, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const shift = await this.shifts.get(page.ctx, id);
    const checked = await validateForm(ShiftIssueDto, issueFromForm(body), page.m);
    if (checked.errors) return this.again(page, res, shift, { form: 'issue', errors: renameErrors(checked.errors, ISSUE_FIELDS), values: body }, 422);
    try {
      await this.shifts.issue(page.ctx, id, checked.dto);
      seeOther(res, `/shifts/${id}?done=issued&code=${encodeURIComponent(normaliseCode(checked.dto.code))}`);
    } catch (err) {
      const errors = this.refusal(page, err, issueErrorField, checked.dto.code);
      this.again(page, res, shift, { form: 'issue', errors, values: body }, (err as DomainError).status);
    }
  }

  @Post(':id/return')
  @Roles(...SHIFT_ISSUERS)
  async giveBack(@Page() page: PageContext, @PageIdParam() id: string, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const shift = await this.shifts.get(page.ctx, id);
    const checked = await validateForm(ShiftReturnDto, returnFromForm(body), page.m);
    if (checked.errors) return this.again(page, res, shift, { form: 'return', errors: renameErrors(checked.errors, RETURN_FIELDS), values: body }, 422);
    try {
      const result = await this.shifts.giveBack(page.ctx, id, checked.dto);
      seeOther(res, `/shifts/${id}?done=returned&code=${encodeURIComponent(result.returned.code)}&incidents=${result.discrepancies.length}`);
    } catch (err) {
      const errors = this.refusal(page, err, returnErrorField, checked.dto.code);
      this.again(page, res, shift, { form: 'return', errors, values: body }, (err as DomainError).status);
    }
  }

  /** Whatever is still out needs a reason each; the service names those without one, and the form asks for them. */
  @Post(':id/close')
  @Roles(...SHIFT_SUPERVISORS)
  async close(@Page() page: PageContext, @PageIdParam() id: string, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const shift = await this.shifts.get(page.ctx, id);
    const out = shift.issues.filter((l) => l.open);
    const unreturned = out.map((l) => ({ code: l.code, reason: given(body[`reason-${l.code}`]) })).filter((u) => u.reason !== undefined);
    const checked = await validateForm(CloseShiftDto, { unreturned }, page.m);
    if (checked.errors) {
      const errors: FieldErrors = {};
      for (const [key, text] of Object.entries(checked.errors)) {
        const i = /^unreturned\.(\d+)\./.exec(key)?.[1];
        errors[i === undefined ? FORM_ERROR : `reason-${unreturned[Number(i)].code}`] = text;
      }
      return this.again(page, res, shift, { form: 'close', errors, values: body }, 422);
    }
    try {
      const closed = await this.shifts.close(page.ctx, id, checked.dto);
      seeOther(res, `/shifts/${id}?done=closed&incidents=${closed.discrepancies.length}`);
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'SHIFT_HAS_UNRETURNED') {
        return this.again(page, res, shift, { form: 'close', errors: domainErrorOnForm(err), values: body }, (err as DomainError).status);
      }
      const codes = (err.details as { codes: string[] }).codes;
      const errors: FieldErrors = { [FORM_ERROR]: page.m.operations.shift.close.unexplained(codes) };
      for (const code of codes) errors[`reason-${code}`] = page.m.operations.shift.close.reasonMissing;
      this.again(page, res, shift, { form: 'close', errors, values: body, focus: `reason-${codes[0]}` }, err.status);
    }
  }

  private async listPage(page: PageContext, pageNo: number, flash: Flash | null, state: ShiftFormState = {}): Promise<string> {
    const [open, recent] = await Promise.all([this.shifts.list(page.ctx, { status: ShiftStatus.OPEN, pageSize: 50 }), this.shifts.list(page.ctx, { page: pageNo, pageSize: 20 })]);
    return shiftListPage(page, open.items, recent, { ...state, flash });
  }

  /** The shift page again with the form's errors, the focus on the first field in error. */
  private async again(page: PageContext, res: Response, shift: ShiftView, state: ShiftFormState, status: number): Promise<void> {
    const focus = state.focus ?? Object.keys(state.errors ?? {}).find((k) => k !== FORM_ERROR) ?? (state.form === 'return' ? 'returnCode' : 'issueCode');
    sendPage(res, shiftPage(page, shift, await this.officers(page, shift), { ...state, focus }), status);
  }

  /** A refusal next to its field; an unknown code is named in the message so the clerk sees what the scanner read. */
  private refusal(page: PageContext, err: unknown, fieldOf: (code: string) => string | undefined, code: string): FieldErrors {
    const errors = domainErrorOnForm(err, fieldOf);
    if ((err as DomainError).code === 'NOT_FOUND') for (const key of Object.keys(errors)) errors[key] = page.m.operations.count.unknownCode(errors[key], code);
    return errors;
  }

  /** Who may receive a weapon: the station's active users, not the issuer (the service refuses a self-issue). */
  private async officers(page: PageContext, shift: ShiftView): Promise<Officer[]> {
    if (shift.status !== ShiftStatus.OPEN || !page.can(...SHIFT_ISSUERS)) return [];
    const users = await this.users.list(page.ctx, { active: true, pageSize: 200 });
    return users.items
      .filter((u) => u.id !== page.user!.id)
      .map((u) => ({ id: u.id, label: `${personName(u)} (${u.username})` }))
      .sort((a, b) => a.label.localeCompare(b.label, 'th'));
  }
}
