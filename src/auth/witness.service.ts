import { Inject, Injectable } from '@nestjs/common';
import { TooManyRequestsError, UnprocessableError } from '../common/errors.js';
import type { RequestContext } from '../common/request-context.js';
import { CredentialsService } from './credentials.service.js';

export interface WitnessCredentials {
  username: string;
  password: string;
}

export interface Witness {
  id: string;
  username: string;
  displayName: string;
}

const INVALID = () =>
  new UnprocessableError('WITNESS_INVALID', 'The witness username or password is wrong, or the witness is not of this station', 'ชื่อผู้ใช้หรือรหัสผ่านของพยานไม่ถูกต้อง หรือพยานไม่ได้สังกัดสถานีนี้');

export function witnessRequired(): UnprocessableError {
  return new UnprocessableError(
    'WITNESS_REQUIRED',
    'A HIGH-risk item needs a witness who signs in here (witness: {username, password})',
    'ของที่มีความเสี่ยงสูงต้องมีพยานยืนยันตัวตนในรายการนี้ (ชื่อผู้ใช้และรหัสผ่านของพยาน)',
  );
}

/**
 * A witness re-authenticates in the same request (DESIGN §3 rule 4): an active user of the same
 * station, not the actor. Wrong passwords count against the witness's login throttle, so the witness
 * field cannot be used to guess passwords faster than the login page.
 */
@Injectable()
export class WitnessService {
  constructor(@Inject(CredentialsService) private readonly credentials: CredentialsService) {}

  /** The witness, checked; `required` says whether the action needs one (HIGH-risk items). */
  async verify(ctx: RequestContext, stationId: string, credentials: WitnessCredentials | undefined, required: boolean): Promise<Witness | null> {
    if (!credentials) {
      if (!required) return null;
      throw witnessRequired();
    }
    const username = credentials.username.trim().toLowerCase();
    if (username === ctx.actor?.username) {
      throw new UnprocessableError('WITNESS_IS_ACTOR', 'The witness must be someone other than you', 'พยานต้องเป็นบุคคลอื่น ไม่ใช่ผู้ทำรายการ');
    }
    const check = await this.credentials.check(username, credentials.password);
    if (check.outcome === 'locked') {
      throw new TooManyRequestsError('WITNESS_LOCKED', 'Too many wrong passwords for this witness; try later', 'ใส่รหัสผ่านของพยานผิดหลายครั้งเกินไป กรุณาลองใหม่ภายหลัง');
    }
    if (check.outcome === 'wrong') {
      await this.credentials.recordFailure(username);
      throw INVALID();
    }
    const { user } = check;
    if (!user.active || user.stationId !== stationId) throw INVALID();
    if (user.id === ctx.actor?.id) {
      throw new UnprocessableError('WITNESS_IS_ACTOR', 'The witness must be someone other than you', 'พยานต้องเป็นบุคคลอื่น ไม่ใช่ผู้ทำรายการ');
    }
    return { id: user.id, username: user.username, displayName: user.displayName };
  }
}
