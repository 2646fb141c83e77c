import { ApiFailure } from '../api/client';

/** An error as the user should read it: the server's message and, for a form, each field named. */
export function ErrorNotice({ error }: { error?: Error | null }) {
  if (!error) return null;
  const details = error instanceof ApiFailure ? error.details : [];
  return (
    <div class="error" role="alert">
      <p style={{ margin: 0 }}>{error.message}</p>
      {details.length > 0 && (
        <ul>
          {details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
