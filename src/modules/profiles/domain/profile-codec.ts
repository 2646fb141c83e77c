/**
 * Compact binary form of a {@link HabitProfile}, stored as one Redis value and
 * read in one round trip. Integers are LEB128 varints, timestamps are day
 * deltas (one byte for most items), weights float32, and an item bought once
 * stores no weight or span (they are implied). Lossless except weights, which
 * round to float32 (relative error below 1e-7).
 *
 * Layout (v1): version, tripWindow, maxItems, halfLifeDays:f32, orders, then if
 * orders > 0: lastOrderDay, span, orderWeight:f32, trip days (newest first, as
 * gaps), items. Item: sku, timesBought, age of last purchase, [span, weight:f32],
 * trip mask (bit j set = bought on the j-th newest trip day).
 *
 * Compact because every shopper's profile lives in Redis: sizes on Ta-Feng are in
 * docs/carts-and-reminders.md.
 */
import { DAY_MS, type HabitProfile, type ItemHabit, type ProfileConfig } from './habit-profile.js';

const VERSION = 1;
const NUMERIC_SKU = /^(0|[1-9]\d{0,14})$/;

/** Thrown by {@link decodeProfile} on bytes that are not a valid v1 profile. */
export class ProfileDecodeError extends Error {
  override readonly name = 'ProfileDecodeError';
}

/** Encodes a profile into a compact Buffer. */
export function encodeProfile(profile: HabitProfile): Buffer {
  const out = new ByteWriter();
  const { config } = profile;
  out.byte(VERSION);
  out.varint(config.tripWindow);
  out.varint(config.maxItems);
  out.float32(config.halfLifeDays);
  out.varint(profile.orders);
  if (profile.orders === 0) return out.toBuffer();
  const lastDay = dayOf(profile.lastOrderAt);
  out.varint(lastDay);
  out.varint(lastDay - dayOf(profile.firstOrderAt));
  out.float32(profile.orderWeight);
  const trips = [...profile.tripDays].reverse();
  out.varint(trips.length);
  trips.forEach((day, i) => out.varint((i === 0 ? lastDay : trips[i - 1]) - day));
  out.varint(profile.items.size);
  for (const habit of profile.items.values()) writeItem(out, habit, lastDay, trips);
  return out.toBuffer();
}

/** Decodes what {@link encodeProfile} wrote. */
export function decodeProfile(bytes: Uint8Array): HabitProfile {
  const input = new ByteReader(bytes);
  const version = input.byte();
  if (version !== VERSION) throw new ProfileDecodeError(`unsupported profile version ${version}`);
  const tripWindow = input.varint();
  const maxItems = input.varint();
  const config: ProfileConfig = Object.freeze({ halfLifeDays: input.float32(), tripWindow, maxItems });
  const orders = input.varint();
  if (orders === 0) {
    input.end();
    return { config, orders, firstOrderAt: 0, lastOrderAt: 0, orderWeight: 0, tripDays: [], items: new Map() };
  }
  const lastDay = input.varint();
  const firstDay = lastDay - input.varint();
  const orderWeight = input.float32();
  const trips: number[] = [];
  for (let i = 0, n = input.varint(); i < n; i++) trips.push((i === 0 ? lastDay : trips[i - 1]) - input.varint());
  const items = new Map<string, ItemHabit>();
  for (let i = 0, n = input.varint(); i < n; i++) {
    const habit = readItem(input, lastDay, trips);
    items.set(habit.sku, habit);
  }
  input.end();
  const tripDays = trips.reverse();
  return { config, orders, firstOrderAt: firstDay * DAY_MS, lastOrderAt: lastDay * DAY_MS, orderWeight, tripDays, items };
}

function writeItem(out: ByteWriter, habit: ItemHabit, lastDay: number, tripsNewestFirst: readonly number[]): void {
  // Tag in the low bit: canonical decimal skus (most retail ids) as a number.
  if (NUMERIC_SKU.test(habit.sku)) out.varint(Number(habit.sku) * 2);
  else {
    const utf8 = Buffer.from(habit.sku, 'utf8');
    out.varint(utf8.length * 2 + 1);
    out.bytes(utf8);
  }
  const last = dayOf(habit.lastBoughtAt);
  out.varint(habit.timesBought);
  out.varint(lastDay - last);
  if (habit.timesBought > 1) {
    out.varint(last - dayOf(habit.firstBoughtAt));
    out.float32(habit.recencyWeight);
  }
  let mask = 0;
  for (const day of habit.tripDays) mask += 2 ** tripsNewestFirst.indexOf(day);
  out.varint(mask);
}

function readItem(input: ByteReader, lastDay: number, tripsNewestFirst: readonly number[]): ItemHabit {
  const tag = input.varint();
  const sku = tag % 2 === 0 ? String(tag / 2) : input.utf8((tag - 1) / 2);
  const timesBought = input.varint();
  const last = lastDay - input.varint();
  const first = timesBought > 1 ? last - input.varint() : last;
  const recencyWeight = timesBought > 1 ? input.float32() : 1;
  const tripDays: number[] = [];
  let mask = input.varint();
  for (let j = 0; mask > 0; j++, mask = Math.floor(mask / 2)) {
    if (mask % 2 === 1) {
      if (j >= tripsNewestFirst.length) throw new ProfileDecodeError('trip mask beyond trip window');
      tripDays.unshift(tripsNewestFirst[j]);
    }
  }
  return { sku, timesBought, firstBoughtAt: first * DAY_MS, lastBoughtAt: last * DAY_MS, recencyWeight, tripDays };
}

function dayOf(at: number): number {
  const day = Math.floor(at / DAY_MS);
  if (day < 0) throw new RangeError('profiles before 1970 cannot be encoded');
  return day;
}

/** Growable byte buffer; varints use arithmetic so they reach 2^53, not just 2^31. */
class ByteWriter {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  private length = 0;

  byte(value: number): void {
    this.reserve(1);
    this.buf[this.length++] = value;
  }

  varint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`cannot encode ${value} as a varint`);
    while (value >= 0x80) {
      this.byte((value % 0x80) + 0x80);
      value = Math.floor(value / 0x80);
    }
    this.byte(value);
  }

  float32(value: number): void {
    this.reserve(4);
    this.view.setFloat32(this.length, value, true);
    this.length += 4;
  }

  bytes(value: Uint8Array): void {
    this.reserve(value.length);
    this.buf.set(value, this.length);
    this.length += value.length;
  }

  toBuffer(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.length));
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.length + extra));
    grown.set(this.buf.subarray(0, this.length));
    this.buf = grown;
    this.view = new DataView(grown.buffer);
  }
}

class ByteReader {
  private readonly view: DataView;
  private offset = 0;

  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  byte(): number {
    if (this.offset >= this.buf.length) throw new ProfileDecodeError('truncated profile');
    return this.buf[this.offset++];
  }

  varint(): number {
    let value = 0;
    for (let scale = 1; ; scale *= 0x80) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if (b < 0x80) break;
      if (scale > 2 ** 49) throw new ProfileDecodeError('varint too long');
    }
    return value;
  }

  float32(): number {
    if (this.offset + 4 > this.buf.length) throw new ProfileDecodeError('truncated profile');
    const value = this.view.getFloat32(this.offset, true);
    this.offset += 4;
    return value;
  }

  utf8(length: number): string {
    if (this.offset + length > this.buf.length) throw new ProfileDecodeError('truncated profile');
    const text = Buffer.from(this.buf.subarray(this.offset, this.offset + length)).toString('utf8');
    this.offset += length;
    return text;
  }

  end(): void {
    if (this.offset !== this.buf.length) throw new ProfileDecodeError('trailing bytes after profile');
  }
}
