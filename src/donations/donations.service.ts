import { Inject, Injectable } from '@nestjs/common';
import { AuditLogService } from '../audit-log/audit-log.service.js';
import { Clock } from '../common/clock.js';
import { ConflictError, NotFoundError } from '../common/errors.js';
import { ownStation, type RequestContext, stationScope } from '../common/request-context.js';
import { type Page, paging } from '../common/validation.js';
import { TransactionService } from '../database/transaction.service.js';
import { buddhistYear } from '../items/item-code.js';
import { ItemsRepository } from '../items/items.repository.js';
import { StationsRepository } from '../stations/stations.repository.js';
import { DonationDecision } from './donation-acceptance.entity.js';
import type { AcceptDonationDto, DeclineDonationDto, ListDonationsQueryDto } from './donations.dto.js';
import { DonationsRepository, type DonationView } from './donations.repository.js';

/** The counter that numbers the station's donation receipts (item codes use EV, GP, WP, DN). */
const RECEIPT_COUNTER = 'RC';

const notFound = () => new NotFoundError('Donation', 'ของบริจาค');

/**
 * Donations (DESIGN §3 rule 7; the station's No Gift Policy): a donated item enters service only once the
 * commander accepts it; a donor whose normalised name is on the station's evidence (seized from, owner)
 * must be acknowledged explicitly; each acceptance gets a gap-free receipt number.
 */
@Injectable()
export class DonationsService {
  constructor(
    @Inject(TransactionService) private readonly tx: TransactionService,
    @Inject(DonationsRepository) private readonly donations: DonationsRepository,
    @Inject(ItemsRepository) private readonly items: ItemsRepository,
    @Inject(StationsRepository) private readonly stations: StationsRepository,
    @Inject(AuditLogService) private readonly auditLog: AuditLogService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** The donation register: donor, date, value, purpose, current use, receipt, decision. */
  async list(ctx: RequestContext, query: ListDonationsQueryDto): Promise<Page<DonationView>> {
    const { page, pageSize, offset } = paging(query);
    const { items, total } = await this.donations.list({ stationId: stationScope(ctx), status: query.status, offset, limit: pageSize });
    return { items, total, page, pageSize };
  }

  async get(ctx: RequestContext, itemId: string): Promise<DonationView> {
    const [view] = (await this.donations.list({ stationId: stationScope(ctx), itemId, offset: 0, limit: 1 })).items;
    if (!view) throw notFound();
    return view;
  }

  async accept(ctx: RequestContext, itemId: string, dto: AcceptDonationDto): Promise<DonationView> {
    const stationId = ownStation(ctx);
    const station = (await this.stations.findById(stationId))!;
    return this.tx.run(async (em) => {
      const current = await this.pending(em, itemId, stationId);
      if (current.donorMatches.length && !dto.acknowledgeConflict) {
        throw new ConflictError(
          'DONOR_CONFLICT_UNACKNOWLEDGED',
          'The donor is named on evidence of this station: accept only with acknowledgeConflict: true',
          'ผู้บริจาคมีชื่อเกี่ยวข้องกับของกลางหรือคดีของสถานี ต้องยืนยันรับทราบก่อนรับบริจาค (acknowledgeConflict)',
          { matches: current.donorMatches },
        );
      }
      const now = this.clock.now();
      const yearBe = buddhistYear(now);
      const seq = await this.items.nextSeq(em, stationId, RECEIPT_COUNTER, yearBe);
      const receiptNumber = `${station.code}-${RECEIPT_COUNTER}${String(yearBe % 100).padStart(2, '0')}-${String(seq).padStart(6, '0')}`;
      await this.donations.insert(em, {
        itemId,
        stationId,
        decision: DonationDecision.ACCEPTED,
        receiptNumber,
        donorMatches: current.donorMatches,
        conflictAcknowledged: current.donorMatches.length > 0,
        decidedBy: ctx.actor!.id,
        decidedAt: now,
        note: dto.note ?? null,
      });
      return this.decided(em, ctx, stationId, itemId, 'DONATION_ACCEPTED');
    });
  }

  async decline(ctx: RequestContext, itemId: string, dto: DeclineDonationDto): Promise<DonationView> {
    const stationId = ownStation(ctx);
    return this.tx.run(async (em) => {
      const current = await this.pending(em, itemId, stationId);
      await this.donations.insert(em, {
        itemId,
        stationId,
        decision: DonationDecision.DECLINED,
        receiptNumber: null,
        donorMatches: current.donorMatches,
        conflictAcknowledged: false,
        decidedBy: ctx.actor!.id,
        decidedAt: this.clock.now(),
        note: dto.note,
      });
      return this.decided(em, ctx, stationId, itemId, 'DONATION_DECLINED');
    });
  }

  /** The donation, locked and still pending, with the donor matches of this moment. */
  private async pending(em: Parameters<DonationsRepository['insert']>[0], itemId: string, stationId: string): Promise<DonationView> {
    if (!(await this.donations.lockItem(em, itemId, stationId))) throw notFound();
    if (await this.donations.decided(em, itemId)) throw new ConflictError('DONATION_DECIDED', 'This donation is already decided', 'ของบริจาคนี้ได้รับการพิจารณาแล้ว');
    return (await this.donations.list({ stationId, itemId, offset: 0, limit: 1 }, em)).items[0];
  }

  private async decided(em: Parameters<DonationsRepository['insert']>[0], ctx: RequestContext, stationId: string, itemId: string, action: string): Promise<DonationView> {
    const [view] = (await this.donations.list({ stationId, itemId, offset: 0, limit: 1 }, em)).items;
    await this.auditLog.append(em, ctx, {
      stationId,
      action,
      entityType: 'item',
      entityId: itemId,
      before: { status: 'PENDING' },
      after: { status: view.status, receiptNumber: view.receiptNumber, donorMatches: view.donorMatches, conflictAcknowledged: view.conflictAcknowledged, note: view.note },
    });
    return view;
  }
}
