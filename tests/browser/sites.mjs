// Sign-in pages under real site names, served over https on 127.0.0.1:443 with a self-signed
// certificate (the browsers map the names to 127.0.0.1 and accept the certificate). The
// pages are modelled on real second steps: a one-time-code field, six boxes, a React form,
// GitHub's form framed by another site, another site's form framed by GitHub, and look-alikes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The names the browsers resolve to 127.0.0.1. */
export const HOSTS = ['github.com', 'github.com.sign-in.example', 'githhub.com', 'evil.example'];

const page = (title, body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font:15px system-ui,sans-serif;margin:40px}input{font-size:18px;padding:6px}.boxes input{width:1.6em;text-align:center;margin-right:4px}</style>
</head><body>${body}</body></html>`;

const singleField = (title) =>
  page(title, `<h1>Two-factor authentication</h1>
<form action="/done" method="post"><label for="app_totp">Authentication code</label><br>
<input id="app_totp" name="app_otp" autocomplete="one-time-code" inputmode="numeric" maxlength="6">
<button type="submit">Verify</button></form>`);

const PAGES = {
  'github.com': {
    '/sessions/two-factor/app': singleField('GitHub · Two-factor authentication'),
    '/split': page('GitHub · Verify', `<h1>Enter the code</h1><form class="boxes" action="/done">${Array.from(
      { length: 6 },
      (_, i) => `<input aria-label="Digit ${i + 1}" maxlength="1" inputmode="numeric" autocomplete="${i === 0 ? 'one-time-code' : 'off'}">`,
    ).join('')}<button type="submit">Verify</button></form>`),
    // A controlled input: React keeps its own copy of the value; `seen` shows React's state.
    '/react': page('GitHub · React', `<div id="root"></div>
<script src="/react.js"></script><script src="/react-dom.js"></script>
<script>
function App() {
  const [code, setCode] = React.useState('');
  return React.createElement('form', null,
    React.createElement('label', { htmlFor: 'otp' }, 'Authentication code'),
    React.createElement('input', { id: 'otp', name: 'otp', autoComplete: 'one-time-code', inputMode: 'numeric',
      maxLength: 6, value: code, onChange: (e) => setCode(e.target.value.replace(/\\D/g, '')) }),
    React.createElement('output', { id: 'seen' }, code));
}
ReactDOM.createRoot(document.getElementById('root')).render(React.createElement(App));
</script>`),
    // Another site's code field in a frame of GitHub's page.
    '/framing-evil': page('GitHub · frame', `<h1>GitHub</h1><iframe id="f" src="https://evil.example/two-factor" width="500" height="200"></iframe>`),
  },
  'evil.example': {
    '/two-factor': singleField('Sign in'),
    // GitHub's real page in a frame of a phishing page.
    '/framing-github': page('Sign in to GitHub', `<h1>Sign in to GitHub</h1><iframe id="f" src="https://github.com/sessions/two-factor/app" width="500" height="240"></iframe>`),
  },
  'github.com.sign-in.example': { '/sessions/two-factor/app': singleField('GitHub · Two-factor authentication') },
  'githhub.com': { '/sessions/two-factor/app': singleField('GitHub · Two-factor authentication') },
};

// React's own browser builds (the package's exports map hides the umd/ folder from resolve()).
const packageDir = (name) => path.dirname(require.resolve(`${name}/package.json`));
const SCRIPTS = {
  '/react.js': path.join(packageDir('react'), 'umd/react.production.min.js'),
  '/react-dom.js': path.join(packageDir('react-dom'), 'umd/react-dom.production.min.js'),
};

/** A self-signed certificate naming every host; returns { key, cert }. */
function certificate() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'twofold-sites-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=github.com',
    '-addext', `subjectAltName=${HOSTS.map((h) => `DNS:${h}`).join(',')}`, '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

/** Serves the pages on 127.0.0.1:443; resolves to the server (close it when done). */
export async function startSites() {
  const server = https.createServer(certificate(), (req, res) => {
    const host = (req.headers.host ?? '').replace(/:443$/, '');
    const url = new URL(req.url ?? '/', 'https://x');
    const script = SCRIPTS[url.pathname];
    if (script) {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(script));
      return;
    }
    const html = PAGES[host]?.[url.pathname];
    if (req.method === 'POST' || url.pathname === '/done') {
      // A form that got submitted: the extension never submits, so a test seeing this fails.
      res.writeHead(200, { 'content-type': 'text/html' }).end(page('Submitted', '<h1 id="submitted">Submitted</h1>'));
      return;
    }
    if (!html) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(443, '127.0.0.1', resolve);
  });
  return server;
}
