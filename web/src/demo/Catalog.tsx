import { useEffect, useState } from 'preact/hooks';
import { type Api, must, type Schemas } from '../api/client';
import { ErrorNotice } from '../common/ErrorNotice';
import { useLoad } from '../common/hooks';
import { SelectField } from '../common/SelectField';

type Product = Schemas['ProductResponseDto'];

const PAGE = 24;

/** Search and browse the catalog (GET /v1/products, keyset pages), and add to the live cart. */
export function Catalog({ api, onAdd }: { api: Api; onAdd: (sku: string) => void }) {
  const [q, setQ] = useState('');
  const [category, setCategory] = useState('');
  const [products, setProducts] = useState<Product[]>([]);
  const categories = useLoad(() => must(api.GET('/v1/products/categories')), [api]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<Error>();

  const load = async (cursor?: string) => {
    try {
      const query = { q: q.trim() || undefined, category: category || undefined, limit: PAGE, cursor };
      const page = await must(api.GET('/v1/products', { params: { query } }));
      setProducts((list) => (cursor ? [...list, ...page.products] : page.products));
      setNext(page.nextCursor);
      setError(undefined);
    } catch (e) {
      setError(e as Error);
    }
  };
  // Search as the shopper types, a moment after the last key.
  useEffect(() => {
    const timer = setTimeout(() => void load(), 250);
    return () => clearTimeout(timer);
  }, [api, q, category]);

  return (
    <section class="card" aria-labelledby="catalog-title">
      <h2 id="catalog-title">Products</h2>
      <form role="search" class="row" onSubmit={(e) => (e.preventDefault(), void load())}>
        <label class="field">
          <span>Search products</span>
          <input type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </label>
        <SelectField label="Category" value={category} onValue={(v) => setCategory(v)}>
          <option value="">All categories</option>
          {categories.data?.categories.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name} ({c.products})
            </option>
          ))}
        </SelectField>
      </form>
      <ErrorNotice error={error} />
      <ul class="plain" aria-label="Products">
        {products.map((p) => (
          <li key={p.sku} class="row" style={{ justifyContent: 'space-between' }}>
            <span>
              <strong>{p.name}</strong>
              <br />
              <span class="hint">{[p.brand, p.category].filter(Boolean).join(' · ')}</span>
            </span>
            <button type="button" aria-label={`Add ${p.name} to the cart`} onClick={() => onAdd(p.sku)}>
              Add
            </button>
          </li>
        ))}
      </ul>
      {products.length === 0 && !error && <p class="hint">No product matches.</p>}
      {next && (
        <button type="button" onClick={() => void load(next)}>
          More products
        </button>
      )}
    </section>
  );
}
