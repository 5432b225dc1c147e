// The generated operation types are committed; this fails when they no longer match the schema
// or the operations (run `npm run codegen`).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import { codegenConfig } from '../../codegen';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('graphql-codegen output', () => {
  it('is up to date with ../schema/schema.graphql and the operations', async () => {
    const outputs = (await generate({ ...codegenConfig, cwd: root, silent: true }, false)) as { filename: string; content: string }[];
    expect(outputs.length).toBeGreaterThan(0);
    for (const output of outputs) {
      const committed = readFileSync(path.resolve(root, output.filename), 'utf8');
      expect(committed, `${output.filename} is stale: run npm run codegen`).toBe(output.content);
    }
  }, 60_000);
});
