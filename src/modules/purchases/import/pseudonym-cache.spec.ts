import { PseudonymCache } from './pseudonym.cache.js';

describe('PseudonymCache', () => {
  it('remembers pseudonyms and starts over when full, never holding more than its size', () => {
    const cache = new PseudonymCache(3);
    cache.addAll(
      new Map([
        ['a', 'p-a'],
        ['b', 'p-b'],
      ]),
    );
    expect(cache.get('a')).toBe('p-a');
    cache.addAll(
      new Map([
        ['c', 'p-c'],
        ['d', 'p-d'],
      ]),
    );
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('d')).toBe('p-d');
    cache.addAll(new Map(Array.from({ length: 5 }, (_, i) => [`x${i}`, `p${i}`])));
    expect(['x0', 'x1', 'x2', 'x3', 'x4'].filter((id) => cache.get(id)).length).toBe(3);
  });

  it('keeps nothing when sized zero', () => {
    const cache = new PseudonymCache(0);
    cache.addAll(new Map([['a', 'p-a']]));
    expect(cache.get('a')).toBeUndefined();
  });
});
