/**
 * The population stats as one binary value (stored in Redis by the job that builds them, read by
 * every instance): a header, the typed arrays back to back, then the skus. The arrays are copied
 * as they are, so decoding is a few memcpy and a split, not a parse per item. Little-endian, as
 * every platform Node.js runs on.
 *
 * Layout (v1), u32 header: version, items n, neighbour pairs m, bytes of skus; then buyers (n u32),
 * repeatShare (n f32), cycleDays (n f32), neighbourStart (n + 1 u32), neighbours (m u32),
 * neighbourWeights (m f32), skus (UTF-8, joined by "\n", which no sku may hold).
 */
import type { PopulationStats } from './population-stats.js';

const VERSION = 1;
const HEADER_BYTES = 16;

export class PopulationDecodeError extends Error {
  override readonly name = 'PopulationDecodeError';
}

export function encodePopulation(stats: PopulationStats): Buffer {
  const skus = Buffer.from(stats.skus.join('\n'), 'utf8');
  const n = stats.skus.length;
  const m = stats.neighbours.length;
  const header = Buffer.from(new Uint32Array([VERSION, n, m, skus.length]).buffer);
  const arrays = [stats.buyers, stats.repeatShare, stats.cycleDays, stats.neighbourStart, stats.neighbours, stats.neighbourWeights];
  return Buffer.concat([header, ...arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)), skus]);
}

export function decodePopulation(bytes: Uint8Array): PopulationStats {
  if (bytes.byteLength < HEADER_BYTES) throw new PopulationDecodeError('truncated population stats');
  // A copy: Redis replies may sit at any offset, and typed arrays need aligned ones.
  const copy = new Uint8Array(bytes).buffer;
  const [version, n, m, skuBytes] = new Uint32Array(copy, 0, 4);
  if (version !== VERSION) throw new PopulationDecodeError(`unsupported population stats version ${version}`);
  const expected = HEADER_BYTES + 4 * (n * 4 + 1 + m * 2) + skuBytes;
  if (bytes.byteLength !== expected) throw new PopulationDecodeError(`population stats of ${bytes.byteLength} bytes, expected ${expected}`);
  let at = HEADER_BYTES;
  const take = <T>(make: (buffer: ArrayBuffer, offset: number, length: number) => T, length: number): T => {
    const out = make(copy, at, length);
    at += length * 4;
    return out;
  };
  const u32 = (b: ArrayBuffer, o: number, l: number) => new Uint32Array(b, o, l);
  const f32 = (b: ArrayBuffer, o: number, l: number) => new Float32Array(b, o, l);
  const buyers = take(u32, n);
  const repeatShare = take(f32, n);
  const cycleDays = take(f32, n);
  const neighbourStart = take(u32, n + 1);
  const neighbours = take(u32, m);
  const neighbourWeights = take(f32, m);
  const skus = n === 0 ? [] : Buffer.from(copy, at, skuBytes).toString('utf8').split('\n');
  if (skus.length !== n || neighbourStart[n] !== m) throw new PopulationDecodeError('inconsistent population stats');
  for (let k = 0; k < m; k++) if (neighbours[k] >= n) throw new PopulationDecodeError('neighbour beyond the items');
  return {
    skus,
    index: new Map(skus.map((sku, i) => [sku, i])),
    buyers,
    repeatShare,
    cycleDays,
    neighbourStart,
    neighbours,
    neighbourWeights,
  };
}
