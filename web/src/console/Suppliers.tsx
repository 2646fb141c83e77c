import { useState } from 'preact/hooks';
import { type Api, must } from '../api/client';
import { ErrorNotice } from '../common/ErrorNotice';
import { useLoad } from '../common/hooks';

export function Suppliers({ api }: { api: Api }) {
  const list = useLoad(() => must(api.GET('/v1/suppliers', { params: { query: { limit: 500 } } })), [api]);
  const [name, setName] = useState('');
  const [error, setError] = useState<Error>();
  const create = async (e: Event) => {
    e.preventDefault();
    try {
      await must(api.POST('/v1/suppliers', { body: { name } }));
      setName('');
      setError(undefined);
      list.reload();
    } catch (err) {
      setError(err as Error);
    }
  };
  return (
    <div class="grid">
      <section class="card" aria-labelledby="suppliers-title">
        <h2 id="suppliers-title">Suppliers</h2>
        <ErrorNotice error={list.error} />
        <ul class="plain">
          {list.data?.suppliers.map((s) => (
            <li key={s.id}>
              <strong>{s.name}</strong> <span class="hint">{s.id}</span>
            </li>
          ))}
        </ul>
        {list.data?.suppliers.length === 0 && <p>No supplier yet.</p>}
      </section>
      <section class="card" aria-labelledby="new-supplier">
        <h2 id="new-supplier">Add a supplier</h2>
        <form onSubmit={(e) => void create(e)}>
          <label class="field">
            <span>Supplier name</span>
            <input required value={name} onInput={(e) => setName(e.currentTarget.value)} />
          </label>
          <ErrorNotice error={error} />
          <p>
            <button class="primary" type="submit">
              Add supplier
            </button>
          </p>
        </form>
      </section>
    </div>
  );
}
