import { applyDecorators, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsBoolean,
  IsEnum,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
} from 'class-validator';
import { BadRequestError } from './errors.js';

interface FieldOptions {
  optional?: boolean;
  description?: string;
  example?: unknown;
}

function property(options: FieldOptions, extra: Record<string, unknown>) {
  const api = options.optional ? ApiPropertyOptional : ApiProperty;
  const decorators = [api({ description: options.description, example: options.example, ...extra })];
  if (options.optional) decorators.push(IsOptional());
  return decorators;
}

const trim = Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** A trimmed, non-empty text of at most `max` characters (Thai counts by code unit, as stored). */
export function TextField(options: FieldOptions & { max: number; min?: number; pattern?: RegExp; patternHint?: string } ) {
  const decorators = [
    ...property(options, { type: String, maxLength: options.max }),
    trim,
    IsString(),
    MinLength(options.min ?? 1),
    MaxLength(options.max),
  ];
  if (options.pattern) {
    decorators.push(Matches(options.pattern, { message: `$property must be ${options.patternHint ?? `like ${options.pattern}`}` }));
  }
  return applyDecorators(...decorators);
}

/** An upper-cased code (station, location): letters, digits and . _ - */
export function CodeField(options: FieldOptions & { max: number; pattern: RegExp; patternHint: string }) {
  return applyDecorators(
    ...property(options, { type: String, maxLength: options.max, pattern: options.pattern.source }),
    Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value)),
    IsString(),
    MaxLength(options.max),
    Matches(options.pattern, { message: `$property must be ${options.patternHint}` }),
  );
}

export function UuidField(options: FieldOptions = {}) {
  return applyDecorators(...property(options, { type: String, format: 'uuid' }), IsUUID('all'));
}

export function EnumField(enumType: Record<string, string>, options: FieldOptions = {}) {
  return applyDecorators(
    ...property(options, { enum: Object.values(enumType) }),
    IsEnum(enumType, { message: `$property must be one of ${Object.values(enumType).join(', ')}` }),
  );
}

export function EnumArrayField(enumType: Record<string, string>, options: FieldOptions & { maxItems: number }) {
  return applyDecorators(
    ...property(options, { enum: Object.values(enumType), isArray: true }),
    ArrayMinSize(1),
    ArrayMaxSize(options.maxItems),
    ArrayUnique(),
    IsEnum(enumType, { each: true, message: `each value in $property must be one of ${Object.values(enumType).join(', ')}` }),
  );
}

export function BoolField(options: FieldOptions = {}) {
  return applyDecorators(...property(options, { type: Boolean }), IsBoolean());
}

/** Integers from the query string (`?page=2`) or JSON bodies. */
export function IntField(options: FieldOptions & { min: number; max: number }) {
  return applyDecorators(
    ...property(options, { type: Number, minimum: options.min, maximum: options.max }),
    Type(() => Number),
    IsInt(),
    Min(options.min),
    Max(options.max),
  );
}

/** `?page&pageSize`, the paging of every list (DESIGN §7). */
export class PageQueryDto {
  @IntField({ optional: true, min: 1, max: 100000, description: 'page number, from 1' })
  page?: number;

  @IntField({ optional: true, min: 1, max: 200, description: 'rows per page (default 50)' })
  pageSize?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export function paging(query: PageQueryDto): { page: number; pageSize: number; offset: number } {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 50;
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/** `?active=true|false` from a query string. */
export function BoolQueryField(options: FieldOptions = {}) {
  return applyDecorators(
    ...property({ ...options, optional: true }, { type: Boolean }),
    Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)),
    IsBoolean({ message: '$property must be true or false' }),
  );
}

/** A path id that must be a UUID: `@IdParam() id: string`. */
export const IdParam = (name = 'id') =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () => new BadRequestError('INVALID_ID', `${name} must be a UUID`, `รหัสอ้างอิง ${name} ไม่ถูกต้อง (ต้องเป็น UUID)`),
    }),
  );

export function emptyPage<T>(query: PageQueryDto): Page<T> {
  const { page, pageSize } = paging(query);
  return { items: [], total: 0, page, pageSize };
}

/**
 * A finite number with at most `decimals` decimals. class-validator's maxDecimalPlaces reads the
 * number's text and throws on one printed with an exponent (1e-7), which would answer 500.
 */
function IsDecimal(decimals: number, message: string) {
  return ValidateBy({
    name: 'isDecimal',
    validator: {
      validate: (value: unknown) => typeof value === 'number' && Number.isFinite(value) && Number(value.toFixed(decimals)) === value,
      defaultMessage: () => message,
    },
  });
}

/** A list of objects validated one by one: a list or a scalar in place of an object is refused (400), never read. */
export function EachObject() {
  return IsObject({ each: true, message: 'each value in $property must be an object' });
}

/** An optional measure (quantity, grams, baht): a finite number in [min, max] with at most `decimals` decimals. */
export function MeasureField(options: { min?: number; max: number; decimals?: number; description?: string }) {
  const min = options.min ?? 0;
  const decimals = options.decimals ?? 3;
  return applyDecorators(
    ApiPropertyOptional({ type: Number, minimum: min, maximum: options.max, description: options.description }),
    IsOptional(),
    IsDecimal(decimals, `$property must be a number with at most ${decimals} decimals`),
    Min(min),
    Max(options.max),
  );
}

const DATE_TIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A moment: ISO 8601 date and time with its offset ("2026-11-30T16:00:00+07:00"); a date alone is ambiguous. */
export function DateTimeField(options: FieldOptions = {}) {
  return applyDecorators(
    ...property(options, { type: String, format: 'date-time', example: options.example ?? '2026-11-30T16:00:00+07:00' }),
    IsString(),
    Matches(DATE_TIME_WITH_OFFSET, { message: '$property must be a date and time with offset, e.g. 2026-11-30T16:00:00+07:00' }),
    IsISO8601({ strict: true }, { message: '$property is not a real date and time' }),
  );
}
