import { describe, expect, it } from 'vitest';
import { runOutcome } from '@/server/sync/engine';
import { FeedPager, type FeedRequest } from '@/server/sync/keyset';
import { parseReturn } from '@/server/tiktok/parse';
import { returnJson } from '@tools/factories/refunds';

const FROM = new Date(1_700_000_000_000);
const UNTIL = new Date(1_700_100_000_000);

/** A record with this id and update_time (seconds); undefined time: TikTok left it out. */
function record(id: number, time: number | undefined) {
  return parseReturn(returnJson({ return_id: `4035${String(id).padStart(15, '0')}`, update_time: time, create_time: 1_699_000_000 }));
}

/**
 * A server that pages `records` (sorted by update_time, then id) for update_time in [from, before),
 * with offset tokens, `pageSize` per page, reporting a wrong total_count as TikTok's example does.
 */
function server(records: ReturnType<typeof record>[], pageSize = 3) {
  const requests: FeedRequest[] = [];
  const answer = (request: FeedRequest) => {
    requests.push(request);
    const matching = records.filter((r) => {
      const t = (r.reportedUpdatedAt ?? r.updatedAt).getTime() / 1000;
      return t >= request.from && t < request.before;
    });
    const offset = Number(request.pageToken ?? 0);
    const items = matching.slice(offset, offset + pageSize);
    return { items, skipped: [], nextPageToken: offset + pageSize < matching.length ? String(offset + pageSize) : null, totalCount: 100 };
  };
  return { answer, requests };
}

function drain(pager: FeedPager, answer: (request: FeedRequest) => ReturnType<ReturnType<typeof server>['answer']>) {
  const received: string[] = [];
  let request: FeedRequest | null = pager.first();
  for (let n = 0; request && n < 1000; n++) {
    const step = pager.accept(request, answer(request));
    received.push(...step.fresh.map((r) => r.id));
    request = step.next;
  }
  if (request) throw new Error('did not terminate');
  return received;
}

const base = FROM.getTime() / 1000;

describe('keyset paging of one feed', () => {
  it('reads every record once, restarting at the greatest update_time seen and dropping the boundary repeats', () => {
    const records = [1, 2, 2, 3, 5, 5, 5, 8, 9, 13].map((dt, i) => record(i, base + dt));
    const { answer, requests } = server(records);
    const received = drain(new FeedPager(FROM, UNTIL), answer);
    expect(received).toEqual(records.map((r) => r.id));
    // Restarts at 2, 3 and 5; a page all at second 5 is paged as that one second, then on from 6.
    expect(requests.map((r) => `${r.mode}@${r.from - base}${r.pageToken ? '+token' : ''}`)).toEqual([
      'keyset@0',
      'keyset@2',
      'keyset@3',
      'keyset@5',
      'second@5',
      'keyset@6',
    ]);
  });

  it('pages a second that holds more than a page with tokens, then carries on after it', () => {
    const records = [record(1, base + 1), ...Array.from({ length: 8 }, (_, i) => record(10 + i, base + 4)), record(30, base + 6)];
    const { answer, requests } = server(records);
    const received = drain(new FeedPager(FROM, UNTIL), answer);
    expect(received.sort()).toEqual(records.map((r) => r.id).sort());
    const second = requests.filter((r) => r.mode === 'second');
    expect(second[0]).toMatchObject({ from: base + 4, before: base + 5 });
    expect(second.some((r) => r.pageToken)).toBe(true);
    expect(requests.at(-1)).toMatchObject({ mode: 'keyset', from: base + 5 });
  });

  it('stops when a server answers every request with the same page and token', () => {
    const page = { items: [record(1, 1_690_453_136)], skipped: [], nextPageToken: 'c2FtZSB0b2tlbg==', totalCount: 100 };
    let calls = 0;
    const received = drain(new FeedPager(FROM, UNTIL), () => (calls++, page));
    expect(received).toHaveLength(1);
    expect(calls).toBeLessThanOrEqual(3);
  });

  it('takes a newer copy of a record seen earlier in the run, and pages records without update_time by token', () => {
    const pager = new FeedPager(FROM, UNTIL);
    const first = pager.accept(pager.first(), { items: [record(1, base + 1), record(2, undefined)], skipped: [], nextPageToken: 'x' });
    expect(first.fresh).toHaveLength(2);
    const again = pager.accept(first.next!, { items: [record(1, base + 1), record(1, base + 50), record(2, undefined)], skipped: [], nextPageToken: null });
    expect(again.fresh.map((r) => r.reportedUpdatedAt?.getTime())).toEqual([(base + 50) * 1000]);
    expect(again.firstSeen).toBe(0);
    expect(pager.received).toBe(2);
    const timeless = new FeedPager(FROM, UNTIL);
    const step = timeless.accept(timeless.first(), { items: [record(3, undefined)], skipped: [], nextPageToken: 'next' });
    expect(step.next).toMatchObject({ mode: 'token', pageToken: 'next', from: base });
  });
});

describe('run outcome', () => {
  it('is Failed only when every account failed, Succeeded only when every one succeeded', () => {
    expect(runOutcome([])).toBe('Succeeded');
    expect(runOutcome(['Succeeded', 'Succeeded'])).toBe('Succeeded');
    expect(runOutcome(['Failed', 'Succeeded'])).toBe('PartiallyFailed');
    expect(runOutcome(['Failed', 'PartiallyFailed'])).toBe('PartiallyFailed');
    expect(runOutcome(['Failed', 'Failed'])).toBe('Failed');
  });
});
