import { TextField } from '../common/validation.js';
import type { UserView } from '../users/users.dto.js';

export class LoginDto {
  @TextField({ max: 64, example: 'clerk' })
  username: string;

  @TextField({ max: 200, example: 'secret-password' })
  password: string;
}

export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: UserView;
}

/** Claims of Khlang's bearer token; the user row is re-read on every request anyway. */
export interface TokenClaims {
  sub: string;
  st: string | null;
}
