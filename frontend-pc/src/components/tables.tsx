// The PC's tables at 1366 px: every cell on one line (a date, a name, a code or an amount never
// breaks one character per line when columns are many), and the table scrolls sideways when it is
// wider than the page. Free text opts out with `textColumn` (at most a given width, cut with "…",
// the whole text in its tooltip).
import type { CSSProperties, ReactNode } from 'react';
import { Table, type TableProps } from 'antd';
import type { ColumnType } from 'antd/es/table';
import './tables.css';

/** The antd Table with the shared defaults (overridable): one-line cells, sideways scrolling,
 * columns as wide as their content (auto layout). */
export function DataTable<Row extends object>({ className, scroll, ...props }: TableProps<Row>) {
  return (
    <Table<Row>
      className={['cic-table', className].filter(Boolean).join(' ')}
      tableLayout="auto"
      scroll={{ x: 'max-content', ...scroll }}
      {...props}
    />
  );
}

/** A column of free text: at most `width` px on one line, the rest cut with "…" and shown on hover. */
export function textColumn<Row>(column: ColumnType<Row>, width = 320): ColumnType<Row> {
  const render = column.render;
  return {
    ...column,
    render: (value: unknown, row: Row, index: number) => {
      const content = (render ? render(value, row, index) : value) as ReactNode;
      const title = typeof content === 'string' ? content : typeof value === 'string' ? value : undefined;
      return (
        <Ellipsis width={width} title={title}>
          {content ?? '—'}
        </Ellipsis>
      );
    },
  };
}

/** Text on one line, at most `width` px, cut with "…"; the whole text on hover. */
export function Ellipsis({ width, title, style, children }: { width: number; title?: string; style?: CSSProperties; children: ReactNode }) {
  return (
    <span className="cic-ellipsis" style={{ maxWidth: width, ...style }} title={title ?? (typeof children === 'string' ? children : undefined)}>
      {children}
    </span>
  );
}
