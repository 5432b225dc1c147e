// The rule editor's condition builder: a rule's condition (CONDITIONAL_REQUIRED's `if`, a
// segment) as groups of 满足全部/满足任一 with one row per field condition, a group nested inside
// the top one, and a "高级 (JSON)" mode for what the builder cannot hold. A form control (`value`,
// `onChange`) over the API's condition JSON; the tree and its exact round trip are in
// lib/conditionTree.ts.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Col, Input, Radio, Row, Select, Space, Switch, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { enumLabel, useI18n } from '../i18n';
import { ConditionValueInput } from './segments';
import { codeOptions, indexFields, opsFor, withField, withOp, type ConditionRow, type FieldIndex, type SegmentField } from '../lib/segments';
import {
  MAX_DEPTH,
  conditionToTree,
  emptyGroup,
  emptyLeaf,
  treeProblems,
  treeToCondition,
  updateAt,
  type ConditionNode,
  type GroupNode,
  type LeafNode,
} from '../lib/conditionTree';

/** What the control holds while its JSON text does not parse (the form's validator refuses it). */
export class InvalidConditionJson {
  constructor(readonly text: string) {}
}

/** The form validator of a condition: complete rows, JSON that parses. */
export function conditionRule(t: (key: 'ruleBuilder.invalidJson' | 'ruleBuilder.incomplete') => string, required = true) {
  return {
    validator: async (_: unknown, value: unknown) => {
      if (value instanceof InvalidConditionJson) throw new Error(t('ruleBuilder.invalidJson'));
      if (value === undefined || value === null) {
        if (required) throw new Error(t('ruleBuilder.incomplete'));
        return;
      }
      const { root, editable } = conditionToTree(value);
      if (editable && treeProblems(root).length) throw new Error(t('ruleBuilder.incomplete'));
    },
  };
}

const asRow = (leaf: LeafNode): ConditionRow => ({ key: leaf.key, field: leaf.field, op: leaf.op, value: leaf.value });
const fromRow = (leaf: LeafNode, row: ConditionRow): LeafNode => ({ ...leaf, field: row.field, op: row.op, value: row.value });

function Group({
  node,
  path,
  fields,
  index,
  testId,
  onChange,
  onRemove,
}: {
  node: GroupNode;
  path: number[];
  fields: readonly SegmentField[];
  index: FieldIndex;
  testId: string;
  onChange: (path: number[], node: ConditionNode | null) => void;
  onRemove?: () => void;
}) {
  const { t } = useI18n();
  const hasCodes = (p: string | undefined) => !!codeOptions(p, t);
  const options = useMemo(() => fields.map((f) => ({ value: f.path, label: f.label })), [fields]);
  const depth = path.length;
  const name = `${testId}-${path.join('-') || 'root'}`;
  return (
    <div
      style={depth ? { borderLeft: '3px solid #91caff', background: '#f5f9ff', padding: '8px 8px 8px 12px', margin: '0 0 8px 0', borderRadius: 4 } : undefined}
      data-testid={depth ? `${testId}-group` : `${testId}-builder`}
    >
      <Space style={{ marginBottom: 8 }} wrap>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          size="small"
          value={node.combinator}
          onChange={(e) => onChange(path, { ...node, combinator: e.target.value })}
          options={[
            { value: 'all', label: t('ruleBuilder.all') },
            { value: 'any', label: t('ruleBuilder.any') },
          ]}
          data-testid={`${name}-combinator`}
        />
        {onRemove && (
          <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={onRemove}>
            {t('ruleBuilder.removeGroup')}
          </Button>
        )}
      </Space>
      {node.children.map((child, i) => {
        const at = [...path, i];
        if (child.type === 'group') {
          return <Group key={child.key} node={child} path={at} fields={fields} index={index} testId={testId} onChange={onChange} onRemove={() => onChange(at, null)} />;
        }
        const field = index.get(child.field ?? '');
        const fieldOptions = child.field && !field ? [...options, { value: child.field, label: t('ruleBuilder.unknownField') }] : options;
        const id = `${testId}-${at.join('-')}`;
        return (
          <Row key={child.key} gutter={8} wrap={false} align="top" style={{ marginBottom: 8 }} data-testid={`${testId}-row`}>
            <Col flex="220px">
              <Select
                id={`${id}-field`}
                aria-label={t('ruleBuilder.field')}
                style={{ width: '100%' }}
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('ruleBuilder.chooseField')}
                value={child.field}
                options={fieldOptions}
                onChange={(p: string) => onChange(at, fromRow(child, withField(asRow(child), p, index, hasCodes)))}
              />
            </Col>
            <Col flex="120px">
              <Select
                id={`${id}-op`}
                aria-label={t('ruleBuilder.op')}
                style={{ width: '100%' }}
                value={child.op}
                options={opsFor(field, child.op).map((op) => ({ value: op, label: enumLabel(t, 'segments.op', op) }))}
                onChange={(op: string) => onChange(at, fromRow(child, withOp(asRow(child), op, field, hasCodes(child.field))))}
              />
            </Col>
            <Col flex="auto" style={{ minWidth: 0 }}>
              <ConditionValueInput id={`${id}-value`} path={child.field} op={child.op} value={child.value} field={field} onChange={(value) => onChange(at, { ...child, value })} />
            </Col>
            <Col flex="32px">
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                disabled={depth === 0 && node.children.length <= 1}
                aria-label={t('ruleBuilder.removeCondition')}
                title={t('ruleBuilder.removeCondition')}
                onClick={() => onChange(at, null)}
              />
            </Col>
          </Row>
        );
      })}
      <Space>
        <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => onChange(path, { ...node, children: [...node.children, emptyLeaf()] })} data-testid={`${name}-add`}>
          {t('ruleBuilder.addCondition')}
        </Button>
        {depth < MAX_DEPTH && (
          <Button
            size="small"
            type="dashed"
            icon={<PlusOutlined />}
            onClick={() => onChange(path, { ...node, children: [...node.children, emptyGroup(node.combinator === 'all' ? 'any' : 'all')] })}
            data-testid={`${name}-add-group`}
          >
            {t('ruleBuilder.addGroup')}
          </Button>
        )}
      </Space>
    </div>
  );
}

/**
 * A condition as the builder (or, switched on or when the builder cannot hold it, as JSON). A
 * form control: `value` is the API's condition (or an InvalidConditionJson while typed JSON does
 * not parse), `onChange` answers the new one.
 */
export function ConditionBuilder({
  value,
  onChange,
  fields,
  testId = 'condition',
}: {
  value?: unknown;
  onChange?: (value: unknown) => void;
  fields: readonly SegmentField[];
  testId?: string;
}) {
  const { t } = useI18n();
  const index = useMemo(() => indexFields(fields), [fields]);
  const emitted = useRef<unknown>(Symbol('none'));
  const parse = (v: unknown) => (v instanceof InvalidConditionJson ? { root: emptyGroup(), editable: false } : conditionToTree(v));
  const [state, setState] = useState(() => {
    const { root, editable } = parse(value);
    return { root, json: !editable, text: value instanceof InvalidConditionJson ? value.text : value === undefined || value === null ? '' : JSON.stringify(value, null, 2) };
  });
  // A value set from outside (the form's reset): read it again.
  useEffect(() => {
    if (value === emitted.current) return;
    const { root, editable } = parse(value);
    setState({ root, json: !editable, text: value instanceof InvalidConditionJson ? value.text : value === undefined || value === null ? '' : JSON.stringify(value, null, 2) });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  const emit = (v: unknown) => {
    emitted.current = v;
    onChange?.(v);
  };
  const buildable = !state.json || (() => {
    try {
      return conditionToTree(state.text.trim() ? JSON.parse(state.text) : null).editable;
    } catch {
      return false;
    }
  })();

  const setTree = (path: number[], node: ConditionNode | null) => {
    const root = path.length === 0 ? (node as GroupNode) : updateAt(state.root, path, node);
    setState({ ...state, root });
    emit(treeToCondition(root));
  };
  const toJson = (json: boolean) => {
    if (json) {
      const text = JSON.stringify(treeToCondition(state.root), null, 2);
      setState({ ...state, json, text });
      return;
    }
    const parsed = state.text.trim() ? JSON.parse(state.text) : null;
    const { root } = conditionToTree(parsed);
    setState({ ...state, json, root });
    emit(treeToCondition(root));
  };

  return (
    <div data-testid={testId}>
      <Space style={{ marginBottom: 8 }}>
        <Switch size="small" checked={state.json} disabled={state.json && !buildable} onChange={toJson} aria-label={t('ruleBuilder.advanced')} data-testid={`${testId}-json-toggle`} />
        <Typography.Text type="secondary">{t('ruleBuilder.advanced')}</Typography.Text>
      </Space>
      {state.json ? (
        <>
          {!buildable && <Alert type="info" showIcon message={t('ruleBuilder.notBuildable')} style={{ marginBottom: 8 }} />}
          <Input.TextArea
            rows={5}
            className="cic-mono"
            spellCheck={false}
            aria-label={t('ruleBuilder.advanced')}
            value={state.text}
            data-testid={`${testId}-json`}
            onChange={(e) => {
              const text = e.target.value;
              setState({ ...state, text });
              try {
                emit(text.trim() ? JSON.parse(text) : null);
              } catch {
                emit(new InvalidConditionJson(text));
              }
            }}
          />
        </>
      ) : (
        <Group node={state.root} path={[]} fields={fields} index={index} testId={testId} onChange={setTree} />
      )}
    </div>
  );
}
