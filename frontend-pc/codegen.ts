import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed operations from the backend's SDL (`cic schema export` writes it). The output is
// committed, so a build never needs codegen; src/gql/codegen.test.ts fails when it is stale.
export const codegenConfig: CodegenConfig = {
  schema: '../schema/schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*', '!src/**/*.test.{ts,tsx}'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        skipTypename: true,
        scalars: {
          Date: 'string',
          DateTime: 'string',
          Decimal: 'string',
          Money: 'string',
          JSON: 'any',
          Upload: 'File',
        },
      },
    },
  },
};

export default codegenConfig;
