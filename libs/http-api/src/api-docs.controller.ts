import { createHash } from 'node:crypto';

import { Controller, Get, Header } from '@nestjs/common';

import { HtmlRoute } from '@hub/auth';

import { Summary } from './summary.decorator';

/**
 * A dependency-free page rendering `/api/v1/openapi.json` (no CDN: the hub may be offline).
 * The page fetches the document with the visitor's own credentials.
 */
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>hub API</title>
<style>
body{font-family:system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#222}
h1{font-size:1.4rem} h2{font-size:1.1rem;margin-top:2rem;border-bottom:1px solid #ddd}
details{margin:.3rem 0;border:1px solid #e3e3e3;border-radius:4px;padding:.3rem .6rem}
summary{cursor:pointer} code,pre{font-family:ui-monospace,monospace;font-size:.85rem}
pre{background:#f6f6f6;padding:.5rem;overflow:auto;max-height:30rem}
.m{display:inline-block;min-width:4.5rem;font-weight:bold;text-transform:uppercase}
.get{color:#0a6}.post{color:#06c}.put{color:#a60}.delete{color:#c22}.patch{color:#80a}
.muted{color:#777}
</style></head>
<body><h1>hub API <span id="version" class="muted"></span></h1>
<p class="muted">Generated from <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p>
<div id="root">Loading…</div>
<script>
(function () {
  var root = document.getElementById('root');
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.append(c); });
    return node;
  }
  function pre(value) { return el('pre', {}, [JSON.stringify(value, null, 2)]); }
  fetch('/api/v1/openapi.json' + location.search, { credentials: 'same-origin' })
    .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
    .then(function (doc) {
      document.getElementById('version').textContent = doc.info.version;
      root.textContent = '';
      var groups = {};
      Object.keys(doc.paths).forEach(function (path) {
        Object.keys(doc.paths[path]).forEach(function (verb) {
          var op = doc.paths[path][verb];
          var tag = (op.tags && op.tags[0]) || '/';
          (groups[tag] = groups[tag] || []).push({ path: path, verb: verb, op: op });
        });
      });
      Object.keys(groups).sort().forEach(function (tag) {
        root.append(el('h2', {}, [tag]));
        groups[tag].forEach(function (r) {
          var body = [];
          if (r.op.security && r.op.security.length === 0) body.push(el('p', {}, ['Public (no credentials).']));
          if (r.op.requestBody) body.push(el('p', {}, ['Request body:']), pre(r.op.requestBody));
          if (r.op.responses) body.push(el('p', {}, ['Responses:']), pre(r.op.responses));
          root.append(el('details', {}, [
            el('summary', {}, [el('span', { class: 'm ' + r.verb }, [r.verb]), ' ', el('code', {}, [r.path]), ' — ', r.op.summary || '']),
          ].concat(body)));
        });
      });
    })
    .catch(function (err) { root.textContent = 'Could not load the API description: ' + err.message; });
})();
</script></body></html>`;

/** CSP hash of the page's one inline element of a kind: nothing else may run or style it. */
function inlineHash(tag: 'script' | 'style'): string {
  const body = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(PAGE)![1];
  return `'sha256-${createHash('sha256').update(body).digest('base64')}'`;
}

/** The page runs only its own script, talks only to this hub, and is never framed. */
const CSP = [
  "default-src 'none'",
  `script-src ${inlineHash('script')}`,
  `style-src ${inlineHash('style')}`,
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

@Controller('api')
export class ApiDocsController {
  @Get('docs')
  @HtmlRoute()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', CSP)
  @Header('x-frame-options', 'DENY')
  @Header('x-content-type-options', 'nosniff')
  @Summary('Human-readable API documentation (renders openapi.json)')
  docs(): string {
    return PAGE;
  }
}
