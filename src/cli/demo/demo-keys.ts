import { chmod, readFile, writeFile } from 'node:fs/promises';
import type { INestApplicationContext } from '@nestjs/common';
import { PrismaService } from '../../infra/database/prisma.service.js';
import { ApiKeysService } from '../../modules/api-keys/api-keys.service.js';
import { StaffRole } from '../../modules/auth/domain/principal.js';

export const DEMO_ROLES = [StaffRole.Marketer, StaffRole.Supplier, StaffRole.Privacy, StaffRole.Ingest] as const;

export interface DemoKey {
  role: StaffRole;
  key: string;
  /** Minted by this run (the one kept in the file was missing, revoked or another role's). */
  minted: boolean;
}

/**
 * One usable key per demo role, every run: keys are stored hashed, so the demo keeps its own
 * secrets in a file readable by the user only (like .env) and mints again only the ones that no
 * longer work, revoking the demo keys it lost. A re-run with the file in place changes nothing.
 */
export async function ensureDemoKeys(app: INestApplicationContext, file: string, supplierId: string): Promise<DemoKey[]> {
  const apiKeys = app.get(ApiKeysService);
  const saved = await readSaved(file);
  const out: DemoKey[] = [];
  for (const role of DEMO_ROLES) {
    const held = saved[role] ? await apiKeys.authenticate(saved[role]) : undefined;
    if (held?.role === role && (role !== StaffRole.Supplier || held.supplierId === supplierId)) {
      out.push({ role, key: saved[role], minted: false });
      continue;
    }
    const name = `demo ${role}`;
    const lost = await app.get(PrismaService).apiKey.findMany({ where: { name, revokedAt: null }, select: { id: true } });
    for (const { id } of lost) await apiKeys.revoke(id);
    const { key } = await apiKeys.create({ name, role, supplierId: role === StaffRole.Supplier ? supplierId : undefined }, 'seed');
    out.push({ role, key, minted: true });
  }
  if (out.some((k) => k.minted)) {
    await writeFile(file, JSON.stringify(Object.fromEntries(out.map((k) => [k.role, k.key])), null, 2) + '\n', { mode: 0o600 });
    await chmod(file, 0o600);
  }
  return out;
}

async function readSaved(file: string): Promise<Record<string, string>> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}
