import { BoolField, EnumField, PageQueryDto, TextField } from '../common/validation.js';

export enum DonationStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
}

export class ListDonationsQueryDto extends PageQueryDto {
  @EnumField(DonationStatus, { optional: true })
  status?: DonationStatus;
}

export class AcceptDonationDto {
  @BoolField({ optional: true, description: 'the commander has seen that the donor is named on evidence of this station, and accepts anyway' })
  acknowledgeConflict?: boolean;

  @TextField({ max: 1000, optional: true })
  note?: string;
}

export class DeclineDonationDto {
  @TextField({ max: 1000, example: 'ผู้บริจาคเป็นผู้ต้องหาในคดีของสถานี' })
  note: string;
}
