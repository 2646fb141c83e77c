import { useState } from 'preact/hooks';

/** The API key goes to sessionStorage (this tab only) and into a header; a form that never submits, so never into a URL. */
export function SignIn({ onKey, problem }: { onKey: (key: string) => void; problem?: string }) {
  const [key, setKey] = useState('');
  return (
    <main id="main">
      <div class="card" style={{ maxWidth: '32rem', margin: '2rem auto' }}>
        <h1>Sign in to the Panier console</h1>
        <p class="hint">Use your API key (marketer, supplier or privacy). It is kept in this tab only and sent as a header.</p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (key.trim()) onKey(key.trim());
          }}
        >
          <label class="field">
            <span>API key</span>
            <input type="password" autoComplete="off" required value={key} onInput={(e) => setKey(e.currentTarget.value)} />
          </label>
          {problem && (
            <p class="error" role="alert">
              {problem}
            </p>
          )}
          <p>
            <button class="primary" type="submit">
              Sign in
            </button>
          </p>
        </form>
      </div>
    </main>
  );
}
