import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CustodyRepository } from '../../custody/custody.repository.js';
import { CATEGORY_TH, CONDITION_TH, type ItemCategory, type ItemCondition, type ItemKind, ItemStatus, KIND_TH, RiskClass, STATUS_TH } from '../../items/item.enums.js';
import type { ItemView } from '../../items/items.dto.js';
import { type Html, html } from '../html.js';
import type { PageContext } from '../page-context.js';

/** What holds an item besides its status: an open loan line or shift issue, an open disposal. */
export interface ItemHold {
  loanId: string | null;
  shiftId: string | null;
  disposalId: string | null;
}

/** Reads an item's holds for its card (two indexed lookups: the open-line and open-disposal indexes). */
@Injectable()
export class ItemHolds {
  constructor(
    @Inject(CustodyRepository) private readonly custody: CustodyRepository,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  async of(itemId: string): Promise<ItemHold> {
    const em = this.dataSource.manager;
    const [line, disposalId] = await Promise.all([this.custody.openLine(em, itemId), this.custody.openDisposal(em, itemId)]);
    return { loanId: line?.loanId ?? null, shiftId: line?.shiftId ?? null, disposalId };
  }
}

const quantityText = (item: ItemView) => `${item.quantity.toLocaleString('th-TH')} ${item.unit}`;

/**
 * The item card of the counter and the item page: photo area, code, category, description, status,
 * place, holder, case number and what holds it. `actions` go under the facts.
 */
export function itemCard(page: PageContext, item: ItemView, hold: ItemHold, actions: Html = html``): Html {
  const m = page.m.counter;
  const holder = item.holder?.displayName ?? item.holderText;
  const fact = (label: string, value: Html | string | null | undefined) => (value ? html`<dt>${label}</dt><dd>${value}</dd>` : '');
  const holds = [
    hold.loanId ? html`<a href="/loans/${hold.loanId}">${m.openLoan} (${m.seeLoan})</a>` : null,
    hold.shiftId ? html`<a href="/shifts/${hold.shiftId}">${m.openShift} (${m.seeShift})</a>` : null,
    hold.disposalId ? html`<span class="badge warn">${m.openDisposal}</span>` : null,
  ].filter((x) => x !== null);
  return html`<article class="card item-card-wrap" id="item-card" data-item-id="${item.id}" data-code="${item.code}">
  <div class="item-card">
    <div class="photo" aria-hidden="true">${m.photo}</div>
    <div>
      <h2 class="item-code">${item.code} ${item.riskClass === RiskClass.HIGH ? html`<span class="badge high">${m.high}</span>` : ''}</h2>
      <p class="item-description">${item.description}</p>
      <dl class="facts">
        ${fact(m.category, `${CATEGORY_TH[item.category as ItemCategory]} · ${KIND_TH[item.kind as ItemKind]}`)}
        ${fact(m.quantity, quantityText(item))}
        ${fact(m.status, html`<span class="badge${item.status === ItemStatus.IN_STORAGE ? ' ok' : item.status === ItemStatus.DISPOSED ? '' : ' warn'}">${STATUS_TH[item.status]}</span>`)}
        ${fact(m.location, item.location ? `${item.location.code} ${item.location.name}` : null)}
        ${fact(m.holder, holder)}
        ${fact(m.caseNumber, item.caseNumber)}
        ${fact(m.serialNumber, item.serialNumber)}
        ${fact(m.sealNumber, item.sealNumber)}
        ${fact(m.condition, CONDITION_TH[item.condition as ItemCondition])}
        ${holds.length ? html`<dt>${m.holds}</dt><dd>${holds}</dd>` : ''}
      </dl>
    </div>
  </div>
  ${actions}
</article>`;
}
