import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { type CatalogChange, CatalogChangedEvent } from '../catalog/catalog-changed.event.js';
import { AppConfig } from '../../config/app-config.js';
import { CatalogService } from '../catalog/catalog.service.js';
import type { ItemMetaLookup, ReminderItemMeta } from '../reminders/domain/reminder-ranker.js';
import { lineHead } from './domain/cart.js';

const REFRESH_AFTER_MS = 5 * 60_000;
const MAX_ENTRIES = 200_000;
/** Skus the catalog does not know, remembered apart so that they never push a product out. */
const MAX_UNKNOWN = 10_000;
const CLOCK_MS = 1000;
const LOAD_BATCH = 10_000;

interface Entry extends ReminderItemMeta {
  category: string | null;
  /** In the catalog (a sku it does not know is remembered too, so it is not looked up again). */
  known: boolean;
  at: number;
  /** The sku's cart line up to its quantity, pre-encoded (see lineHead); absent for UNKNOWN. */
  head?: string;
}

/** What the ranker sees of a product not loaded yet: not suggested until it is. */
const NOT_LOADED: ReminderItemMeta = Object.freeze({ active: false });

/** A sku the catalog does not know: accepted in carts, named by nothing, not known to be inactive. */
const UNKNOWN: Entry = Object.freeze({ name: undefined, active: true, category: null, known: false, at: Number.POSITIVE_INFINITY });

/**
 * Product names, categories and active flags for the live path, per instance, so that no cart
 * event waits on PostgreSQL: the catalog is read in the background at start-up (up to
 * MAX_ENTRIES), skus a socket needs are read when it connects, and others met later in the
 * background. Catalog writes reach every instance at once (CatalogChanges): the skus written are
 * read (again), and `version` moves whenever what entries say
 * changed, so that anything derived from them (a device's remembered ranking) is derived again.
 * A read that started before a change never overwrites what the change brings (per-sku change
 * counters); a change that cannot be read drops the entries (fail closed). Entries older than
 * REFRESH_AFTER_MS are still served but read again in the background (in case a change message
 * was lost); the oldest are dropped past MAX_ENTRIES. Skus the catalog does not know (anything a
 * client sends with `cart:add`) are remembered apart, at most MAX_UNKNOWN, so that they never push
 * a product out; once the whole catalog is held, a sku not held is unknown without any read. The
 * ranker asks for every item of a profile on every event, so ages are read against a clock
 * ticking once a second, not Date.now().
 */
@Injectable()
export class ProductInfoCache implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ProductInfoCache.name);
  private readonly entries = new Map<string, Entry>();
  /** Skus read and not found, with when: bounded on their own (the oldest forgotten first). */
  private readonly unknown = new Map<string, number>();
  /**
   * The whole catalog is held (start-up read it all, and changes since were heard): a sku not
   * held is unknown, without a read. Cleared when changes may have been missed.
   */
  private complete = false;
  /** Skus being read, and the read that brings them (awaited by a prefetch that needs them). */
  private readonly inflight = new Map<string, Promise<void>>();
  /** Skus to read at the next tick (stale) or at once (not loaded, asked for by the ranker). */
  private stale: Set<string> | undefined;
  private missing: Set<string> | undefined;
  /** Catalog changes heard, and the last one per sku cached or loading (until a later read lands). */
  private changes = 0;
  /** Times changes may have been missed (a resubscription): a warm-up across one is not complete. */
  private missedChanges = 0;
  private readonly changedAt = new Map<string, number>();
  private now = Date.now();
  private closed = false;
  private readonly clock = setInterval(() => this.tick(), CLOCK_MS).unref();
  /** Moves whenever what an entry says (name, active flag) appeared or changed. */
  version = 0;

  /**
   * The ranker's view (fail closed): a product not loaded yet is not suggested (it is loaded for
   * the next event); one the catalog does not know is not known to be inactive.
   */
  readonly ranking: ItemMetaLookup = { get: (sku) => this.get(sku) ?? this.notLoaded(sku) };

  constructor(
    private readonly catalog: CatalogService,
    private readonly config: AppConfig,
  ) {}

  @OnEvent(CatalogChangedEvent.key)
  onCatalogChanged({ change }: CatalogChangedEvent): void {
    void this.onCatalogChange(change);
  }

  /** Not awaited: the service starts at once, and serves what is not read yet as not loaded. */
  onApplicationBootstrap(): void {
    // The cart path is the API's: a worker process (which erases carts, and never serves one) reads nothing ahead.
    if (this.config.runtime.role === 'worker') return;
    void this.warm();
  }

  onModuleDestroy(): void {
    this.closed = true;
    clearInterval(this.clock);
  }

  /** Reads the catalog a page at a time (in sku order) until it is all in or the cache is full. */
  private async warm(): Promise<void> {
    let after: string | undefined;
    try {
      const changesBefore = this.missedChanges;
      for (;;) {
        if (this.closed || this.entries.size >= MAX_ENTRIES) return;
        const skus = await this.catalog.skusAfter(after, LOAD_BATCH);
        if (this.closed) return;
        if (skus.length === 0) break;
        after = skus[skus.length - 1];
        await this.load(skus.filter((sku) => !this.entries.has(sku) && !this.inflight.has(sku)));
      }
      // All of it fitted, and no change went unheard meanwhile: unknown skus need no read from now on.
      this.complete = this.missedChanges === changesBefore;
      this.logger.log(`product facts of ${this.entries.size} skus loaded`);
    } catch (error) {
      this.logger.warn({ err: error }, 'catalog warm-up stopped: skus are read as they are met');
    }
  }

  get(sku: string): Entry | undefined {
    const entry = this.entries.get(sku);
    if (entry !== undefined) {
      if (this.now - entry.at >= REFRESH_AFTER_MS) (this.stale ??= new Set()).add(sku);
      return entry;
    }
    const unknownSince = this.unknown.get(sku);
    if (unknownSince !== undefined) {
      if (!this.complete && this.now - unknownSince >= REFRESH_AFTER_MS) (this.stale ??= new Set()).add(sku);
      return UNKNOWN;
    }
    return this.complete && !this.inflight.has(sku) ? UNKNOWN : undefined;
  }

  /** Every sku has an entry (nothing to prefetch). */
  hasAll(skus: readonly string[]): boolean {
    for (const sku of skus) if (this.get(sku) === undefined) return false;
    return true;
  }

  name(sku: string): string | undefined {
    return this.get(sku)?.name;
  }

  /** The sku's cart line up to its quantity, with its name when known (pre-encoded once per product). */
  lineHead(sku: string): string {
    return this.get(sku)?.head ?? lineHead(sku, undefined);
  }

  /** Known to the catalog and active: what may be offered. */
  offerable(sku: string): boolean {
    const entry = this.get(sku);
    return entry !== undefined && entry.known && entry.active === true;
  }

  /**
   * Loads what is missing, and waits for reads already in flight for these skus (a read started
   * by the ranker or another socket), so that callers that await it find every entry there.
   */
  async prefetch(skus: Iterable<string>): Promise<void> {
    let missing: Set<string> | undefined;
    let pending: Set<Promise<void>> | undefined;
    for (const sku of skus) {
      if (this.get(sku) !== undefined) continue;
      const loading = this.inflight.get(sku);
      if (loading) (pending ??= new Set()).add(loading);
      else (missing ??= new Set()).add(sku);
    }
    if (missing) (pending ??= new Set()).add(this.load([...missing]));
    if (pending) await Promise.all(pending);
  }

  private notLoaded(sku: string): ReminderItemMeta {
    if (!this.inflight.has(sku)) {
      if (!this.missing) setImmediate(() => this.loadMissing());
      (this.missing ??= new Set()).add(sku);
    }
    return NOT_LOADED;
  }

  private loadMissing(): void {
    const missing = this.missing;
    this.missing = undefined;
    if (missing) void this.load([...missing].filter((sku) => !this.inflight.has(sku)));
  }

  private tick(): void {
    this.now = Date.now();
    const stale = this.stale;
    this.stale = undefined;
    if (stale) void this.load([...stale].filter((sku) => !this.inflight.has(sku)));
  }

  private async onCatalogChange(change: CatalogChange): Promise<void> {
    const thisChange = ++this.changes;
    if ('all' in change) {
      // Changes may have been missed: a sku not held may be a new product, read as met again.
      this.complete = false;
      this.missedChanges++;
      this.unknown.clear();
    }
    // Skus written that this instance does not hold are read too while there is room: a product
    // just created is named from the first cart event that holds it.
    const room = () => this.entries.size + this.inflight.size < MAX_ENTRIES;
    const affected =
      'all' in change
        ? [...this.entries.keys(), ...this.inflight.keys()]
        : change.skus.filter((sku) => this.entries.has(sku) || this.inflight.has(sku) || room());
    for (const sku of affected) this.changedAt.set(sku, thisChange);
    // Loads in flight re-read their changed skus when they land; cached ones are read now.
    const cached = affected.filter((sku) => !this.inflight.has(sku));
    for (let i = 0; i < cached.length; i += LOAD_BATCH) await this.load(cached.slice(i, i + LOAD_BATCH), true);
  }

  private load(skus: string[], afterChange = false): Promise<void> {
    if (skus.length === 0) return Promise.resolve();
    const loading = this.read(skus, afterChange);
    skus.forEach((sku) => this.inflight.set(sku, loading));
    return loading;
  }

  private async read(skus: string[], afterChange: boolean): Promise<void> {
    const startedAt = this.changes;
    let changed = false;
    const again: string[] = [];
    try {
      const found = await this.catalog.findBySkus(skus);
      const now = (this.now = Date.now());
      for (const sku of skus) {
        const changeSeen = this.changedAt.get(sku);
        if (changeSeen !== undefined && changeSeen > startedAt) {
          again.push(sku); // read before a catalog change: what it read may be outdated
          continue;
        }
        this.changedAt.delete(sku);
        const p = found.get(sku);
        const previous = this.entries.get(sku);
        if (!p) {
          // Not a product: remembered apart, so that made-up skus never push real products out.
          if (this.entries.delete(sku) || !this.unknown.has(sku)) changed = true;
          this.unknown.delete(sku);
          this.unknown.set(sku, now);
          continue;
        }
        const entry: Entry = {
          name: p.name,
          active: p.active,
          category: p.category ?? null,
          known: true,
          at: now,
          head: lineHead(sku, p.name),
        };
        if (!previous || previous.active !== entry.active || previous.name !== entry.name) changed = true;
        this.unknown.delete(sku);
        this.entries.set(sku, entry);
      }
      this.evict();
    } catch (error) {
      this.logger.warn({ err: error }, 'product info load failed');
      if (afterChange) {
        // A change that could not be read: forget what was known (not suggested, not offered) until read again.
        for (const sku of skus) if (this.entries.delete(sku)) changed = true;
      }
    } finally {
      // A sku is in one read at a time (callers skip skus in flight), so these marks are this read's.
      skus.forEach((sku) => this.inflight.delete(sku));
    }
    if (changed) this.version++;
    if (again.length > 0) await this.load(again, true);
  }

  private evict(): void {
    for (const key of this.entries.keys()) {
      if (this.entries.size <= MAX_ENTRIES) break;
      this.entries.delete(key);
    }
    for (const key of this.unknown.keys()) {
      if (this.unknown.size <= MAX_UNKNOWN) break;
      this.unknown.delete(key);
    }
  }
}
