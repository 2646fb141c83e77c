import { useCallback, useEffect, useState } from 'preact/hooks';

/** The page's place, kept in the URL's fragment (`#/campaigns/…`) so that it survives a reload and can be shared; never a secret. */
export function useHashRoute(): string {
  const read = () => location.hash.replace(/^#/, '') || '/';
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onChange = () => setRoute(read());
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

/** A value kept in sessionStorage: gone when the tab closes, never sent anywhere by the browser. */
export function useSessionValue(name: string): [string | null, (value: string | null) => void] {
  const [value, setValue] = useState(() => sessionStorage.getItem(name));
  const set = useCallback(
    (next: string | null) => {
      if (next === null) sessionStorage.removeItem(name);
      else sessionStorage.setItem(name, next);
      setValue(next);
    },
    [name],
  );
  return [value, set];
}

export interface Loaded<T> {
  data?: T;
  error?: Error;
  reload: () => void;
}

/** Runs `load` when its dependencies change (and on reload()), keeping the last answer or error. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: Error }>({});
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setState({ data }),
      (error: unknown) => live && setState((s) => ({ data: s.data, error: error instanceof Error ? error : new Error(String(error)) })),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  return { ...state, reload: useCallback(() => setTick((t) => t + 1), []) };
}
