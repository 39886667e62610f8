import { describe, expect, it } from '@jest/globals';
import type { AppConfig } from '../config/config.js';
import { PasswordHasher } from './password-hasher.js';

const hasher = new PasswordHasher({ passwordHash: { memoryKiB: 1024, timeCost: 1 } } as AppConfig);

describe('PasswordHasher', () => {
  it('hashes with argon2id at the configured cost, salted', async () => {
    const a = await hasher.hash('รหัสผ่านภาษาไทย-1');
    const b = await hasher.hash('รหัสผ่านภาษาไทย-1');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=\d+\$/);
    expect(a).not.toBe(b);
  });

  it('verifies the right password only, and answers false for a malformed hash', async () => {
    const hash = await hasher.hash('correct horse');
    expect(await hasher.verify(hash, 'correct horse')).toBe(true);
    expect(await hasher.verify(hash, 'correct horsE')).toBe(false);
    expect(await hasher.verify('not-a-hash', 'correct horse')).toBe(false);
  });
});
