import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsObject, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { EnumField, MeasureField, PageQueryDto, TextField, UuidField } from '../common/validation.js';
import { Transform } from 'class-transformer';
import { ItemCategory, ItemCondition, ItemKind, ItemStatus, RiskClass } from './item.enums.js';

/** Serial numbers in one spelling (upper case, no spaces), so uniqueness cannot be dodged by typing. */
export function SerialField() {
  return (target: object, key: string) => {
    TextField({ max: 100, optional: true, example: 'ABC12345' })(target, key);
    Transform(({ value }) => (typeof value === 'string' ? value.replace(/\s+/g, '').toUpperCase() : value))(target, key);
  };
}

/** ISO 8601 date or date-time ("2025-01-10" or "2025-01-10T10:00:00+07:00"). */
function DateField(options: { optional?: boolean; description?: string } = {}) {
  return (target: object, key: string) => {
    ApiPropertyOptional({ type: String, format: 'date-time', description: options.description })(target, key);
    if (options.optional !== false) IsOptional()(target, key);
    IsISO8601({ strict: true }, { message: `${key} must be an ISO 8601 date, e.g. 2025-01-10 or 2025-01-10T10:00:00+07:00` })(target, key);
  };
}

export class WitnessDto {
  @TextField({ max: 64, example: 'sta.supervisor' })
  username: string;

  @TextField({ max: 200 })
  password: string;
}

export class EvidenceDetailsDto {
  @TextField({ max: 100, example: '123/2568' })
  caseNumber: string;

  @TextField({ max: 100, optional: true, description: 'ปจว. (daily report) reference' })
  dailyReportRef?: string;

  @TextField({ max: 300, optional: true, example: 'ยาเสพติดให้โทษประเภท 1' })
  offence?: string;

  @TextField({ max: 200, optional: true, example: 'นายสมชาย ใจดี' })
  seizedFrom?: string;

  @DateField()
  seizedAt?: string;

  @TextField({ max: 300, optional: true })
  seizedPlace?: string;

  @TextField({ max: 200, optional: true })
  seizingOfficer?: string;

  @TextField({ max: 200, optional: true })
  ownerName?: string;

  @DateField()
  ownerNotifiedAt?: string;

  @DateField({ description: 'the public notice to an unknown owner (ระเบียบ ตร. ข้อ 47: 5 years from it)' })
  publicNoticeAt?: string;

  @DateField()
  reviewDate?: string;
}

export enum AcquisitionMethod {
  PURCHASE = 'PURCHASE',
  DONATION = 'DONATION',
  TRANSFER = 'TRANSFER',
  OTHER = 'OTHER',
}

export enum FundingSource {
  BUDGET = 'BUDGET',
  OFF_BUDGET = 'OFF_BUDGET',
  DONATION = 'DONATION',
}

export class PropertyDetailsDto {
  @TextField({ max: 100, optional: true, description: 'เลขครุภัณฑ์' })
  assetNumber?: string;

  @DateField()
  acquisitionDate?: string;

  @EnumField(AcquisitionMethod, { optional: true })
  acquisitionMethod?: AcquisitionMethod;

  @TextField({ max: 200, optional: true })
  acquisitionDocument?: string;

  @EnumField(FundingSource, { optional: true })
  fundingSource?: FundingSource;

  @MeasureField({ min: 0, max: 1e12, description: 'baht' })
  unitPrice?: number;

  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(100)
  usefulLifeYears?: number;

  @MeasureField({ min: 0, max: 100, description: '% a year' })
  depreciationRate?: number;
}

export class WeaponDetailsDto {
  @TextField({ max: 100, optional: true, example: 'Glock' })
  make?: string;

  @TextField({ max: 100, optional: true, example: '19' })
  model?: string;

  @TextField({ max: 50, optional: true, example: '9 มม.' })
  calibre?: string;

  @TextField({ max: 100, optional: true, description: 'ทะเบียนอาวุธ' })
  registrationNumber?: string;
}

export class DonationDetailsDto {
  @TextField({ max: 200, example: 'บริษัท ตัวอย่าง จำกัด' })
  donorName: string;

  @TextField({ max: 300, optional: true })
  donorContact?: string;

  @DateField({ optional: false })
  receivedAt: string;

  @MeasureField({ min: 0, max: 1e12, description: 'baht' })
  estimatedValue?: number;

  @TextField({ max: 500, example: 'ใช้ในงานป้องกันปราบปราม' })
  purpose: string;

  @TextField({ max: 100, optional: true })
  receiptNumber?: string;
}

export class CreateItemDto {
  @EnumField(ItemCategory)
  category: ItemCategory;

  @EnumField(ItemKind)
  kind: ItemKind;

  @TextField({ max: 1000, example: 'ยาบ้า 200 เม็ด' })
  description: string;

  @MeasureField({ min: 0.001, max: 1e9 })
  quantity?: number;

  @TextField({ max: 40, optional: true, example: 'เม็ด' })
  unit?: string;

  @UuidField()
  locationId: string;

  @SerialField()
  serialNumber?: string;

  @TextField({ max: 100, optional: true })
  sealNumber?: string;

  @MeasureField({ min: 0.001, max: 1e9, description: 'gross weight in grams' })
  weightGrams?: number;

  @MeasureField({ min: 0.001, max: 1e9 })
  netWeightGrams?: number;

  @MeasureField({ min: 0, max: 1e12, description: 'cash in baht', decimals: 2 })
  amount?: number;

  @ApiPropertyOptional({ description: 'cash: banknote value → count, e.g. {"1000": 5, "500": 2}' })
  @IsOptional()
  @IsObject()
  denominations?: Record<string, number>;

  @EnumField(ItemCondition, { optional: true })
  condition?: ItemCondition;

  @ApiPropertyOptional({ type: EvidenceDetailsDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => EvidenceDetailsDto)
  evidence?: EvidenceDetailsDto;

  @ApiPropertyOptional({ type: PropertyDetailsDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => PropertyDetailsDto)
  property?: PropertyDetailsDto;

  @ApiPropertyOptional({ type: WeaponDetailsDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => WeaponDetailsDto)
  weapon?: WeaponDetailsDto;

  @ApiPropertyOptional({ type: DonationDetailsDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => DonationDetailsDto)
  donation?: DonationDetailsDto;

  @ApiPropertyOptional({ type: WitnessDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => WitnessDto)
  witness?: WitnessDto;
}

export class SearchItemsQueryDto extends PageQueryDto {
  @EnumField(ItemCategory, { optional: true })
  category?: ItemCategory;

  @EnumField(ItemKind, { optional: true })
  kind?: ItemKind;

  @EnumField(ItemStatus, { optional: true })
  status?: ItemStatus;

  @EnumField(RiskClass, { optional: true })
  riskClass?: RiskClass;

  @UuidField({ optional: true })
  locationId?: string;

  @TextField({ max: 100, optional: true })
  caseNumber?: string;

  @SerialField()
  serialNumber?: string;

  @TextField({ max: 200, optional: true, description: 'matches code, description, serial, asset and case numbers, and the names on the item' })
  q?: string;

  @UuidField({ optional: true, description: 'ADMIN only' })
  stationId?: string;
}

/** The category block each category carries, by its field name in requests and responses. */
export const DETAILS_FIELD: Record<ItemCategory, 'evidence' | 'property' | 'weapon' | 'donation'> = {
  [ItemCategory.EVIDENCE]: 'evidence',
  [ItemCategory.PROPERTY]: 'property',
  [ItemCategory.WEAPON]: 'weapon',
  [ItemCategory.DONATION]: 'donation',
};

export interface ItemView {
  id: string;
  stationId: string;
  code: string;
  category: ItemCategory;
  kind: ItemKind;
  riskClass: RiskClass;
  description: string;
  quantity: number;
  unit: string;
  serialNumber: string | null;
  assetNumber: string | null;
  caseNumber: string | null;
  sealNumber: string | null;
  weightGrams: number | null;
  netWeightGrams: number | null;
  amount: number | null;
  denominations: Record<string, number> | null;
  condition: ItemCondition;
  status: ItemStatus;
  locationId: string | null;
  location: { id: string; code: string; name: string } | null;
  holderId: string | null;
  holder: { id: string; displayName: string } | null;
  holderText: string | null;
  evidence?: Record<string, unknown>;
  property?: Record<string, unknown>;
  weapon?: Record<string, unknown>;
  donation?: Record<string, unknown>;
  registeredBy: string;
  registeredAt: string;
  updatedAt: string;
}
