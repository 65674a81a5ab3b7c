import 'server-only';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { csvLine } from '@/lib/csv';
import { detailLines } from './details';
import { TARGET_TYPE_LABELS } from './labels';
import { listAuditEntries } from './queries';
import type { AuditSearch } from './search-params';

/**
 * The filtered audit log as CSV for auditors, read 500 entries at a time by the page's own keyset
 * and written as they come, so a log of any length streams in bounded memory. Text that looks like
 * a formula is neutralised by csvLine (src/lib/csv.ts).
 */

const PAGE = 500;

export function auditCsv(search: AuditSearch, timeZone: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let before = search.before;
  let started = false;
  return new ReadableStream({
    // Pulled page by page: a slow download holds the next query back instead of buffering the log.
    async pull(controller) {
      try {
        if (!started) {
          started = true;
          // A byte-order mark first, so that Excel reads the file as UTF-8.
          controller.enqueue(
            encoder.encode(
              `\uFEFF${csvLine(['Time (UTC)', `Time (${timeZone})`, 'Actor', 'Action', 'Target type', 'Target', 'Internal id', 'Details', 'Outcome', 'Client address'])}`,
            ),
          );
        }
        const page = await listAuditEntries({ ...search, before }, timeZone, PAGE);
        for (const entry of page.entries) {
          controller.enqueue(
            encoder.encode(
              csvLine([
                entry.at.toISOString(),
                format(new TZDate(entry.at.getTime(), timeZone), "yyyy-MM-dd'T'HH:mm:ss.SSSXXX"),
                entry.actor,
                entry.action,
                entry.targetType ? (TARGET_TYPE_LABELS[entry.targetType] ?? entry.targetType) : '',
                entry.target?.label ?? entry.targetId,
                entry.target?.internalId ?? entry.targetId,
                detailLines(entry.action, entry.details).join('; '),
                entry.outcome,
                entry.ipAddress,
              ]),
            ),
          );
        }
        if (page.nextBefore === null) controller.close();
        else before = page.nextBefore;
      } catch (error) {
        controller.error(error);
      }
    },
  });
}
