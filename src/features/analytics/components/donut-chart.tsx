'use client';

import { useRouter } from 'next/navigation';
import { Legend, Pie, PieChart, ResponsiveContainer, Tooltip } from 'recharts';
import type { DonutSpec } from '../chart-types';

/** A donut of shares; clicking a slice opens its link (the grid filtered to it). Browser-only, like ./bars-chart.tsx. */
export function DonutChart({ spec }: { spec: DonutSpec }) {
  const router = useRouter();
  // Each slice's colour rides on its data (`fill`), which Recharts paints the sector with.
  const data = spec.slices.map((slice) => ({ name: slice.name, value: slice.value, text: slice.text, fill: slice.color }));
  return (
    <ResponsiveContainer width="100%" height={280}>
      <PieChart>
        <Pie
          data={data}
          dataKey="value"
          nameKey="name"
          innerRadius="52%"
          outerRadius="82%"
          paddingAngle={1}
          isAnimationActive={false}
          className="cursor-pointer"
          onClick={(_, index) => {
            const href = spec.slices[index]?.href;
            if (href) router.push(href);
          }}
        />
        <Tooltip formatter={(value, name, item) => [(item.payload as { text?: string } | undefined)?.text ?? String(value), name]} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
      </PieChart>
    </ResponsiveContainer>
  );
}
