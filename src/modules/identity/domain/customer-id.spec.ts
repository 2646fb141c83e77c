import { randomBytes, randomUUID } from 'node:crypto';
import { lookupForm, lookupHash, normalizeCustomerId, openCustomerId, sealCustomerId } from './customer-id.js';

describe('normalizeCustomerId', () => {
  it('folds width and surrounding space, and keeps case', () => {
    expect(normalizeCustomerId('  AB12 ')).toBe('AB12');
    expect(normalizeCustomerId('ＡＢ１２')).toBe('AB12');
    expect(normalizeCustomerId('Ab12')).toBe('Ab12');
  });

  it('folds case only for the lookup, and only when configured', () => {
    expect(lookupForm('AB12', true)).toBe('ab12');
    expect(lookupForm('AB12', false)).toBe('AB12');
  });

  it('refuses empty, oversized and control-character ids', () => {
    expect(normalizeCustomerId('   ')).toBeUndefined();
    expect(normalizeCustomerId('x'.repeat(129))).toBeUndefined();
    expect(normalizeCustomerId('a\nb')).toBeUndefined();
  });
});

describe('lookupHash', () => {
  const v1 = randomBytes(32);
  const v2 = randomBytes(32);

  it('is deterministic for one key version', () => {
    expect(lookupHash(v1, 'ab12')).toBe(lookupHash(v1, 'ab12'));
    expect(lookupHash(v1, 'ab12')).not.toBe(lookupHash(v1, 'ab13'));
  });

  it('differs across key versions and never contains the id', () => {
    expect(lookupHash(v1, 'ab12')).not.toBe(lookupHash(v2, 'ab12'));
    expect(lookupHash(v1, 'ab12')).not.toContain('ab12');
  });
});

describe('identity vault sealing', () => {
  const key = { version: 3, key: randomBytes(32) };
  const pseudonym = randomUUID();

  it('round-trips and records the key version', () => {
    const sealed = sealCustomerId(key, pseudonym, 'card-0042');
    expect(sealed.keyVersion).toBe(3);
    expect(sealed.ciphertext.toString('utf8')).not.toContain('card-0042');
    expect(openCustomerId(key.key, pseudonym, sealed)).toBe('card-0042');
  });

  it('refuses a wrong key', () => {
    const sealed = sealCustomerId(key, pseudonym, 'card-0042');
    expect(() => openCustomerId(randomBytes(32), pseudonym, sealed)).toThrow();
  });

  it('refuses an entry moved to another pseudonym', () => {
    const sealed = sealCustomerId(key, pseudonym, 'card-0042');
    expect(() => openCustomerId(key.key, randomUUID(), sealed)).toThrow();
  });
});
