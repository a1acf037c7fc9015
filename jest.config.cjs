/** Jest runs TypeScript through SWC as CommonJS; ESM-only packages (middy) are transformed too. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest', { jsc: { target: 'es2023' }, module: { type: 'commonjs' } }] },
  // vega(-lite) and their d3 helpers are ESM only too (charts in shared/steps/export).
  transformIgnorePatterns: ['/node_modules/(?!(@middy|vega[^/]*|d3-[^/]*|internmap|delaunator|robust-predicates|json-stringify-pretty-compact|topojson-client)/)'],
  // @middy/core ships only an `import` export; point jest at it and let SWC turn it into CommonJS.
  // vega-canvas's node build probes for the `canvas` package with a top-level await, which CommonJS cannot run;
  // its browser build has no probe (SVG rendering needs no canvas).
  moduleNameMapper: {
    '^@middy/(core|util)$': '<rootDir>/node_modules/@middy/$1/index.js',
    '^vega-canvas$': '<rootDir>/node_modules/vega-canvas/build/vega-canvas.browser.js',
  },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  testTimeout: 60000,
};
