import { useState } from 'preact/hooks';
import { type Api, type Schemas, must } from '../api/client';
import { ErrorNotice } from '../common/ErrorNotice';
import { dateTime } from '../common/format';
import { useLoad } from '../common/hooks';

type Purpose = keyof Schemas['ConsentPurposesDto'];

const PURPOSES: Array<[Purpose, string]> = [
  ['personalization', 'Reminders of items I usually buy'],
  ['targeted_offers', 'Offers from suppliers, chosen for me'],
  ['push_marketing', 'Offers as push notifications'],
  ['supplier_insights', 'Be counted in anonymous supplier reports'],
];

const BASIS: Record<Schemas['PurposeStateResponseDto']['basis'], string> = {
  consent: 'legal basis: your consent (off until you say yes)',
  legitimate_interest: 'legal basis: legitimate interest (on until you object)',
};

/** The shopper's own privacy: consents with their legal basis, a copy of their data, erasure. */
export function PrivacyCorner({ api }: { api: Api }) {
  const consents = useLoad(() => must(api.GET('/v1/me/consents')), [api]);
  const [error, setError] = useState<Error>();
  const [erasure, setErasure] = useState<string>();
  const attempt = async (work: () => Promise<void>) => {
    try {
      await work();
      setError(undefined);
    } catch (e) {
      setError(e as Error);
    }
  };
  const toggle = (purpose: Purpose, granted: boolean) =>
    attempt(async () => {
      await must(api.PUT('/v1/me/consents', { body: { [purpose]: granted, source: 'web' } }));
      consents.reload();
    });
  const download = () =>
    attempt(async () => {
      const data = await must(api.GET('/v1/me/data'));
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const link = Object.assign(document.createElement('a'), { href: url, download: 'my-panier-data.json' });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    });
  const erase = () =>
    attempt(async () => {
      if (!confirm('Delete everything Panier holds about you? This cannot be undone.')) return;
      setErasure((await must(api.DELETE('/v1/me'))).requestId);
    });

  return (
    <section class="card" aria-labelledby="privacy-title">
      <h2 id="privacy-title">Privacy</h2>
      <ErrorNotice error={consents.error ?? error} />
      <fieldset>
        <legend>What Panier may do with my data</legend>
        {PURPOSES.map(([purpose, label]) => {
          const state = consents.data?.consents[purpose];
          return (
            <div key={purpose} style={{ marginBottom: '0.5rem' }}>
              <label>
                <input
                  type="checkbox"
                  checked={state?.granted ?? false}
                  disabled={!state}
                  onChange={(e) => void toggle(purpose, e.currentTarget.checked)}
                />{' '}
                {label}
              </label>
              {state && (
                <div class="hint">
                  {BASIS[state.basis]} · {state.updatedAt ? `changed ${dateTime(state.updatedAt)} (${state.source})` : 'never changed'}
                </div>
              )}
            </div>
          );
        })}
      </fieldset>
      <div class="row">
        <button type="button" onClick={() => void download()}>
          Download my data
        </button>
        <button type="button" class="danger" onClick={() => void erase()} disabled={!!erasure}>
          Delete me
        </button>
      </div>
      {erasure && (
        <p role="status" class="status">
          Your erasure is under way (request {erasure}).
        </p>
      )}
    </section>
  );
}
