/**
 * What a chart is given: plain, serializable figures with their display text and the grid link of
 * each bar, built on the server (./chart-data.ts) and drawn by the client charts (components/).
 */

export type ValueFormat = 'count' | 'money' | 'percent' | 'hours';

export interface ChartSeries {
  key: string;
  name: string;
  color: string;
}

export interface ChartRow {
  label: string;
  /** Bar heights: counts, or amounts as numbers only for drawing (the exact amount is in `texts`). */
  values: Record<string, number>;
  /** What the tooltip says for each series: the exact figure. */
  texts: Record<string, string>;
  /** Where clicking each series' bar goes (the grid filtered to it); absent when nothing can be filtered. */
  hrefs: Record<string, string>;
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
  /** A line over the bars on its own axis (the mean response time). */
  line?: ChartSeries & { format: ValueFormat };
}

export interface DonutSlice {
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
