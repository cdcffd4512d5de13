/**
 * Browser build of the add-in (CommonJS config for webpack 5).
 *
 * Outputs to dist/: taskpane.html (the shared runtime page: taskpane + functions bundles),
 * functions.html (functions alone), taskpane.js, functions.js, worker.js (the engine worker the
 * functions start), functions.json (custom-functions metadata generated from the JSDoc tags in
 * src/functions/functions.ts, plus allowErrorForDataTypeAny), assets/*.png and manifest.xml. The URLs in manifest.xml point at these names under https://localhost:3000/.
 *
 * TypeScript goes through ts-loader with tsconfig.webpack.json (ES2020 modules, bundler
 * resolution, so Fluent UI tree-shakes; transpileOnly: `npm run typecheck` does the checking).
 * Production uses 'source-map' and development 'cheap-module-source-map': no eval-based devtool,
 * so the bundles run under a Content Security Policy that forbids eval.
 *
 * Dev server: port 3000, https with the certificates in ~/.office-addin-dev-certs (localhost.key,
 * localhost.crt, ca.crt; or $PERPETUA_DEV_CERTS_DIR), which `npm run dev-server` creates or reuses
 * first (scripts/dev-certs.js). Without them `webpack serve` stops with one line saying what to run:
 * it never serves plain http while manifest.xml points Excel at https.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const CustomFunctionsMetadataPlugin = require('custom-functions-metadata-plugin');

const PORT = 3000;

/**
 * Top-level options functions.json must carry that the metadata plugin cannot emit:
 * allowErrorForDataTypeAny lets Excel call a function whose range argument holds an error cell (so
 * the function answers with a message naming the row and column, instead of Excel skipping it).
 */
const FUNCTIONS_METADATA_OPTIONS = { allowErrorForDataTypeAny: true };

/** functions.json text with FUNCTIONS_METADATA_OPTIONS added at the top level. */
function withMetadataOptions(json) {
  return JSON.stringify({ ...FUNCTIONS_METADATA_OPTIONS, ...JSON.parse(json) }, null, 2);
}

/** Rewrites the metadata plugin's functions.json (after it is added) with withMetadataOptions. */
class FunctionsMetadataOptionsPlugin {
  constructor(output) {
    this.output = output;
  }
  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap('FunctionsMetadataOptionsPlugin', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'FunctionsMetadataOptionsPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONS }, (assets) => {
        const asset = assets[this.output];
        if (asset === undefined) return; // the metadata plugin reported errors instead
        compilation.updateAsset(this.output, new sources.RawSource(withMetadataOptions(asset.source().toString())));
      });
    });
  }
}
const FUNCTIONS_SOURCE = './src/functions/functions.ts';

/**
 * Entry points. Each becomes dist/<name>.js.
 * worker: the engine's Web Worker as a plain script, dist/worker.js, which the INV functions start
 * with `new Worker('worker.js')` next to functions.js (src/functions/engineWorker.ts); it is not a
 * chunk of any HTML page. The task pane starts its own copy through
 * `new Worker(new URL('./worker.ts', import.meta.url))` (src/taskpane/createWorker.js), which webpack
 * bundles without an entry; the functions cannot use that form, because its runtime reads
 * `document`/`self.location` as soon as the bundle loads.
 */
const ENTRIES = {
  taskpane: './src/taskpane/index.tsx',
  functions: FUNCTIONS_SOURCE,
  worker: './src/taskpane/worker.ts',
};

/** office-addin-dev-certs output, if installed; undefined means serve over http. */
function devCertificates() {
  const dir = process.env.PERPETUA_DEV_CERTS_DIR || path.join(os.homedir(), '.office-addin-dev-certs');
  const files = { key: 'localhost.key', cert: 'localhost.crt', ca: 'ca.crt' };
  const found = Object.entries(files).map(([k, f]) => [k, path.join(dir, f)]);
  if (!found.every(([, f]) => fs.existsSync(f))) return undefined;
  return Object.fromEntries(found.map(([k, f]) => [k, fs.readFileSync(f)]));
}

const config = (env = {}, argv = {}) => {
  const production = argv.mode === 'production';
  const certificates = devCertificates();
  if (process.env.WEBPACK_SERVE && certificates === undefined) {
    throw new Error('No https certificate for localhost: run `npm run dev-server` (it creates one) or `npx office-addin-dev-certs install`.');
  }
  return {
    mode: production ? 'production' : 'development',
    devtool: production ? 'source-map' : 'cheap-module-source-map',
    entry: ENTRIES,
    output: {
      path: path.resolve(__dirname, 'dist'),
      filename: '[name].js',
      clean: true,
    },
    resolve: {
      extensions: ['.ts', '.tsx', '.js'],
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: 'ts-loader',
            options: { configFile: path.resolve(__dirname, 'tsconfig.webpack.json'), transpileOnly: true },
          },
        },
      ],
    },
    plugins: [
      new CustomFunctionsMetadataPlugin({ output: 'functions.json', input: FUNCTIONS_SOURCE }),
      new FunctionsMetadataOptionsPlugin('functions.json'),
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        template: './src/taskpane/taskpane.html',
        // The shared runtime: one page runs the task pane and the custom functions.
        chunks: ['taskpane', 'functions'],
      }),
      new HtmlWebpackPlugin({
        filename: 'functions.html',
        template: './src/functions/functions.html',
        chunks: ['functions'],
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets/*.png', to: 'assets/[name][ext]' },
          { from: 'manifest.xml', to: 'manifest.xml' },
        ],
      }),
    ],
    performance: { hints: false },
    devServer: {
      port: PORT,
      headers: { 'Access-Control-Allow-Origin': '*' },
      server: certificates === undefined ? 'https' : { type: 'https', options: certificates },
      static: { directory: path.resolve(__dirname, 'dist') },
      hot: false,
      liveReload: !production,
    },
  };
};
module.exports = config;
module.exports.withMetadataOptions = withMetadataOptions;
module.exports.FunctionsMetadataOptionsPlugin = FunctionsMetadataOptionsPlugin;
