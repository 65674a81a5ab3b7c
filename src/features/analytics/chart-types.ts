import type { GridFilter } from './links';

/**
 * What a chart is given: plain, serializable figures built on the server (./chart-data.ts) and
 * drawn by the client charts (components/). Links are not spelled out per bar: a bar's link is the
 * chart's base filter narrowed by its row's and its series' (gridHref, ./links.ts), built on click,
 * which keeps a month of ten shops' bars to a few KB of page.
 */

export type ValueFormat = 'count' | 'money' | 'percent' | 'hours';

interface ChartSeries {
  key: string;
  name: string;
  color: string;
  /** What this series narrows a bar's link to (a shop, an answer source, a kind of decision); null: its bars link nowhere. */
  link?: Partial<GridFilter> | null;
}

export interface ChartRow {
  label: string;
  /** Bar heights: counts, or amounts as numbers only for drawing (the exact amount is in `texts`). */
  values: Record<string, number>;
  /** What the tooltip says where the value alone would not do (exact money, a rate's parts). */
  texts?: Record<string, string>;
  /** What this row narrows its bars' links to (a period, a reason, a SKU); null: its bars link nowhere. */
  link?: Partial<GridFilter> | null;
}

export interface BarsSpec {
  id: string;
  /** Names the chart for assistive technology (the card shows it as its heading). */
  title: string;
  /** columns: categories along the bottom (periods); rows: one bar per line (reasons, SKUs, operators). */
  layout: 'columns' | 'rows';
  stacked: boolean;
  format: ValueFormat;
  series: ChartSeries[];
  rows: ChartRow[];
  /** The page's filters as the grid's: every bar's link starts from it. */
  link: GridFilter;
  /** A line over the bars on its own axis (the mean response time). */
  line?: ChartSeries & { format: ValueFormat };
}

interface DonutSlice {
  key: string;
  name: string;
  color: string;
  value: number;
  text: string;
  href: string | null;
}

export interface DonutSpec {
  id: string;
  title: string;
  slices: DonutSlice[];
}
