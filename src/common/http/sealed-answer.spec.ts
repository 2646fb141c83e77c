import { randomBytes } from 'node:crypto';
import type { KeyRing } from '../../config/app-config.js';
import { openAnswer, sealAnswer } from './sealed-answer.js';

const ring = (...versions: number[]): KeyRing => {
  const all = versions.map((version) => ({ version, key: randomBytes(32) }));
  return { active: all[all.length - 1], all };
};

describe('sealed idempotent answers', () => {
  const answer = { id: 'k1', key: 'pk_secret_value' };

  it('opens what it sealed, with the same Idempotency-Key only, and never holds the secret in clear', () => {
    const keys = ring(1);
    const sealed = sealAnswer(keys, 'idem-1', answer);
    expect(JSON.stringify(sealed)).not.toContain('pk_secret_value');
    expect(openAnswer(keys, 'idem-1', sealed)).toEqual(answer);
    expect(openAnswer(keys, 'idem-2', sealed)).toBeUndefined();
  });

  it('opens an answer sealed under an older key still in the ring, not one whose key was retired or altered', () => {
    const old = ring(1);
    const sealed = sealAnswer(old, 'idem', answer);
    const rotated: KeyRing = { active: { version: 2, key: randomBytes(32) }, all: [...old.all, { version: 2, key: randomBytes(32) }] };
    expect(openAnswer(rotated, 'idem', sealed)).toEqual(answer);
    expect(openAnswer(ring(2), 'idem', sealed)).toBeUndefined();
    const bytes = Buffer.from(sealed.sealed, 'base64');
    bytes[bytes.length - 1] ^= 1;
    expect(openAnswer(old, 'idem', { ...sealed, sealed: bytes.toString('base64') })).toBeUndefined();
  });
});
