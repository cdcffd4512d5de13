#!/usr/bin/env node
/**
 * Makes sure `npm run dev-server` serves https, as manifest.xml says (https://localhost:3000).
 *
 * Reuses ~/.office-addin-dev-certs/{localhost.key, localhost.crt, ca.crt} (what
 * `npx office-addin-dev-certs install` creates, and what webpack.config.js reads) while the
 * certificate is valid for more than a day. Otherwise, when openssl is on the PATH, creates a local
 * CA and a localhost certificate signed by it there (825 days, SAN localhost and 127.0.0.1), and
 * says in one line how to trust the CA. When it can do neither it says in one line what to run,
 * and exits 1, so the dev server never starts on plain http.
 */
const { execFileSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const DIR = process.env.PERPETUA_DEV_CERTS_DIR ?? path.join(os.homedir(), '.office-addin-dev-certs');
const FILES = { key: 'localhost.key', cert: 'localhost.crt', ca: 'ca.crt' };
const file = (name) => path.join(DIR, FILES[name]);
const DAY_MS = 24 * 60 * 60 * 1000;

/** The certificate if all three files exist and it is valid for localhost past tomorrow. */
function usable() {
  if (!Object.keys(FILES).every((k) => fs.existsSync(file(k)))) return false;
  try {
    const cert = new crypto.X509Certificate(fs.readFileSync(file('cert')));
    return Date.parse(cert.validTo) > Date.now() + DAY_MS && cert.checkHost('localhost') !== undefined;
  } catch {
    return false;
  }
}

function hasOpenssl() {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function create() {
  fs.mkdirSync(DIR, { recursive: true, mode: 0o700 });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'perpetua-certs-'));
  const at = (f) => path.join(tmp, f);
  const run = (args) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    fs.writeFileSync(at('ext.cnf'), 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n');
    run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '825', '-subj', '/CN=Perpetua local development CA', '-keyout', at('ca.key'), '-out', at('ca.crt')]);
    run(['req', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-subj', '/CN=localhost', '-keyout', at('localhost.key'), '-out', at('localhost.csr')]);
    run(['x509', '-req', '-sha256', '-days', '825', '-in', at('localhost.csr'), '-CA', at('ca.crt'), '-CAkey', at('ca.key'), '-CAcreateserial', '-extfile', at('ext.cnf'), '-out', at('localhost.crt')]);
    for (const k of Object.keys(FILES)) fs.copyFileSync(at(FILES[k]), file(k));
    fs.chmodSync(file('key'), 0o600);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function trustHint() {
  const ca = file('ca');
  switch (process.platform) {
    case 'win32':
      return `certutil -user -addstore Root "${ca}"`;
    case 'darwin':
      return `security add-trusted-cert -r trustRoot -k ~/Library/Keychains/login.keychain-db "${ca}"`;
    default:
      return `trust the CA ${ca} in your browser`;
  }
}

function main() {
  if (usable()) return 0;
  if (!hasOpenssl()) {
    console.error('No https certificate for localhost: run `npx office-addin-dev-certs install` (or install openssl), then `npm run dev-server` again.');
    return 1;
  }
  try {
    create();
  } catch (error) {
    console.error(`Could not create a localhost certificate in ${DIR} (${String(error.stderr ?? error.message).trim().split('\n')[0]}): run \`npx office-addin-dev-certs install\`, then \`npm run dev-server\` again.`);
    return 1;
  }
  if (!usable()) {
    console.error(`The certificate made in ${DIR} is not usable for localhost: run \`npx office-addin-dev-certs install\`, then \`npm run dev-server\` again.`);
    return 1;
  }
  console.log(`Created a localhost certificate in ${DIR}; Excel trusts it once you run: ${trustHint()}`);
  return 0;
}

process.exitCode = main();
