import { useEffect, useState } from 'preact/hooks';
import { type Api, type Schemas, must } from '../api/client';
import { BarChart } from '../common/BarChart';
import { ErrorNotice } from '../common/ErrorNotice';
import { dateTime, money, percent } from '../common/format';
import { upliftInterval } from '../common/holdout';

type Campaign = Schemas['CampaignResponseDto'];
type Stats = Schemas['CampaignStatsResponseDto'];
type Step = 'launch' | 'pause' | 'resume' | 'cancel';

/** How often the page asks for the stats during the fan-out, and afterwards while conversions can still come (docs/console.md, "Live figures"). */
export const POLL_MS = 2000;
export const CONVERSIONS_POLL_MS = 10_000;
const DAY_MS = 86_400_000;
const FANNING_OUT = new Set(['scheduled', 'running', 'paused']);

const STEPS: Record<string, Step[]> = {
  draft: ['launch', 'cancel'],
  scheduled: ['pause', 'cancel'],
  running: ['pause', 'cancel'],
  paused: ['resume', 'cancel'],
};

export function CampaignPage({ api, id }: { api: Api; id: string }) {
  const [campaign, setCampaign] = useState<Campaign>();
  const [stats, setStats] = useState<Stats>();
  const [error, setError] = useState<Error>();
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let live = true;
    const path = { params: { path: { id } } };
    Promise.all([must(api.GET('/v1/campaigns/{id}', path)), must(api.GET('/v1/campaigns/{id}/stats', path))]).then(
      ([c, s]) => live && (setCampaign(c), setStats(s), setError(undefined)),
      (e: Error) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [api, id, tick]);

  // A cheap poll while the figures can move: every 2 s during the fan-out, then every 10 s while
  // conversions can still arrive (validDays after launch); none once the campaign is over.
  const every = campaign ? pollEvery(campaign, stats) : undefined;
  useEffect(() => {
    if (every === undefined) return;
    const timer = setTimeout(() => setTick((t) => t + 1), every);
    return () => clearTimeout(timer);
  }, [every, tick]);

  const step = async (s: Step) => {
    try {
      setCampaign(await must(api.POST(`/v1/campaigns/{id}/${s}`, { params: { path: { id } } })));
      setTick((t) => t + 1);
    } catch (e) {
      setError(e as Error);
    }
  };

  if (!campaign) return error ? <ErrorNotice error={error} /> : <p role="status">Loading…</p>;
  const budget = campaign.budget;
  return (
    <>
      <section class="card" aria-labelledby="campaign-title">
        <h2 id="campaign-title">{campaign.name}</h2>
        <p>
          Status: <span class="badge">{campaign.status}</span> · {campaign.trigger === 'cart' ? 'offered from the cart' : 'broadcast'} ·{' '}
          {dateTime(campaign.startsAt)} to {dateTime(campaign.endsAt)}
          {every !== undefined && <span class="hint"> · live, updated every {every / 1000} s</span>}
        </p>
        <div class="row">
          {campaign.status === 'draft' && <a href={`#/campaigns/${id}/edit`}>Edit</a>}
          {(STEPS[campaign.status] ?? []).map((s) => (
            <button key={s} type="button" class={s === 'cancel' ? 'danger' : 'primary'} onClick={() => void step(s)}>
              {s[0].toUpperCase() + s.slice(1)}
            </button>
          ))}
        </div>
        <ErrorNotice error={error} />
      </section>
      {stats && <Figures stats={stats} budgetCents={budget.totalCents} />}
    </>
  );
}

function pollEvery(campaign: Campaign, stats: Stats | undefined): number | undefined {
  if (FANNING_OUT.has(campaign.status) || (campaign.launchedAt !== null && stats?.dispatchCompletedAt === null)) return POLL_MS;
  if (campaign.launchedAt === null || campaign.status === 'cancelled') return undefined;
  const validDays = (campaign.offer as { validDays: number }).validDays;
  return Date.now() < Date.parse(campaign.launchedAt) + validDays * DAY_MS ? CONVERSIONS_POLL_MS : undefined;
}

function Figures({ stats, budgetCents }: { stats: Stats; budgetCents: number }) {
  const treated = stats.audience - stats.holdout;
  const decided = Math.max(0, treated - stats.queued);
  const holdoutConverted = Math.round((stats.conversion.holdout ?? 0) * stats.holdout);
  const ci = upliftInterval({ converted: stats.converted, size: treated }, { converted: holdoutConverted, size: stats.holdout });
  const figures: Array<[string, string]> = [
    ['Audience', stats.audience.toLocaleString('en')],
    ['Decided', decided.toLocaleString('en')],
    ['Queued', stats.queued.toLocaleString('en')],
    ['Delivered in app', stats.delivered.in_app.toLocaleString('en')],
    ['Delivered by push', stats.delivered.push.toLocaleString('en')],
    ['Seen', stats.seen.toLocaleString('en')],
    ['Converted', stats.converted.toLocaleString('en')],
    ['Spent', `${money(stats.spentCents)} of ${money(budgetCents)}`],
  ];
  return (
    <div class="grid">
      <section class="card" aria-labelledby="fanout-title">
        <h2 id="fanout-title">Fan-out</h2>
        <dl class="figures" aria-label="Campaign figures">
          {figures.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
        <BarChart
          title="Shoppers at each step"
          summary={`Decided ${decided}, delivered in app ${stats.delivered.in_app}, by push ${stats.delivered.push}, seen ${stats.seen}, converted ${stats.converted}`}
          labels={['Decided', 'In app', 'Push', 'Seen', 'Converted']}
          series={[
            {
              label: 'Shoppers',
              color: '#0b5cad',
              values: [decided, stats.delivered.in_app, stats.delivered.push, stats.seen, stats.converted],
            },
          ]}
        />
      </section>
      <section class="card" aria-labelledby="spend-title">
        <h2 id="spend-title">Spend and suppressions</h2>
        <BarChart
          title="Spend against budget (€)"
          summary={`Spent ${money(stats.spentCents)} of a ${money(budgetCents)} budget`}
          horizontal
          labels={['Budget', 'Spent']}
          series={[{ label: 'Euros', color: '#1d6b35', values: [budgetCents / 100, stats.spentCents / 100] }]}
        />
        <BarChart
          title="Not sent, by reason (shoppers)"
          summary={`Not sent: no consent ${stats.suppressed.noConsent}, frequency cap ${stats.suppressed.frequencyCap}, budget ${stats.suppressed.budget}, waiting for quiet hours ${stats.deferredQuietHours}, failed ${stats.failed}`}
          labels={['No consent', 'Frequency cap', 'Budget', 'Quiet hours (waiting)', 'Failed']}
          series={[
            {
              label: 'Shoppers',
              color: '#a4161a',
              values: [
                stats.suppressed.noConsent,
                stats.suppressed.frequencyCap,
                stats.suppressed.budget,
                stats.deferredQuietHours,
                stats.failed,
              ],
            },
          ]}
        />
      </section>
      <section class="card" aria-labelledby="holdout-title">
        <h2 id="holdout-title">Holdout comparison</h2>
        <p>
          {shoppers(treated)} offered, {shoppers(stats.holdout)} held out. Conversion: {percent(stats.conversion.treatment)} offered,{' '}
          {percent(stats.conversion.holdout)} held out.
        </p>
        <p>
          Uplift: <strong>{percent(stats.uplift.absolute)}</strong>
          {ci ? (
            <>
              {' '}
              (95 % confidence interval {percent(ci.low)} to {percent(ci.high)}
              {ci.low <= 0 && ci.high >= 0 ? '; not distinguishable from no effect yet' : ''})
            </>
          ) : (
            ' (no interval while a group is empty)'
          )}
        </p>
        <BarChart
          title="Conversion, offered against held out"
          summary={`Conversion ${percent(stats.conversion.treatment)} offered against ${percent(stats.conversion.holdout)} held out`}
          labels={['Offered', 'Held out']}
          unit=" %"
          series={[
            {
              label: 'Conversion',
              color: '#6b3fa0',
              values: [(stats.conversion.treatment ?? 0) * 100, (stats.conversion.holdout ?? 0) * 100],
            },
          ]}
        />
      </section>
    </div>
  );
}

const shoppers = (n: number) => `${n.toLocaleString('en')} ${n === 1 ? 'shopper' : 'shoppers'}`;
