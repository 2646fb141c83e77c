import { type Api, must } from '../api/client';
import { ErrorNotice } from '../common/ErrorNotice';
import { dateTime } from '../common/format';
import { useLoad } from '../common/hooks';

/** A privacy key's view: erasure requests (GET /v1/privacy/erasure) and the audit trail. */
export function Privacy({ api }: { api: Api }) {
  const requests = useLoad(() => must(api.GET('/v1/privacy/erasure', { params: { query: { limit: 100 } } })), [api]);
  const audit = useLoad(() => must(api.GET('/v1/privacy/audit', { params: { query: { limit: 100 } } })), [api]);
  return (
    <>
      <section class="card" aria-labelledby="erasures">
        <h2 id="erasures">Erasure requests</h2>
        <ErrorNotice error={requests.error} />
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Requested</th>
                <th scope="col">Status</th>
                <th scope="col">Completed</th>
                <th scope="col">Removed</th>
              </tr>
            </thead>
            <tbody>
              {requests.data?.requests.map((r) => (
                <tr key={r.requestId}>
                  <td>{dateTime(r.requestedAt)}</td>
                  <td>
                    <span class="badge">{r.status}</span>
                    {r.error && <span class="hint"> {r.error}</span>}
                  </td>
                  <td>{dateTime(r.completedAt)}</td>
                  <td>
                    {Object.entries(r.removed)
                      .filter(([, n]) => n > 0)
                      .map(([k, n]) => `${k} ${n}`)
                      .join(', ') || '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {requests.data?.requests.length === 0 && <p>No erasure request.</p>}
      </section>
      <section class="card" aria-labelledby="audit">
        <h2 id="audit">Audit trail</h2>
        <ErrorNotice error={audit.error} />
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">Who</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {audit.data?.events.map((e) => (
                <tr key={e.id}>
                  <td>{dateTime(e.at)}</td>
                  <td>{e.kind.replace('_', ' ')}</td>
                  <td>{e.actor}</td>
                  <td>{e.reason ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
