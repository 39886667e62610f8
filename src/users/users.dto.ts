import { Role } from '../common/roles.js';
import { BoolQueryField, EnumArrayField, EnumField, PageQueryDto, TextField, UuidField } from '../common/validation.js';
import type { User } from './user.entity.js';

export const USERNAME = /^[a-zA-Z0-9._-]{3,64}$/;

export class CreateUserDto {
  @TextField({ max: 64, pattern: USERNAME, patternHint: '3-64 letters, digits, dot, underscore or dash', example: 'clerk1' })
  username: string;

  @TextField({ max: 200, min: 8, description: 'at least 8 characters' })
  password: string;

  @TextField({ max: 200, example: 'สมชาย ใจดี' })
  displayName: string;

  @TextField({ max: 100, example: 'ร.ต.อ.' })
  rank: string;

  @TextField({ max: 200, optional: true, example: 'รอง สว.อก.' })
  position?: string;

  @EnumArrayField(Role, { maxItems: 7 })
  roles: Role[];

  @UuidField({ optional: true, description: 'required for every role but ADMIN' })
  stationId?: string;
}

export class ListUsersQueryDto extends PageQueryDto {
  @UuidField({ optional: true, description: 'ADMIN only: one station' })
  stationId?: string;

  @EnumField(Role, { optional: true })
  role?: Role;

  @BoolQueryField()
  active?: boolean;

  @TextField({ max: 100, optional: true })
  q?: string;
}

export class ChangePasswordDto {
  @TextField({ max: 200, min: 8 })
  password: string;
}

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  rank: string;
  position: string | null;
  roles: Role[];
  stationId: string | null;
  active: boolean;
  createdAt: string;
}

/** What the API shows of a user: never the password hash. */
export function toUserView(user: User): UserView {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    rank: user.rank,
    position: user.position,
    roles: user.roles,
    stationId: user.stationId,
    active: user.active,
    createdAt: user.createdAt.toISOString(),
  };
}
