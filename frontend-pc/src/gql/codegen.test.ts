// The generated operation types are committed (a build never runs codegen). This fails when they
// no longer match ../schema/schema.graphql or the operations: run `npm run codegen`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '@graphql-codegen/cli';
import { codegenConfig } from '../../codegen';

const root = path.resolve(__dirname, '..', '..');

describe('generated GraphQL types', () => {
  it('are up to date with schema.graphql and the operations', async () => {
    const previous = process.cwd();
    process.chdir(root);
    try {
      const outputs = await generate({ ...codegenConfig, silent: true }, false);
      expect(outputs.length).toBeGreaterThan(0);
      for (const output of outputs) {
        const committed = readFileSync(path.resolve(root, output.filename), 'utf8');
        expect(committed, `${output.filename} is stale: run npm run codegen`).toBe(output.content);
      }
    } finally {
      process.chdir(previous);
    }
  }, 60_000);
});
