import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { client } from '../api/client';
import { ProcessDefinitionsQuery, UploadProcessMutation } from '../api/operations';
import { renderWithProviders } from '../test/render';
import ProcessesPage from './ProcessesPage';

vi.mock('../components/BpmnDiagram', () => ({ BpmnDiagram: () => <div data-testid="process-diagram" /> }));
vi.mock('../session', () => ({ useSession: () => ({ me: { orgUnit: { level: 'BANK' } }, can: (p: string) => p === 'PROCESS_ADMIN' }) }));

afterEach(() => vi.restoreAllMocks());

const SLOW = { timeout: 5_000 };

const definition = {
  id: 'd1', key: 'MULTI_LEVEL', version: 1, status: 'ACTIVE', name: '多级审批（按金额分级）', template: true, createdBy: 'cic', createdAt: '2026-12-01T00:00:00Z', bank: null,
  lanes: [{ name: '网点审批岗', role: 'BRANCH_MANAGER', level: 'BRANCH' }], tasks: [], timers: [],
};

describe('ProcessesPage', { timeout: 30_000 }, () => {
  it('lists the processes in words and shows each refusal of an upload by its label and message', async () => {
    const uploads: unknown[] = [];
    vi.spyOn(client, 'request').mockImplementation(async (doc: unknown, variables?: unknown) => {
      if (doc === ProcessDefinitionsQuery) return { processDefinitions: [definition] };
      if (doc === UploadProcessMutation) {
        uploads.push(variables);
        return {
          uploadProcess: {
            process: null,
            errors: [
              { field: 'bpmnXml', code: 'BPMN_UNSUPPORTED_ELEMENT', message: '不支持的元素 scriptTask（calc）', messageEn: 'unsupported element scriptTask (calc)' },
              { field: 'bpmnXml', code: 'BPMN_LANE_ROLE', message: '泳道“审批岗”未指定 cic:role', messageEn: 'lane without cic:role' },
            ],
          },
        };
      }
      throw new Error(`unexpected ${String(doc).slice(0, 40)}`);
    });
    renderWithProviders(<ProcessesPage />);
    const name = await screen.findByText('多级审批（按金额分级）', {}, SLOW);
    const row = name.closest('tr') as HTMLElement;
    expect(row).toHaveTextContent('模板');
    expect(row).toHaveTextContent('使用中');
    expect(row).toHaveTextContent('网点审批岗：网点负责人 @ 网点');
    fireEvent.click(screen.getByTestId('process-upload'));
    await waitFor(() => expect(document.getElementById('process-xml')).not.toBeNull(), SLOW);
    fireEvent.change(document.getElementById('process-xml')!, { target: { value: '<bpmn:definitions/>' } });
    fireEvent.click(document.getElementById('process-upload-confirm')!);
    const items = await screen.findAllByTestId('process-upload-error', {}, SLOW);
    expect(items.map((i) => i.textContent)).toEqual(['流程包含不支持的元素：不支持的元素 scriptTask（calc）', '泳道未指定审批角色：泳道“审批岗”未指定 cic:role']);
    expect(uploads).toEqual([{ input: { bpmnXml: '<bpmn:definitions/>', bankId: null } }]);
  });
});
