import { beforeAll, describe, expect, it, vi } from 'vitest';
import { editAccount } from '@/features/accounts/mutations';
import { auditCsv } from '@/features/audit/export';
import { listAuditEntries } from '@/features/audit/queries';
import { loadAuditSearch } from '@/features/audit/search-params';
import { saveView } from '@/features/refunds/views';
import { audit } from '@/server/audit';
import { db } from '@/server/db';
import { createAccount } from '@tools/factories/accounts';
import { cancellationJson, insertRefunds, returnJson } from '@tools/factories/refunds';

const UTC = 'UTC';
const admin = { id: 'user-audit-admin', label: 'audit.admin@store.test' };

const list = (query: string, timeZone = UTC, limit?: number) => listAuditEntries(loadAuditSearch(new URLSearchParams(query)), timeZone, limit);
const actionsOf = async (query: string, timeZone = UTC) => (await list(query, timeZone)).entries.map((e) => e.action);

async function csvText(query: string, timeZone = UTC): Promise<string> {
  return new Response(auditCsv(loadAuditSearch(new URLSearchParams(query)), timeZone)).text();
}

describe('the audit log', () => {
  let shared: { id: number; marketplaceRefundId: string };
  let sharedCancellation: { id: number };
  let legacy: { marketplaceRefundId: string; id: number };
  let accountId: number;
  let shopId: string;
  const orderId = '5764123400000000001';

  beforeAll(async () => {
    const account = await createAccount(db, { name: 'Casa Azul' });
    accountId = account.id;
    shopId = account.shopId!;
    await db.user.create({ data: { id: admin.id, email: admin.label, name: 'Audit Admin', role: 'admin' } });
    await db.user.create({ data: { id: 'user-audit-ana', email: 'ana@store.test', name: 'Ana' } });
    // A return and a cancellation share TikTok's id 4035111122223333001 (TikTok allows it).
    const [ret, cancellation, other] = await insertRefunds(db, accountId, [
      returnJson({ return_id: '4035111122223333001', order_id: orderId }),
      cancellationJson({ cancel_id: '4035111122223333001' }),
      returnJson({ return_id: '4035111122224444001' }),
    ]);
    const rows = await db.refund.findMany({ where: { id: { in: [ret!.id, cancellation!.id, other!.id] } }, orderBy: { id: 'asc' } });
    shared = rows[0]!;
    sharedCancellation = rows[1]!;
    legacy = rows[2]!;

    // As the decision code writes them: our row id, with TikTok's outcome.
    await audit({
      actor: admin,
      action: 'refund.reject',
      outcome: 'ok',
      targetType: 'refund',
      targetId: shared.id,
      details: {
        decision: 'Rejected',
        wroteBack: 'rejectReturn',
        rejectReason: 'seller_reject_apply_product_has_been_used',
        marketplaceStatus: 'REFUND_OR_RETURN_REQUEST_REJECT',
        status: 'Rejected',
      },
    });
    // Entries written before the row id was recorded named TikTok's id.
    await audit({
      actor: admin,
      action: 'refund.complete',
      outcome: 'failed',
      targetType: 'refund',
      targetId: legacy.marketplaceRefundId,
      details: { code: 'TIKTOK_UNAVAILABLE' },
    });
    await audit({
      actor: admin,
      action: 'refund.complete.bulk',
      outcome: 'failed',
      details: { rows: 3, succeeded: 2, refundIds: ['4035111122223333001', '4035999999999999001', null] },
    });
    await editAccount(admin, accountId, { writeBack: true, appSecret: 'a-brand-new-secret' });
    await audit({
      actor: admin,
      action: 'user.change_role',
      outcome: 'ok',
      targetType: 'user',
      targetId: 'user-audit-ana',
      details: { from: 'viewer', to: 'operator' },
    });
    await saveView({ id: 'user-audit-ana', label: 'ana@store.test' }, 'operator', { name: 'Pending over 100', query: 'status=Pending', shared: true });
    await audit({
      actor: { id: null, label: 'scheduler' },
      action: 'sync.start',
      outcome: 'ok',
      targetType: 'sync_run',
      targetId: 77,
      details: { joined: false },
    });
    await audit({
      actor: { id: null, label: '=HYPERLINK("http://evil.example")' },
      action: 'auth.sign_in',
      outcome: 'failed',
      details: { weird: { nested: [1, 2] } },
    });
  });

  it('finds a refund by TikTok refund id, order id or our id, old entries and bulk decisions included', async () => {
    expect(await actionsOf('target=4035111122223333001')).toEqual(['refund.complete.bulk', 'refund.reject']);
    expect(await actionsOf(`target=${orderId}`)).toEqual(['refund.reject']);
    // Our ids are per table: alone, one names whatever has it; with the action's family, the refund.
    expect(await actionsOf(`target=${shared.id}`)).toContain('refund.reject');
    expect(await actionsOf(`target=${shared.id}&action=refund.`)).toEqual(['refund.reject']);
    expect(await actionsOf(`target=${legacy.marketplaceRefundId}`)).toEqual(['refund.complete']);
    expect(await actionsOf(`target=${legacy.id}&action=refund.`)).toEqual(['refund.complete']);
    // Accounts by shop id or our id, users by email.
    expect(await actionsOf(`target=${shopId}`)).toEqual(['account.update']);
    expect(await actionsOf(`target=${accountId}&action=account.`)).toEqual(['account.update']);
    expect(await actionsOf('target=ana@store.test')).toEqual(['user.change_role']);
    expect(await actionsOf('target=4035000000000000000')).toEqual([]);
  });

  it('names targets as people know them, each linking where it lives', async () => {
    const { entries } = await list('');
    const target = (action: string) => entries.find((e) => e.action === action)?.target;
    expect(target('refund.reject')).toEqual({
      label: '4035111122223333001',
      detail: 'Casa Azul',
      href: `/refunds?refundId=4035111122223333001&detail=${shared.id}`,
      internalId: String(shared.id),
    });
    // An old entry by TikTok's id alone: exact when one row has it.
    expect(target('refund.complete')).toMatchObject({
      label: legacy.marketplaceRefundId,
      href: `/refunds?refundId=${legacy.marketplaceRefundId}&detail=${legacy.id}`,
    });
    expect(target('account.update')).toEqual({ label: 'Casa Azul', detail: `shop ${shopId}`, href: '/accounts', internalId: String(accountId) });
    expect(target('user.change_role')).toEqual({ label: 'ana@store.test', detail: null, href: '/users', internalId: 'user-audit-ana' });
    expect(target('view.save')).toMatchObject({ label: 'Pending over 100', href: null });
    expect(target('sync.start')).toEqual({ label: 'Sync run 77', detail: null, href: '/sync-runs', internalId: '77' });
    expect(target('auth.sign_in')).toBeNull();
    expect(sharedCancellation.id).not.toBe(shared.id);
  });

  it('resolves a whole page with one query per kind of target, not one per row', async () => {
    for (let i = 0; i < 30; i += 1) await audit({ actor: admin, action: 'refund.review_resolve', outcome: 'ok', targetType: 'refund', targetId: shared.id });
    // Every read the page makes, counted at the delegates (the model's findMany, whichever model).
    const calls: string[] = [];
    const spies = (['auditLog', 'refund', 'shopAccount', 'user', 'savedView'] as const).map((model) => vi.spyOn(db[model], 'findMany').mockName(model));
    const { entries } = await list('action=refund.review_resolve');
    for (const spy of spies) calls.push(...spy.mock.calls.map(() => spy.getMockName()));
    vi.restoreAllMocks();
    expect(entries).toHaveLength(30);
    expect(new Set(entries.map((e) => e.target?.href))).toEqual(new Set([`/refunds?refundId=4035111122223333001&detail=${shared.id}`]));
    expect(calls).toEqual(['auditLog', 'refund']);
    await db.auditLog.deleteMany({ where: { action: 'refund.review_resolve' } });
  });

  it('filters by action (a name or a family), actor, outcome and store-zone dates, and pages by keyset', async () => {
    expect(await actionsOf('action=refund.')).toEqual(['refund.complete.bulk', 'refund.complete', 'refund.reject']);
    expect(await actionsOf('action=refund.complete')).toEqual(['refund.complete']);
    expect(await actionsOf('actor=SCHEDULER')).toEqual(['sync.start']);
    expect(await actionsOf('outcome=failed&actor=audit.admin')).toEqual(['refund.complete.bulk', 'refund.complete']);
    // 23:30 UTC on 1 March is already 2 March in Berlin.
    const late = await db.auditLog.create({
      data: { at: new Date('2026-03-01T23:30:00Z'), actorLabel: 'ops@store.test', action: 'keys.rotate', outcome: 'ok' },
    });
    expect(await actionsOf('from=2026-03-02&to=2026-03-02', 'Europe/Berlin')).toEqual(['keys.rotate']);
    expect(await actionsOf('from=2026-03-01&to=2026-03-01', 'Europe/Berlin')).toEqual([]);
    expect(await actionsOf('from=2026-03-01&to=2026-03-01', UTC)).toEqual(['keys.rotate']);
    await db.auditLog.delete({ where: { id: late.id } });

    const first = await list('', UTC, 3);
    expect(first.entries).toHaveLength(3);
    const second = await list(`before=${first.nextBefore}`, UTC, 3);
    expect(second.entries[0]!.id).toBeLessThan(first.entries.at(-1)!.id);
    const all = (await list('')).entries.map((e) => e.id);
    expect([...first.entries, ...second.entries].map((e) => e.id)).toEqual(all.slice(0, 6));
  });

  it('exports the filtered log as CSV: both times, TikTok ids and names, our ids, details as text, formulas neutralised', async () => {
    const text = await csvText('', 'Europe/Berlin');
    const lines = text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('Time (UTC),Time (Europe/Berlin),Actor,Action,Target type,Target,Internal id,Details,Outcome,Client address');
    const reject = lines.find((line) => line.includes(',refund.reject,'))!;
    expect(reject).toMatch(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z,\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0[12]:00,audit\.admin@store\.test,refund\.reject,Refund,/,
    );
    expect(reject).toContain(
      `,Refund,4035111122223333001,${shared.id},Decision: Rejected on TikTok; Sent to TikTok: yes (Reject Return); Reject reason: seller_reject_apply_product_has_been_used; TikTok status: REFUND_OR_RETURN_REQUEST_REJECT; Status here: Rejected,ok,`,
    );
    expect(lines.find((line) => line.includes(',account.update,'))).toContain(
      `,Shop account,Casa Azul,${accountId},App secret: changed; Write-back: off → on,ok,`,
    );
    expect(text).not.toContain('a-brand-new-secret');
    expect(lines.find((line) => line.includes(',auth.sign_in,'))).toContain(
      `"'=HYPERLINK(""http://evil.example"")",auth.sign_in,,,,Weird: nested=1, 2,failed`.replace('Weird: nested=1, 2', '"Weird: nested=1, 2"'),
    );
    expect(text).not.toMatch(/[{}]/);
    // The same filters as the page.
    const filtered = (await csvText('target=4035111122223333001')).trimEnd().split('\r\n');
    expect(filtered).toHaveLength(3);
    expect(filtered[1]).toContain('"3 refunds: 2 done, 1 not; Refunds: 4035111122223333001, 4035999999999999001, —"');
  });
});
