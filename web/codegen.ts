import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed operations from the schema the binary serves (not the running
// service, so no token or server is needed). src/gql/ is generated: run
// `npm run codegen` after changing an operation or the schema.
const config: CodegenConfig = {
  schema: '../graphql/schema/schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**'],
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        strictScalars: true,
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: {
          DateTime: 'string',
          Date: 'string',
          JSON: 'string | number | boolean | null | { [key: string]: unknown } | unknown[]',
        },
      },
    },
  },
};
export default config;
