import { useState } from 'preact/hooks';
import { must, publicApi } from '../api/client';
import { ErrorNotice } from '../common/ErrorNotice';
import { useLoad } from '../common/hooks';
import { SelectField } from '../common/SelectField';

/** Pick one of the demo world's shoppers; the choice goes into the URL, so the address opens the same shopper elsewhere. */
export function ShopperPicker() {
  const list = useLoad(() => must(publicApi().GET('/v1/demo/shoppers')), []);
  const [handle, setHandle] = useState('');
  const shoppers = list.data?.shoppers ?? [];
  const chosen = handle || shoppers[0]?.handle || '';
  return (
    <section class="card" aria-labelledby="pick-title" style={{ maxWidth: '40rem' }}>
      <h2 id="pick-title">Choose a demo shopper</h2>
      <ErrorNotice error={list.error} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (chosen) location.hash = `#/${chosen}`;
        }}
      >
        <SelectField label="Demo shopper" value={chosen} onValue={(v) => setHandle(v)}>
          {shoppers.map((s) => (
            <option key={s.handle} value={s.handle}>
              {s.name} ({s.handle}) — {s.persona}
            </option>
          ))}
        </SelectField>
        <p>
          <button class="primary" type="submit" disabled={!chosen}>
            Shop as this shopper
          </button>
        </p>
      </form>
    </section>
  );
}
