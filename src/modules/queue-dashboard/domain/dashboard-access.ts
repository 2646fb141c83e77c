/**
 * The password of an HTTP Basic `Authorization` header (RFC 7617: `Basic base64(user:password)`,
 * the user-id holding no colon), or undefined when the header is absent or not Basic. The
 * dashboard takes any user name: the password is the API key.
 */
export function basicPassword(header: string | undefined): string | undefined {
  const match = /^Basic[ ]+([A-Za-z0-9+/]+={0,2})[ ]*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const password = decoded.slice(colon + 1);
  return password.length > 0 ? password : undefined;
}

/**
 * Dashboard actions that write job data: adding a job and replacing a job's data. Admins operate
 * the queues (retry, promote, clean, remove, pause) but may not forge jobs: a job acts with the
 * authority of its queue (an erasure job erases, which only the `privacy` role may ask for).
 * `path` is relative to the dashboard's mount point; Express routes ignore case and a trailing slash.
 */
export function writesJobData(method: string, path: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    decoded = path;
  }
  const verb = method.toUpperCase();
  return [path, decoded].some(
    (p) =>
      (verb === 'POST' && /^\/api\/queues\/[^/]+\/add\/?$/i.test(p)) ||
      (verb !== 'GET' && verb !== 'HEAD' && /^\/api\/queues\/[^/]+\/[^/]+\/update-data\/?$/i.test(p)),
  );
}
