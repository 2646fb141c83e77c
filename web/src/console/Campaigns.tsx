import { type Api, must } from '../api/client';
import { ErrorNotice } from '../common/ErrorNotice';
import { dateTime } from '../common/format';
import { useLoad } from '../common/hooks';

export function Campaigns({ api }: { api: Api }) {
  const list = useLoad(() => must(api.GET('/v1/campaigns', { params: { query: { limit: 100 } } })), [api]);
  return (
    <section class="card" aria-labelledby="campaigns-title">
      <div class="row" style={{ justifyContent: 'space-between' }}>
        <h2 id="campaigns-title">Campaigns</h2>
        <a href="#/campaigns/new">New campaign</a>
      </div>
      <ErrorNotice error={list.error} />
      <div class="table-wrap">
        <table>
          <caption class="hint" style={{ textAlign: 'left' }}>
            Newest first
          </caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Trigger</th>
              <th scope="col">Starts</th>
            </tr>
          </thead>
          <tbody>
            {list.data?.campaigns.map((c) => (
              <tr key={c.id}>
                <td>
                  <a href={`#/campaigns/${c.id}`}>{c.name}</a>
                </td>
                <td>
                  <span class="badge">{c.status}</span>
                </td>
                <td>{c.trigger}</td>
                <td>{dateTime(c.startsAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {list.data?.campaigns.length === 0 && <p>No campaign yet.</p>}
    </section>
  );
}
