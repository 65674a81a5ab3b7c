import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { exportColumnsFor, exportCsv, type ExportShape } from '@/features/refunds/export';
import { FILTER_KEYS, loadRefundSearch } from '@/features/refunds/search-params';
import { audit, SYSTEM_ACTORS } from '@/server/audit';
import { env } from '@/server/config';
import { ensureLocalSecrets, loadEnv, runMain, UsageError, withDatabase } from './lib/runtime';

/**
 * `npm run export -- --out <file> [--shape refunds|lines] [filters]`: the grid's CSV export for
 * scheduled finance reports (`lines`: one row per refunded SKU, for accounting imports).
 * Filters use the grid's URL names (--status Pending,Requested --createdFrom 2026-11-01 ...), and,
 * unlike the URL, a value the grid would ignore is an error here: a report must not silently widen.
 */
const NAMES = [...FILTER_KEYS, 'sort', 'dir', 'columns'] as const;
const USAGE = `usage: npm run export -- --out <file.csv> [--shape refunds|lines] [--${NAMES.join(' <v>] [--')} <v>]
  e.g. npm run export -- --out november.csv --createdFrom 2026-11-01 --createdTo 2026-11-30 --status Refund`;

runMain(async () => {
  loadEnv();
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      options: { out: { type: 'string' }, shape: { type: 'string' }, ...Object.fromEntries(NAMES.map((name) => [name, { type: 'string' as const }])) },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  if (!values.out) throw new UsageError(`--out is required\n${USAGE}`);
  if (values.shape !== undefined && values.shape !== 'refunds' && values.shape !== 'lines')
    throw new UsageError(`--shape ${values.shape} is not a valid value: refunds or lines\n${USAGE}`);
  if (values.shape === 'lines' && values.columns !== undefined) throw new UsageError(`--columns applies to --shape refunds only\n${USAGE}`);
  const params = new URLSearchParams();
  for (const name of NAMES) if (values[name] !== undefined && name !== 'columns') params.set(name, values[name]);
  const search = loadRefundSearch(params);
  for (const name of NAMES) {
    if (name === 'columns' || values[name] === undefined) continue;
    const parsed = search[name as keyof typeof search];
    const given = values[name].split(',').filter(Boolean).length;
    const kept = Array.isArray(parsed) ? parsed.length : parsed === null ? 0 : 1;
    if (kept === 0 || (Array.isArray(parsed) && name !== 'refundId' && name !== 'orderId' && kept < given))
      throw new UsageError(`--${name} ${values[name]} is not a valid value`);
  }
  const shape: ExportShape =
    values.shape === 'lines' ? { kind: 'lines' } : { kind: 'refunds', columns: exportColumnsFor(values.columns ? values.columns.split(',') : null) };
  await ensureLocalSecrets([]);
  return withDatabase(async () => {
    const timeZone = env.STORE_TIMEZONE;
    const out = path.resolve(values.out!);
    const partial = `${out}.partial`;
    let rows = 0;
    const stream = await exportCsv(search, timeZone, shape, (result) => {
      if ('rows' in result) rows = result.rows;
    });
    try {
      await pipeline(stream, createWriteStream(partial));
      // A half-written report is never left under the final name.
      await rename(partial, out);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    await audit({
      actor: SYSTEM_ACTORS.cli,
      action: 'refund.export',
      outcome: 'ok',
      details: { filters: Object.fromEntries(params), shape: shape.kind, rows, file: path.basename(out) },
    });
    console.log(`wrote ${rows} ${shape.kind === 'lines' ? 'refund line(s)' : 'refund(s)'} to ${out} (times in ${timeZone})`);
  });
});
