import { describe, expect, it } from 'vitest';
import { addAccount, editAccount } from '@/features/accounts/mutations';
import { db } from '@/server/db';

const actor = { id: null, label: 'test' };

describe('updating a shop account', () => {
  it('leaves fields it was not given alone (write-back included) and audits old → new, secrets only as changed', async () => {
    const added = await addAccount(actor, {
      name: 'Casa Azul',
      appKey: 'casa_azul_app',
      appSecret: 'casa-azul-secret',
      apiBaseUrl: 'https://open-api.tiktokglobalshop.com',
      authBaseUrl: 'https://auth.tiktok-shops.com',
      writeBack: true,
    });
    if (!added.ok) throw new Error(added.message);
    const id = added.data.id;
    expect(await editAccount(actor, id, { name: 'Casa Azul ES' })).toEqual({ ok: true, data: { id } });
    expect(await db.shopAccount.findUniqueOrThrow({ where: { id } })).toMatchObject({ name: 'Casa Azul ES', writeBack: true });
    await editAccount(actor, id, { writeBack: false, appSecret: 'a-brand-new-secret' });
    const entries = await db.auditLog.findMany({ where: { action: 'account.update', targetId: String(id) }, orderBy: { id: 'asc' } });
    expect(entries.map((e) => e.details)).toEqual([
      { name: { from: 'Casa Azul', to: 'Casa Azul ES' } },
      { writeBack: { from: true, to: false }, appSecret: 'changed' },
    ]);
    expect(JSON.stringify(entries)).not.toContain('a-brand-new-secret');
  });
});
