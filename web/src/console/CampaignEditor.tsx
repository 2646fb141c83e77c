import type { InputHTMLAttributes } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiFailure, type Api, must } from '../api/client';
import { ErrorNotice } from '../common/ErrorNotice';
import { useLoad } from '../common/hooks';
import { type CampaignForm, fromCampaign, missing, newCampaignForm, toBody, toPatch } from './campaign-form';
import { RuleBuilder } from './RuleBuilder';
import { SelectField } from '../common/SelectField';

const TIME_ZONES: string[] = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [
  'UTC',
];
const AUTOSAVE_MS = 600;

type Change = <K extends keyof CampaignForm>(key: K, value: CampaignForm[K]) => void;

/**
 * Create or edit a draft. The editor saves the draft as it goes (POST once, then PATCH, 600 ms
 * after the last change of a complete form) and asks GET /v1/campaigns/:id/audience after each
 * save, so the estimate is the server's, consent applied, for the rules on screen.
 */
export function CampaignEditor({ api, id: initialId }: { api: Api; id?: string }) {
  const suppliers = useLoad(() => must(api.GET('/v1/suppliers', { params: { query: { limit: 500 } } })), [api]);
  const [form, setForm] = useState<CampaignForm>(newCampaignForm);
  const [id, setId] = useState(initialId);
  const [loaded, setLoaded] = useState(!initialId);
  const [saved, setSaved] = useState<string>();
  const [estimate, setEstimate] = useState<number>();
  const [error, setError] = useState<Error>();
  const chain = useRef(Promise.resolve());
  const idRef = useRef(initialId);

  useEffect(() => {
    if (!initialId) return;
    must(api.GET('/v1/campaigns/{id}', { params: { path: { id: initialId } } })).then(
      (c) => (setForm(fromCampaign(c)), setLoaded(true)),
      (e: Error) => setError(e),
    );
  }, [api, initialId]);

  const save = async (f: CampaignForm): Promise<string | undefined> => {
    try {
      let current = idRef.current;
      if (current) await must(api.PATCH('/v1/campaigns/{id}', { params: { path: { id: current } }, body: toPatch(f) }));
      else {
        current = (await must(api.POST('/v1/campaigns', { body: toBody(f) }))).id;
        idRef.current = current;
        setId(current);
        history.replaceState(null, '', `#/campaigns/${current}/edit`);
      }
      setSaved(`Draft saved at ${new Date().toLocaleTimeString('en-GB')}`);
      setError(undefined);
      const { estimate } = await must(api.GET('/v1/campaigns/{id}/audience', { params: { path: { id: current } } }));
      setEstimate(estimate);
      return current;
    } catch (e) {
      setError(e as Error);
      return undefined;
    }
  };
  const queueSave = (f: CampaignForm) => {
    const next = chain.current.then(() => save(f));
    chain.current = next.then(() => undefined);
    return next;
  };

  const todo = missing(form);
  useEffect(() => {
    if (!loaded || todo.length > 0) return;
    const timer = setTimeout(() => void queueSave(form), AUTOSAVE_MS);
    return () => clearTimeout(timer);
    // The form is the trigger; queueSave reads it through its argument.
  }, [form, loaded]);

  const change: Change = (key, value) => setForm((f) => ({ ...f, [key]: value }));
  const launch = async () => {
    const saved = await queueSave(form);
    if (!saved) return;
    try {
      await must(api.POST('/v1/campaigns/{id}/launch', { params: { path: { id: saved } } }));
      location.hash = `#/campaigns/${saved}`;
    } catch (e) {
      setError(e as Error);
    }
  };

  if (error instanceof ApiFailure && error.status === 409 && id) {
    return (
      <p class="card">
        This campaign is no longer a draft. <a href={`#/campaigns/${id}`}>Open its page</a>
      </p>
    );
  }
  return (
    <form class="card" aria-labelledby="editor-title" onSubmit={(e) => (e.preventDefault(), void queueSave(form))}>
      <h2 id="editor-title">{id ? 'Edit draft campaign' : 'New campaign'}</h2>
      <Offer form={form} change={change} suppliers={suppliers.data?.suppliers ?? []} />
      <fieldset>
        <legend>Audience</legend>
        <p class="hint">Shoppers who match every include rule and no exclude rule, among those who allow targeted offers.</p>
        <RuleBuilder kind="Include" rules={form.include} onChange={(r) => change('include', r)} />
        <h3>Leave out</h3>
        <RuleBuilder kind="Exclude" rules={form.exclude} onChange={(r) => change('exclude', r)} />
      </fieldset>
      <Delivery form={form} change={change} />
      <div class="card" role="status" aria-live="polite" aria-atomic="true">
        {todo.length > 0 ? (
          <p>The audience estimate appears once the form has {todo.join(', ')}.</p>
        ) : (
          <p>
            <strong>
              Estimated audience:{' '}
              {estimate === undefined ? '…' : `${estimate.toLocaleString('en')} ${estimate === 1 ? 'shopper' : 'shoppers'}`}
            </strong>
            {saved && <span class="hint"> · {saved}</span>}
          </p>
        )}
      </div>
      <ErrorNotice error={error} />
      <div class="row">
        <button type="submit" disabled={todo.length > 0}>
          Save draft
        </button>
        <button type="button" class="primary" disabled={todo.length > 0} onClick={() => void launch()}>
          Launch
        </button>
        {id && <a href={`#/campaigns/${id}`}>Campaign page</a>}
      </div>
    </form>
  );
}

interface TextProps {
  label: string;
  value: string;
  onValue: (v: string) => void;
  type?: 'text' | 'number' | 'datetime-local' | 'time';
  required?: boolean;
  min?: number;
  max?: number;
  step?: string;
}

function Text({ label, value, onValue, type = 'text', ...limits }: TextProps) {
  // Preact's input attributes are a union by `type`; one component serves several types.
  const attributes = { ...limits, type } as unknown as InputHTMLAttributes<HTMLInputElement>;
  return (
    <label class="field">
      <span>{label}</span>
      <input {...attributes} value={value} onInput={(e) => onValue(e.currentTarget.value)} />
    </label>
  );
}

function Offer({ form, change, suppliers }: { form: CampaignForm; change: Change; suppliers: Array<{ id: string; name: string }> }) {
  return (
    <fieldset>
      <legend>Campaign and offer</legend>
      <div class="row">
        <Text label="Campaign name" required value={form.name} onValue={(v) => change('name', v)} />
        <SelectField label="Supplier" required value={form.supplierId} onValue={(v) => change('supplierId', v)}>
          <option value="">Choose a supplier</option>
          {suppliers.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
      </div>
      <div class="row">
        <Text label="Offer title" required value={form.title} onValue={(v) => change('title', v)} />
        <Text label="Offer text" required value={form.body} onValue={(v) => change('body', v)} />
      </div>
      <div class="row">
        <Text label="Offered products (SKUs, comma-separated)" required value={form.offerSkus} onValue={(v) => change('offerSkus', v)} />
        <SelectField
          label="Discount type"
          value={form.discountType}
          onValue={(v) => change('discountType', v as CampaignForm['discountType'])}
        >
          <option value="percent">Percent off</option>
          <option value="amount">Amount off (€)</option>
        </SelectField>
        <Text label="Discount" type="number" min={0} step="any" value={form.discountValue} onValue={(v) => change('discountValue', v)} />
        <Text label="Offer valid for (days)" type="number" min={1} value={form.validDays} onValue={(v) => change('validDays', v)} />
      </div>
    </fieldset>
  );
}

function Delivery({ form, change }: { form: CampaignForm; change: Change }) {
  return (
    <>
      <fieldset>
        <legend>Trigger and channels</legend>
        <div class="row">
          {(['broadcast', 'cart'] as const).map((t) => (
            <label key={t}>
              <input type="radio" name="trigger" checked={form.trigger === t} onChange={() => change('trigger', t)} />{' '}
              {t === 'broadcast' ? 'Send to the whole audience' : 'Offer when the cart holds…'}
            </label>
          ))}
        </div>
        {form.trigger === 'cart' && (
          <div class="row">
            <Text label="Cart products (SKUs)" value={form.cartSkus} onValue={(v) => change('cartSkus', v)} />
            <Text label="Cart categories" value={form.cartCategories} onValue={(v) => change('cartCategories', v)} />
          </div>
        )}
        <div class="row">
          <label>
            <input type="checkbox" checked={form.inApp} onChange={(e) => change('inApp', e.currentTarget.checked)} /> In the app
          </label>
          <label>
            <input type="checkbox" checked={form.push} onChange={(e) => change('push', e.currentTarget.checked)} /> Push notification
          </label>
        </div>
      </fieldset>
      <fieldset>
        <legend>Schedule</legend>
        <div class="row">
          <Text label="Starts" type="datetime-local" value={form.startsAt} onValue={(v) => change('startsAt', v)} />
          <Text label="Ends" type="datetime-local" value={form.endsAt} onValue={(v) => change('endsAt', v)} />
        </div>
        <label>
          <input type="checkbox" checked={form.quietOn} onChange={(e) => change('quietOn', e.currentTarget.checked)} /> Quiet hours
        </label>
        {form.quietOn && (
          <div class="row">
            <Text label="Quiet from" type="time" value={form.quietStart} onValue={(v) => change('quietStart', v)} />
            <Text label="Quiet until" type="time" value={form.quietEnd} onValue={(v) => change('quietEnd', v)} />
            <SelectField label="Time zone" value={form.timezone} onValue={(v) => change('timezone', v)}>
              {TIME_ZONES.map((z) => (
                <option key={z}>{z}</option>
              ))}
            </SelectField>
          </div>
        )}
      </fieldset>
      <fieldset>
        <legend>Budget and pressure</legend>
        <div class="row">
          <Text label="Budget (€)" type="number" min={0.01} step="0.01" value={form.budget} onValue={(v) => change('budget', v)} />
          <Text
            label="Cost per delivery (€)"
            type="number"
            min={0.01}
            step="0.01"
            value={form.costPerDelivery}
            onValue={(v) => change('costPerDelivery', v)}
          />
          <Text
            label="Holdout (%)"
            type="number"
            min={0}
            max={50}
            value={form.holdoutPercent}
            onValue={(v) => change('holdoutPercent', v)}
          />
        </div>
        <label>
          <input type="checkbox" checked={form.capOn} onChange={(e) => change('capOn', e.currentTarget.checked)} /> Frequency cap
        </label>
        {form.capOn && (
          <div class="row">
            <Text label="At most (offers)" type="number" min={1} value={form.capMax} onValue={(v) => change('capMax', v)} />
            <Text label="Per (hours)" type="number" min={1} value={form.capPerHours} onValue={(v) => change('capPerHours', v)} />
          </div>
        )}
      </fieldset>
    </>
  );
}
