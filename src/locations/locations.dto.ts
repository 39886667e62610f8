import { BoolField, BoolQueryField, CodeField, EnumField, PageQueryDto, TextField, UuidField } from '../common/validation.js';
import { type Location, LocationKind } from './location.entity.js';

export const LOCATION_CODE = /^[A-Z0-9][A-Z0-9._-]{0,31}$/;

export class CreateLocationDto {
  @CodeField({ max: 32, pattern: LOCATION_CODE, patternHint: '1-32 capital letters, digits, dot, underscore or dash', example: 'R1-S2' })
  code: string;

  @TextField({ max: 200, example: 'ห้องเก็บของกลาง 1 ชั้น 2' })
  name: string;

  @EnumField(LocationKind)
  kind: LocationKind;

  @UuidField({ optional: true })
  parentId?: string;

  @BoolField({ optional: true, description: 'defaults to true for SAFE and ARMORY, else false' })
  secure?: boolean;

  @UuidField({ optional: true, description: 'ADMIN only: the station; station users create in their own' })
  stationId?: string;
}

export class ListLocationsQueryDto extends PageQueryDto {
  @EnumField(LocationKind, { optional: true })
  kind?: LocationKind;

  @UuidField({ optional: true })
  parentId?: string;

  @BoolQueryField()
  secure?: boolean;

  @UuidField({ optional: true, description: 'ADMIN only' })
  stationId?: string;
}

export interface LocationView {
  id: string;
  stationId: string;
  code: string;
  name: string;
  kind: LocationKind;
  parentId: string | null;
  secure: boolean;
  createdAt: string;
}

export function toLocationView(location: Location): LocationView {
  return {
    id: location.id,
    stationId: location.stationId,
    code: location.code,
    name: location.name,
    kind: location.kind,
    parentId: location.parentId,
    secure: location.secure,
    createdAt: location.createdAt.toISOString(),
  };
}
