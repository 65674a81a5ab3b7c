import { describe, expect, it } from 'vitest';
import { detailLines } from '@/features/audit/details';
import { loadAuditSearch, serializeAuditSearch } from '@/features/audit/search-params';

describe('audit details as lines', () => {
  it('shows an account update as old → new per field, secrets only as changed', () => {
    expect(
      detailLines('account.update', {
        writeBack: { from: true, to: false },
        name: { from: 'Casa Azul', to: 'Casa Azul ES' },
        appSecret: 'changed',
        accessTokenExpiresAt: { from: null, to: '2026-12-31T00:00:00.000Z' },
      }),
    ).toEqual(['Name: Casa Azul → Casa Azul ES', 'App secret: changed', 'Write-back: on → off', 'Access token expires: — → 2026-12-31T00:00:00.000Z']);
  });

  it('shows a decision with its action, reason and what TikTok says, and a refusal by its reason', () => {
    expect(
      detailLines('refund.partial_offer', {
        status: 'Pending',
        decision: 'PartialOffered',
        wroteBack: 'approveReturn',
        marketplaceStatus: 'AWAITING_BUYER_RESPONSE',
        note: 'Scratched, offered half',
      }),
    ).toEqual([
      'Decision: Partial refund offered on TikTok',
      'Sent to TikTok: yes (Approve Return)',
      'Note: Scratched, offered half',
      'TikTok status: AWAITING_BUYER_RESPONSE',
      'Status here: Pending',
    ]);
    expect(detailLines('refund.complete', { decision: 'ConfirmedRefund', wroteBack: null })).toEqual(['Decision: Refund confirmed', 'Sent to TikTok: no']);
    expect(detailLines('refund.complete', { code: 'TIKTOK_UNAVAILABLE' })).toEqual(['Reason: TikTok unavailable']);
    expect(detailLines('user.create', { email: 'a@b.test', reason: 'email_taken' })).toEqual(['Email: a@b.test', 'Reason: Email taken']);
  });

  it('counts bulk actions and cuts long lists', () => {
    const ids = Array.from({ length: 25 }, (_, i) => `40351${i}`);
    const [count, refunds] = detailLines('refund.reject.bulk', { rows: 25, succeeded: 24, refundIds: ids });
    expect(count).toBe('25 refunds: 24 done, 1 not');
    expect(refunds).toMatch(/^Refunds: 403510, 403511, .* and 5 more$/);
  });

  it('reads unknown shapes as "Key: value" lines, never JSON', () => {
    const lines = detailLines('something.new', { someFlag: false, filters: { status: 'Pending', q: 'box' }, list: [], deep: { a: { b: 1 } }, n: 3 });
    expect(lines).toEqual(['Filters: status=Pending, q=box', 'Some flag: no', 'List: none', 'Deep: a=b=1', 'N: 3']);
    expect(detailLines('x', 'just text')).toEqual(['just text']);
    expect(detailLines('x', null)).toEqual([]);
    for (const line of lines) expect(line).not.toMatch(/[{}"]/);
  });
});

describe('the audit URL contract', () => {
  it('reads every filter, and drops what it does not understand instead of failing', () => {
    expect(
      loadAuditSearch(
        new URLSearchParams('actor=ana@shop.test&action=account.&outcome=denied&target=4035111122223333001&from=2026-11-01&to=2026-11-30T23:59&before=120'),
      ),
    ).toEqual({
      actor: 'ana@shop.test',
      action: 'account.',
      outcome: 'denied',
      target: '4035111122223333001',
      from: '2026-11-01',
      to: '2026-11-30T23:59',
      before: 120,
    });
    const hostile = loadAuditSearch(
      new URLSearchParams({
        actor: 'a\u0000b',
        action: "refund.complete'; DROP TABLE audit_log",
        outcome: 'maybe',
        target: '<script>',
        from: '2026-02-30',
        to: '0000-01-01',
        before: String(2 ** 31),
      }),
    );
    expect(hostile).toEqual({ actor: 'ab', action: null, outcome: null, target: null, from: null, to: null, before: null });
    for (const before of ['0', '-1', '1.5', '1e3', '99999999999', '']) expect(loadAuditSearch(new URLSearchParams({ before })).before).toBeNull();
    expect(loadAuditSearch(new URLSearchParams({ before: String(2 ** 31 - 1) })).before).toBe(2 ** 31 - 1);
    expect(loadAuditSearch(new URLSearchParams({ target: ` ${'9'.repeat(80)} ` })).target).toBe('9'.repeat(64));
  });

  it('writes the same filters back', () => {
    expect(serializeAuditSearch({ action: 'refund.reject', target: '4035', before: 9 })).toBe('?action=refund.reject&target=4035&before=9');
  });
});
