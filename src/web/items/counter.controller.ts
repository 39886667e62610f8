import { Body, Controller, Get, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Roles, WebPages } from '../../common/decorators.js';
import { DomainError, NotFoundError } from '../../common/errors.js';
import { ownStation } from '../../common/request-context.js';
import { Role } from '../../common/roles.js';
import { IdParam } from '../../common/validation.js';
import { EVENT_FROM } from '../../custody/custody-rules.js';
import { CreateCustodyEventDto } from '../../custody/custody.dto.js';
import { CustodyEventType, EVENT_TH, SendOutDestination } from '../../custody/custody.enums.js';
import { CustodyService } from '../../custody/custody.service.js';
import { CONDITION_TH, ItemCondition, RiskClass } from '../../items/item.enums.js';
import type { ItemView } from '../../items/items.dto.js';
import { ItemsService } from '../../items/items.service.js';
import { domainErrorOnForm, type FieldErrors, field, FORM_ERROR, formError, given, givenNumber, missingFieldsOnForm, select, validateForm, witnessFields, witnessOf } from '../forms.js';
import { type Html, html } from '../html.js';
import { csrfField, type Flash, layout } from '../layout.js';
import { Page, type PageContext } from '../page-context.js';
import { seeOther, sendPage } from '../respond.js';
import { type ItemHold, ItemHolds, itemCard } from './item-card.js';

const COUNTER_ROLES = [Role.CLERK, Role.SUPERVISOR];

/** The events the counter records, each with its F-key (F1 and F5 are the browser's own). */
const COUNTER_EVENTS: { type: CustodyEventType; key: string }[] = [
  { type: CustodyEventType.MOVE, key: 'F2' },
  { type: CustodyEventType.SEND_OUT, key: 'F3' },
  { type: CustodyEventType.RECEIVE_BACK, key: 'F4' },
  { type: CustodyEventType.CONDITION_CHECK, key: 'F6' },
  { type: CustodyEventType.RESEAL, key: 'F7' },
];

interface Place {
  id: string;
  code: string;
  name: string;
  secure: boolean;
}

interface CounterState {
  code?: string;
  item?: ItemView;
  hold?: ItemHold;
  /** The event form open under the card. */
  action?: CustodyEventType;
  values?: Record<string, unknown>;
  errors?: FieldErrors | null;
  /** Move mode: items scanned are moved here. */
  moveTo?: Place | null;
  /** Move mode asks a witness for this item before moving it. */
  moveNeedsWitness?: boolean;
  /** The station's locations, for the event forms that choose one. */
  places?: Place[];
  scanError?: string;
  flash?: Flash | null;
}

/** What a form's fields make of a custody event: only the fields its type takes, as the API's DTO wants them. */
function eventFromForm(type: CustodyEventType, body: Record<string, unknown>): Record<string, unknown> {
  const blind = { sealNumber: given(body.sealNumber), weightGrams: givenNumber(body.weightGrams), amount: givenNumber(body.amount) };
  const common = { type, note: given(body.note), witness: witnessOf(body) };
  switch (type) {
    case CustodyEventType.MOVE:
      return { ...common, toLocationId: given(body.toLocationId) };
    case CustodyEventType.SEND_OUT:
      return { ...common, ...blind, destination: given(body.destination), recipient: given(body.recipient), documentRef: given(body.documentRef), reason: given(body.reason) };
    case CustodyEventType.RECEIVE_BACK:
      return { ...common, ...blind, toLocationId: given(body.toLocationId), condition: given(body.condition), documentRef: given(body.documentRef) };
    case CustodyEventType.CONDITION_CHECK:
      return { ...common, condition: given(body.condition) };
    case CustodyEventType.RESEAL:
      return { ...common, sealNumber: given(body.newSeal), reason: given(body.reason) };
    default:
      return common;
  }
}

/** The form field a refusal of the services belongs next to. */
function fieldOfError(code: string): string | undefined {
  return (
    {
      WITNESS_REQUIRED: 'witnessUsername',
      WITNESS_INVALID: 'witnessUsername',
      WITNESS_IS_ACTOR: 'witnessUsername',
      WITNESS_LOCKED: 'witnessUsername',
      LOCATION_NOT_FOUND: 'toLocationId',
      ALREADY_THERE: 'toLocationId',
      LOCATION_NOT_SECURE: 'toLocationId',
      BLIND_CHECK_REQUIRED: 'sealNumber',
    } as Record<string, string>
  )[code];
}

/**
 * The storage-room counter (DESIGN §8): one scan box that keeps the focus. A scanned item code opens
 * its card with the events legal now, each under an F-key; a scanned location code starts moving the
 * items scanned next to that place. HIGH items ask for the witness in the same form.
 */
@ApiExcludeController()
@WebPages()
@Controller('counter')
export class CounterController {
  constructor(
    @Inject(ItemsService) private readonly items: ItemsService,
    @Inject(CustodyService) private readonly custody: CustodyService,
    @Inject(ItemHolds) private readonly holds: ItemHolds,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  @Get()
  @Roles(...COUNTER_ROLES)
  async counter(@Page() page: PageContext, @Query() query: Record<string, unknown>, @Res() res: Response) {
    const m = page.m.counter;
    const moveTo = typeof query.to === 'string' ? await this.place(page, { id: query.to }) : null;
    const flash = this.flashOf(page, query, moveTo);
    const code = given(query.code);
    if (!code) return sendPage(res, this.render(page, { moveTo, flash }));
    const item = await this.itemByCode(page, code);
    if (!item) {
      // A location's label: scanning it starts moving the next items there.
      const place = await this.place(page, { code });
      if (place) return seeOther(res, `/counter?to=${place.id}`);
      return sendPage(res, this.render(page, { code, moveTo, scanError: m.notFound(code) }), 404);
    }
    const action = COUNTER_EVENTS.find((e) => e.type === query.action && this.legal(item, e.type))?.type;
    const [hold, places] = await Promise.all([this.holds.of(item.id), this.placesFor(page, action)]);
    sendPage(res, this.render(page, { code, item, hold, action, places, moveTo, flash }));
  }

  @Post('items/:id/events')
  @Roles(...COUNTER_ROLES)
  async record(@Page() page: PageContext, @IdParam() id: string, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const item = await this.items.get(page.ctx, id);
    const type = COUNTER_EVENTS.find((e) => e.type === body.type)?.type;
    if (!type) return sendPage(res, this.render(page, { code: item.code, item, hold: await this.holds.of(item.id), errors: { [FORM_ERROR]: page.m.errors.fieldInvalid } }), 422);
    const again = async (errors: FieldErrors, status: number) => {
      const [hold, places] = await Promise.all([this.holds.of(item.id), this.placesFor(page, type)]);
      sendPage(res, this.render(page, { code: item.code, item, hold, action: type, places, values: body, errors }), status);
    };
    const checked = await validateForm(CreateCustodyEventDto, eventFromForm(type, body), page.m);
    if (checked.errors) return again(checked.errors, 422);
    try {
      const result = await this.custody.record(page.ctx, item.id, checked.dto);
      seeOther(res, `/counter?code=${encodeURIComponent(item.code)}&done=${type}&found=${result.discrepancies.length}`);
    } catch (err) {
      const missing = missingFieldsOnForm(err, page.m, (f) => (type === CustodyEventType.RESEAL && f === 'sealNumber' ? 'newSeal' : f));
      await again(missing ?? domainErrorOnForm(err, fieldOfError), (err as DomainError).status);
    }
  }

  /** Move mode: the scanned item goes to the chosen place at once (NORMAL), or after the witness signs (HIGH). */
  @Post('move')
  @Roles(...COUNTER_ROLES)
  async move(@Page() page: PageContext, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const m = page.m.counter;
    const moveTo = typeof body.to === 'string' ? await this.place(page, { id: body.to }) : null;
    if (!moveTo) return seeOther(res, '/counter');
    const code = given(body.code) ?? '';
    const item = code ? await this.itemByCode(page, code) : null;
    if (!item) return sendPage(res, this.render(page, { code, moveTo, scanError: m.notFound(code) }), 404);
    const witness = witnessOf(body);
    const state = async (errors: FieldErrors) => ({ code, item, hold: await this.holds.of(item.id), moveTo, moveNeedsWitness: item.riskClass === RiskClass.HIGH, values: body, errors });
    if (item.riskClass === RiskClass.HIGH && !witness) return sendPage(res, this.render(page, await state({})), 200);
    try {
      await this.custody.record(page.ctx, item.id, Object.assign(new CreateCustodyEventDto(), { type: CustodyEventType.MOVE, toLocationId: moveTo.id, witness }));
      seeOther(res, `/counter?to=${moveTo.id}&moved=${encodeURIComponent(item.code)}`);
    } catch (err) {
      sendPage(res, this.render(page, await state(missingFieldsOnForm(err, page.m) ?? domainErrorOnForm(err, fieldOfError))), (err as DomainError).status);
    }
  }

  // ---- lookups -----------------------------------------------------------------------------------

  private async itemByCode(page: PageContext, code: string): Promise<ItemView | null> {
    try {
      return await this.items.byCode(page.ctx, code);
    } catch (err) {
      if (err instanceof NotFoundError || (err instanceof DomainError && err.status === 400)) return null;
      throw err;
    }
  }

  /** A location of the caller's station, by id or by the code on its label. */
  private async place(page: PageContext, by: { id: string } | { code: string }): Promise<Place | null> {
    const stationId = ownStation(page.ctx);
    const [sql, value] = 'id' in by ? ['id::text = $2', by.id] : ['code = upper($2)', by.code];
    const [row] = await this.dataSource.query(`SELECT id, code, name, secure FROM locations WHERE station_id = $1 AND ${sql}`, [stationId, value]);
    return row ?? null;
  }

  /** The station's locations when the event chooses one (MOVE, RECEIVE_BACK). */
  private async placesFor(page: PageContext, action: CustodyEventType | undefined): Promise<Place[]> {
    if (action !== CustodyEventType.MOVE && action !== CustodyEventType.RECEIVE_BACK) return [];
    return this.dataSource.query('SELECT id, code, name, secure FROM locations WHERE station_id = $1 ORDER BY code', [ownStation(page.ctx)]);
  }

  private legal(item: ItemView, type: CustodyEventType): boolean {
    return (EVENT_FROM[type] ?? []).includes(item.status);
  }

  private flashOf(page: PageContext, query: Record<string, unknown>, moveTo: Place | null): Flash | null {
    const m = page.m.counter;
    if (typeof query.moved === 'string' && moveTo) return { kind: 'ok', text: m.moved(query.moved, `${moveTo.code} ${moveTo.name}`) };
    const done = COUNTER_EVENTS.find((e) => e.type === query.done);
    if (done && typeof query.code === 'string') {
      const found = Number(query.found ?? 0);
      return found > 0 ? { kind: 'error', text: `${m.done(EVENT_TH[done.type], query.code)} — ${m.discrepancies(found)}` } : { kind: 'ok', text: m.done(EVENT_TH[done.type], query.code) };
    }
    return null;
  }

  // ---- the page ----------------------------------------------------------------------------------

  private render(page: PageContext, state: CounterState): string {
    const m = page.m.counter;
    const scanInMoveMode = !!state.moveTo;
    const scan = html`<form class="scan-form" method="${scanInMoveMode ? 'post' : 'get'}" action="${scanInMoveMode ? '/counter/move' : '/counter'}" role="search">
  ${scanInMoveMode ? html`${csrfField(page)}<input type="hidden" name="to" value="${state.moveTo!.id}">` : ''}
  <label class="visually-hidden" for="scan">${m.scanLabel}</label>
  <input id="scan" name="code" value="${state.scanError ? (state.code ?? '') : ''}" autocomplete="off" autocapitalize="characters" spellcheck="false" enterkeyhint="go" placeholder="${m.scanLabel}" data-scan-box${
    state.action || state.moveNeedsWitness ? '' : html` autofocus`
  }${state.scanError ? html` aria-invalid="true" aria-describedby="scan-error"` : ''}>
  <button type="submit">${m.scanButton}</button>
</form>
${state.scanError ? html`<p class="field-error" id="scan-error" role="alert">${state.scanError}</p>` : html`<p class="hint">${m.scanHint}</p>`}`;
    const mode = state.moveTo
      ? html`<p class="flash flash-ok mode">${m.moveMode(`${state.moveTo.code} ${state.moveTo.name}`)} <a class="button" href="/counter" data-shortcut="F10">${m.moveModeEnd}<kbd>F10</kbd></a></p>`
      : '';
    const card = state.item ? itemCard(page, state.item, state.hold!, state.moveNeedsWitness ? this.moveWitnessForm(page, state) : this.actions(page, state)) : '';
    return layout(page, { title: m.title, flash: state.flash, script: 'counter.js', body: html`<h1>${m.title}</h1>${scan}${mode}${card}` });
  }

  /** The buttons of the events legal now, and the form of the one chosen. */
  private actions(page: PageContext, state: CounterState): Html {
    const m = page.m.counter;
    const item = state.item!;
    const here = `/counter?code=${encodeURIComponent(item.code)}`;
    const legal = COUNTER_EVENTS.filter((e) => this.legal(item, e.type));
    const buttons = html`<div class="actions">
  ${legal.map((e) => html`<a class="button${state.action === e.type ? ' primary' : ''}" href="${here}&action=${e.type}" data-shortcut="${e.key}">${EVENT_TH[e.type]}<kbd>${e.key}</kbd></a>`)}
  <a class="button" href="/items/${item.id}" data-shortcut="F9">${m.itemPage}<kbd>F9</kbd></a>
  ${item.status === 'DISPOSED' ? '' : html`<form method="post" action="/items/${item.id}/label" target="_blank">${csrfField(page)}<button type="submit" data-shortcut="F8">${m.printLabel}<kbd>F8</kbd></button></form>`}
</div>
${item.status === 'DISPOSED' ? html`<p class="muted">${m.closed}</p>` : legal.length ? '' : html`<p class="muted">${m.noActions}</p>`}`;
    return html`${buttons}${state.action ? this.eventForm(page, state) : ''}`;
  }

  private eventForm(page: PageContext, state: CounterState): Html {
    const m = page.m.counter;
    const item = state.item!;
    const type = state.action!;
    const v = (name: string) => (typeof state.values?.[name] === 'string' ? (state.values[name] as string) : '');
    const e = state.errors;
    const high = item.riskClass === RiskClass.HIGH;
    const placeSelect = (name: string, label: string) =>
      select({ name, label, required: true, empty: m.chooseLocation, value: v(name), errors: e, options: (state.places ?? []).map((p) => ({ value: p.id, label: `${p.code} ${p.name}` })) });
    const conditionSelect = (required: boolean) =>
      select({ name: 'condition', label: m.condition, required, value: v('condition') || (required ? item.condition : ''), errors: e, options: Object.values(ItemCondition).filter((c) => c !== ItemCondition.LOST).map((c) => ({ value: c, label: CONDITION_TH[c] })) });
    // What is on record is asked again without showing it (DESIGN §3: blind seal/weight/amount).
    const blind =
      high && (type === CustodyEventType.SEND_OUT || type === CustodyEventType.RECEIVE_BACK)
        ? html`<fieldset><legend>${m.blindTitle}</legend><p class="hint">${m.blindHint}</p><div class="form-grid">
  ${item.sealNumber !== null ? field({ name: 'sealNumber', label: m.sealSeen, errors: e, required: true, autocomplete: 'off' }) : ''}
  ${item.weightGrams !== null ? field({ name: 'weightGrams', label: m.weightSeen, errors: e, required: true, inputmode: 'decimal', autocomplete: 'off' }) : ''}
  ${item.amount !== null ? field({ name: 'amount', label: m.amountSeen, errors: e, required: true, inputmode: 'decimal', autocomplete: 'off' }) : ''}
</div></fieldset>`
        : '';
    const fields: Record<string, Html | string> = {
      [CustodyEventType.MOVE]: placeSelect('toLocationId', m.toLocation),
      [CustodyEventType.SEND_OUT]: html`${select({ name: 'destination', label: m.destination, required: true, value: v('destination'), errors: e, empty: m.chooseDestination, options: Object.values(SendOutDestination).map((d) => ({ value: d, label: m.destinations[d] })) })}
${field({ name: 'recipient', label: m.recipient, value: v('recipient'), errors: e, required: true, maxlength: 300 })}
${field({ name: 'documentRef', label: m.documentRef, value: v('documentRef'), errors: e, required: true, maxlength: 200 })}`,
      [CustodyEventType.RECEIVE_BACK]: html`${placeSelect('toLocationId', m.backTo)}${conditionSelect(false)}${field({ name: 'documentRef', label: m.documentRef, value: v('documentRef'), errors: e, maxlength: 200 })}`,
      [CustodyEventType.CONDITION_CHECK]: conditionSelect(true),
      [CustodyEventType.RESEAL]: html`${field({ name: 'newSeal', label: m.newSeal, value: v('newSeal'), errors: e, required: true, maxlength: 100 })}${field({ name: 'reason', label: page.m.common.reason, value: v('reason'), errors: e, required: true, maxlength: 1000 })}`,
    };
    return html`<form method="post" action="/counter/items/${item.id}/events" class="event-form card" data-event-form>
  <h3>${EVENT_TH[type]}</h3>
  ${formError(e)}
  ${csrfField(page)}
  <input type="hidden" name="type" value="${type}">
  <div class="form-grid">${fields[type]}</div>
  ${blind}
  ${field({ name: 'note', label: page.m.common.note, value: v('note'), errors: e, maxlength: 1000 })}
  ${high ? witnessFields(page.m, e, state.values) : ''}
  <div class="actions"><button type="submit" class="primary">${m.submit(EVENT_TH[type])}</button><a class="button" href="/counter?code=${encodeURIComponent(item.code)}">${page.m.common.cancel}</a></div>
</form>`;
  }

  private moveWitnessForm(page: PageContext, state: CounterState): Html {
    const m = page.m.counter;
    return html`<form method="post" action="/counter/move" class="event-form card">
  ${csrfField(page)}
  <input type="hidden" name="to" value="${state.moveTo!.id}">
  <input type="hidden" name="code" value="${state.item!.code}">
  <p>${m.witnessForMove}</p>
  ${formError(state.errors)}
  ${witnessFields(page.m, state.errors, state.values)}
  <div class="actions"><button type="submit" class="primary">${m.submit(EVENT_TH[CustodyEventType.MOVE])}</button><a class="button" href="/counter?to=${state.moveTo!.id}">${page.m.common.cancel}</a></div>
</form>`;
  }

}
