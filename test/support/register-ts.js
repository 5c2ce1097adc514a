// Loaded with `node --require` by the end-to-end tests' app process: compiles the TypeScript
// sources on the fly with swc, with the same settings as jest.config.js. NestJS 12 is ESM-only
// and Node 20.20 loads it through require(esm) natively, so only .ts files need a transform.
'use strict';
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');

const options = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...options, filename });
  module._compile(code, filename);
};
