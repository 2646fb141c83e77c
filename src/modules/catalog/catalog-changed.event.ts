/** What changed: these skus, or possibly anything (messages may have been missed). */
export type CatalogChange = { skus: string[] } | { all: true };

/** Products were written on some instance (or changes may have been missed: `all`). */
export class CatalogChangedEvent {
  static readonly key = 'catalog.changed';

  constructor(readonly change: CatalogChange) {}
}
