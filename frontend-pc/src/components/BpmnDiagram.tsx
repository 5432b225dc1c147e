// A BPMN 2.0 diagram drawn by bpmn-js (NavigatedViewer: pan and zoom, no editing), with the
// steps of a process instance marked: done in green, waiting in orange (`canvas.addMarker` with
// the classes of styles.css). bpmn-js is loaded on demand, so only the pages that draw a diagram
// carry it. The element's SVG group gets the class, so a test reads the marks from the page.
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Space, Spin, Tag, Tooltip } from 'antd';
import { CompressOutlined, ZoomInOutlined, ZoomOutOutlined } from '@ant-design/icons';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import { useI18n } from '../i18n';
import { DONE_MARKER, diagramMarkers, doneFlows } from '../lib/approvals';

interface Instance {
  completedElements: readonly string[];
  currentElements: readonly string[];
}

interface RegistryElement {
  id: string;
  type: string;
  businessObject?: { sourceRef?: { id: string }; targetRef?: { id: string } };
}

interface Viewer {
  importXML(xml: string): Promise<{ warnings: unknown[] }>;
  get(name: 'canvas'): { zoom(level?: 'fit-viewport' | number, center?: 'auto'): number; addMarker(id: string, cls: string): void };
  get(name: 'elementRegistry'): { get(id: string): RegistryElement | undefined; filter(fn: (e: RegistryElement) => boolean): RegistryElement[] };
  destroy(): void;
}

export function BpmnDiagram({ xml, instance, height = 380, testId = 'bpmn-diagram' }: { xml: string; instance?: Instance | null; height?: number; testId?: string }) {
  const { t } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  const viewer = useRef<Viewer | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  const [error, setError] = useState<string | null>(null);
  const current = instance?.currentElements.join(',') ?? '';
  const done = instance?.completedElements.join(',') ?? '';

  useEffect(() => {
    let cancelled = false;
    setState('loading');
    (async () => {
      try {
        const { default: NavigatedViewer } = await import('bpmn-js/lib/NavigatedViewer');
        if (cancelled || !container.current) return;
        viewer.current?.destroy();
        const v = new NavigatedViewer({ container: container.current }) as unknown as Viewer;
        viewer.current = v;
        await v.importXML(xml);
        if (cancelled) return;
        const canvas = v.get('canvas');
        const registry = v.get('elementRegistry');
        const marked = { completedElements: done ? done.split(',') : [], currentElements: current ? current.split(',') : [] };
        for (const m of diagramMarkers(marked, (id) => !!registry.get(id))) canvas.addMarker(m.id, m.marker);
        const flows = registry
          .filter((e) => e.type === 'bpmn:SequenceFlow')
          .map((e) => ({ id: e.id, source: e.businessObject?.sourceRef?.id ?? '', target: e.businessObject?.targetRef?.id ?? '' }));
        for (const id of doneFlows(flows, marked)) canvas.addMarker(id, DONE_MARKER);
        canvas.zoom('fit-viewport', 'auto');
        setState('ready');
      } catch (e) {
        if (cancelled) return;
        setError(e instanceof Error ? e.message : String(e));
        setState('failed');
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [xml, current, done]);

  useEffect(() => () => viewer.current?.destroy(), []);

  const zoom = (factor: number | 'fit') => {
    const canvas = viewer.current?.get('canvas');
    if (!canvas) return;
    if (factor === 'fit') canvas.zoom('fit-viewport', 'auto');
    else canvas.zoom(canvas.zoom() * factor, 'auto');
  };

  return (
    <div data-testid={testId} data-state={state} data-current={current} data-done={done}>
      {state === 'failed' && <Alert type="error" showIcon message={t('appr.diagram.failed')} description={error} style={{ marginBottom: 8 }} />}
      <Space style={{ marginBottom: 8, width: '100%', justifyContent: 'space-between' }}>
        <Space size={4}>
          {instance && (
            <>
              <Tag color="green">{t('appr.diagram.done')}</Tag>
              <Tag color="orange">{t('appr.diagram.current')}</Tag>
            </>
          )}
        </Space>
        <Space size={4}>
          <Tooltip title={t('appr.diagram.fit')}>
            <Button size="small" icon={<CompressOutlined />} onClick={() => zoom('fit')} />
          </Tooltip>
          <Tooltip title={t('appr.diagram.zoomIn')}>
            <Button size="small" icon={<ZoomInOutlined />} onClick={() => zoom(1.2)} />
          </Tooltip>
          <Tooltip title={t('appr.diagram.zoomOut')}>
            <Button size="small" icon={<ZoomOutOutlined />} onClick={() => zoom(0.6)} />
          </Tooltip>
        </Space>
      </Space>
      <Spin spinning={state === 'loading'}>
        <div ref={container} className="cic-bpmn" style={{ height, border: '1px solid #f0f0f0', borderRadius: 6, background: '#fff' }} />
      </Spin>
    </div>
  );
}
