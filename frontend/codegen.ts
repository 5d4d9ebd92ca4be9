import type { CodegenConfig } from "@graphql-codegen/cli";

// Typed documents from the committed SDL (make schema writes it), so the UI
// is checked against exactly the API the server exports.
const config: CodegenConfig = {
  schema: "../schema/schema.graphql",
  documents: ["src/**/*.{ts,tsx}", "!src/gql/**/*"],
  ignoreNoDocuments: false,
  generates: {
    "src/gql/": {
      preset: "client",
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTime: "string", JSON: "unknown" },
        avoidOptionals: false,
      },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
