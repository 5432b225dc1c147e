// ECharts through echarts-for-react's core build, with only the charts and components the
// workbench draws (a much smaller bundle than `import * as echarts`).
import { useRef } from 'react';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, PieChart } from 'echarts/charts';
import { DatasetComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsOption } from 'echarts';

echarts.use([
  BarChart, LineChart, PieChart, HeatmapChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, DatasetComponent, VisualMapComponent, CanvasRenderer,
]);

export const PALETTE = ['#0f7a5c', '#2f6fdb', '#f0a020', '#d9534f', '#7b61c4', '#20a9b4', '#8c8c8c'];

export interface ChartClick {
  name: string;
  seriesName?: string;
  dataIndex: number;
  value: unknown;
  data?: unknown;
}

interface Props {
  option: EChartsOption;
  height?: number;
  /** a click on an item (bar, point) */
  onClick?: (e: ChartClick) => void;
  /** a click anywhere in a category's band of the grid: bars can be thin, the band is not */
  onCategoryClick?: (index: number) => void;
  /** the category axis is the y axis */
  horizontal?: boolean;
  testId?: string;
}

export function Chart({ option, height = 320, onClick, onCategoryClick, horizontal, testId }: Props) {
  const holder = useRef<HTMLDivElement>(null);
  return (
    <div data-testid={testId} ref={holder} style={onCategoryClick ? { cursor: 'pointer' } : undefined}>
      <ReactEChartsCore
        echarts={echarts}
        option={{ color: PALETTE, animation: false, ...option }}
        style={{ height, width: '100%' }}
        notMerge
        onEvents={onClick ? { click: (e: ChartClick) => onClick(e) } : undefined}
        onChartReady={(instance) => {
          // The browser tests find bars through the instance (convertToPixel) and click them for real.
          if (holder.current) (holder.current as HTMLDivElement & { __echarts?: unknown }).__echarts = instance;
          if (!onCategoryClick) return;
          instance.getZr().on('click', (e: { offsetX: number; offsetY: number }) => {
            const point = [e.offsetX, e.offsetY];
            if (!instance.containPixel('grid', point)) return;
            const value = instance.convertFromPixel({ gridIndex: 0 }, point) as number[] | null;
            const index = value ? Math.round(value[horizontal ? 1 : 0]) : NaN;
            if (Number.isFinite(index) && index >= 0) onCategoryClick(index);
          });
        }}
      />
    </div>
  );
}
