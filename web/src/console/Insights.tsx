import { useState } from 'preact/hooks';
import { type Api, type Schemas, must } from '../api/client';
import { ErrorNotice } from '../common/ErrorNotice';
import { percent } from '../common/format';
import { SelectField } from '../common/SelectField';

type Report = Schemas['ProductInsightsResponseDto'];
type CampaignInsight = Schemas['CampaignInsightResponseDto'];
const GROUPS = ['weekday', 'hour', 'channel', 'store'] as const;

/** A withheld figure says so: it rests on too few shoppers (k-anonymity), it is not a zero. */
function Cell({ value, withheld }: { value: number | null; withheld: boolean }) {
  return withheld || value === null ? <span class="withheld">withheld</span> : <>{value.toLocaleString('en')}</>;
}

/** A supplier key's own reports: products by weekday, hour, channel or store, and a campaign's results. */
export function Insights({ api }: { api: Api }) {
  const [skus, setSkus] = useState('');
  const [groupBy, setGroupBy] = useState<(typeof GROUPS)[number]>('weekday');
  const [report, setReport] = useState<Report>();
  const [campaignId, setCampaignId] = useState('');
  const [campaign, setCampaign] = useState<CampaignInsight>();
  const [error, setError] = useState<Error>();
  const run = async (e: Event, work: () => Promise<void>) => {
    e.preventDefault();
    try {
      await work();
      setError(undefined);
    } catch (err) {
      setError(err as Error);
    }
  };
  return (
    <div class="grid">
      <section class="card" aria-labelledby="products-report">
        <h2 id="products-report">Your products</h2>
        <form
          onSubmit={(e) =>
            void run(e, async () => setReport(await must(api.GET('/v1/insights/products', { params: { query: { skus, groupBy } } }))))
          }
        >
          <div class="row">
            <label class="field">
              <span>SKUs (comma-separated)</span>
              <input required value={skus} onInput={(e) => setSkus(e.currentTarget.value)} />
            </label>
            <SelectField label="Group by" value={groupBy} onValue={(v) => setGroupBy(v as (typeof GROUPS)[number])}>
              {GROUPS.map((g) => (
                <option key={g}>{g}</option>
              ))}
            </SelectField>
            <button class="primary" type="submit">
              Show report
            </button>
          </div>
        </form>
        {report && (
          <div class="table-wrap">
            <table>
              <caption class="hint" style={{ textAlign: 'left' }}>
                {report.suppressed} rows withheld (fewer shoppers than the minimum audience)
              </caption>
              <thead>
                <tr>
                  <th scope="col">{groupBy}</th>
                  <th scope="col">Buyers</th>
                  <th scope="col">Baskets</th>
                  <th scope="col">Units</th>
                </tr>
              </thead>
              <tbody>
                {report.rows.map((r) => (
                  <tr key={r.group}>
                    <th scope="row">{r.group}</th>
                    <td>
                      <Cell value={r.buyers} withheld={r.withheld} />
                    </td>
                    <td>
                      <Cell value={r.baskets} withheld={r.withheld} />
                    </td>
                    <td>
                      <Cell value={r.units} withheld={r.withheld} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section class="card" aria-labelledby="campaign-report">
        <h2 id="campaign-report">A campaign of yours</h2>
        <form
          onSubmit={(e) =>
            void run(e, async () =>
              setCampaign(await must(api.GET('/v1/insights/campaigns/{id}', { params: { path: { id: campaignId } } }))),
            )
          }
        >
          <div class="row">
            <label class="field">
              <span>Campaign id</span>
              <input required value={campaignId} onInput={(e) => setCampaignId(e.currentTarget.value.trim())} />
            </label>
            <button class="primary" type="submit">
              Show results
            </button>
          </div>
        </form>
        {campaign && (
          <dl class="figures" aria-label="Campaign results">
            {(['audience', 'holdout', 'delivered', 'seen', 'converted'] as const).map((k) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>
                  <Cell value={campaign[k]} withheld={campaign.withheld.includes(k)} />
                </dd>
              </div>
            ))}
            <div>
              <dt>uplift</dt>
              <dd>{campaign.uplift.absolute === null ? <span class="withheld">withheld</span> : percent(campaign.uplift.absolute)}</dd>
            </div>
          </dl>
        )}
      </section>
      <ErrorNotice error={error} />
    </div>
  );
}
