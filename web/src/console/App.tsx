import { useEffect, useMemo, useState } from 'preact/hooks';
import { staffApi } from '../api/client';
import { useHashRoute, useSessionValue } from '../common/hooks';
import { CampaignEditor } from './CampaignEditor';
import { CampaignPage } from './CampaignPage';
import { Campaigns } from './Campaigns';
import { Insights } from './Insights';
import { Privacy } from './Privacy';
import { probeRole, type ConsoleRole } from './role';
import { SignIn } from './SignIn';
import { Suppliers } from './Suppliers';

const KEY = 'panier.console.apiKey';

const NAV: Record<ConsoleRole, Array<[string, string]>> = {
  marketer: [
    ['/campaigns', 'Campaigns'],
    ['/campaigns/new', 'New campaign'],
    ['/suppliers', 'Suppliers'],
  ],
  supplier: [['/insights', 'Insights']],
  privacy: [['/privacy', 'Privacy']],
};

export function App() {
  const [key, setKey] = useSessionValue(KEY);
  const [role, setRole] = useState<ConsoleRole>();
  const [problem, setProblem] = useState<string>();
  const api = useMemo(() => (key ? staffApi(key) : undefined), [key]);
  const route = useHashRoute();

  useEffect(() => {
    if (!api) return;
    probeRole(api).then(
      (found) => {
        if (found === 'invalid' || found === 'no-console') {
          setProblem(found === 'invalid' ? 'This key was refused.' : "This key's role (ingest) has no page in the console.");
          setKey(null);
        } else setRole(found);
      },
      () => setProblem('The server could not be reached.'),
    );
  }, [api, setKey]);

  if (!api) return <SignIn onKey={(k) => (setProblem(undefined), setKey(k))} problem={problem} />;
  if (!role) return <p role="status">Checking the key…</p>;
  const home = NAV[role][0][0];
  const path = NAV[role].some(([p]) => route.startsWith(p)) ? route : home;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="bar">
        <h1>Panier console</h1>
        <nav aria-label="Console">
          <ul>
            {NAV[role].map(([to, label]) => (
              <li key={to}>
                <a href={`#${to}`} aria-current={path === to ? 'page' : undefined}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span>
          <span class="badge">{role}</span>{' '}
          <button class="link" type="button" onClick={() => (setRole(undefined), setKey(null))}>
            Sign out
          </button>
        </span>
      </header>
      <main id="main" tabIndex={-1}>
        <Screen path={path} api={api} />
      </main>
    </>
  );
}

function Screen({ path, api }: { path: string; api: ReturnType<typeof staffApi> }) {
  const [, section, id, action] = path.split('/');
  switch (section) {
    case 'suppliers':
      return <Suppliers api={api} />;
    case 'insights':
      return <Insights api={api} />;
    case 'privacy':
      return <Privacy api={api} />;
    default:
      if (id === 'new') return <CampaignEditor api={api} />;
      if (id && action === 'edit') return <CampaignEditor api={api} id={id} />;
      if (id) return <CampaignPage api={api} id={id} />;
      return <Campaigns api={api} />;
  }
}
