import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const scripts = dirname(fileURLToPath(import.meta.url));

describe("scripts/write-private-file.sh (the demo's .env)", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'panier-env-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the helper as the demo does, under the usual permissive umask. */
  const write = (file: string, input: string) =>
    execFileSync('bash', ['-c', `umask 022 && bash "${join(scripts, 'write-private-file.sh')}" "${file}"`], { input });

  it('writes the file readable and writable by its owner only, whatever the umask', () => {
    const file = join(dir, '.env');
    write(file, 'ADMIN_API_KEY=k\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe('ADMIN_API_KEY=k\n');
  });

  it('replaces a world-readable file with a private one', () => {
    const file = join(dir, '.env');
    writeFileSync(file, 'old\n', { mode: 0o644 });
    write(file, 'new\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe('new\n');
  });

  it('is how the demo writes its .env', () => {
    expect(readFileSync(join(scripts, 'demo.sh'), 'utf8')).toMatch(/\| bash scripts\/write-private-file\.sh \.env/);
  });
});
