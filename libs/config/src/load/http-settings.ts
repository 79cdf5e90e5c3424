import { accessSync, constants as fsConstants } from 'node:fs';
import { resolve } from 'node:path';

import type { ConfigIssue } from '../config-error';
import type { HttpConfig, ResourceMount, Section } from '../hub-config';
import { IGNORED_HTTP_KEYS, type IgnoredHttpKey } from '../schema/http.schema';

type HttpSection = Section<'backend.http'>;

/** `backend.http` with its paths made absolute and its TLS files checked; ignored keys dropped. */
export function resolveHttp(
  http: HttpSection,
  workdir: string,
  abs: (path: string) => string,
  issues: ConfigIssue[],
): HttpConfig {
  const {
    resource_dirs,
    upload_dir,
    ssl_cert: _cert,
    ssl_key: _key,
    ssl_cafile: _ca,
    enabled: _enabled,
    ...rest
  } = withoutIgnoredKeys(http);
  return {
    ...rest,
    resource_dirs: resolveMounts(resource_dirs, abs),
    upload_dir: abs(upload_dir ?? resolve(workdir, 'uploads')),
    tls: resolveTls(http, abs, issues),
  };
}

function withoutIgnoredKeys(http: HttpSection): Omit<HttpSection, IgnoredHttpKey> {
  const copy: Partial<HttpSection> = { ...http };
  for (const key of Object.keys(IGNORED_HTTP_KEYS) as IgnoredHttpKey[]) delete copy[key];
  return copy as Omit<HttpSection, IgnoredHttpKey>;
}

function resolveMounts(
  dirs: HttpSection['resource_dirs'],
  abs: (path: string) => string,
): Record<string, ResourceMount> {
  const mounts: Record<string, ResourceMount> = {};
  for (const [mount, spec] of Object.entries(dirs)) {
    mounts[mount] =
      typeof spec === 'string'
        ? { path: abs(spec), public: false, listing: false }
        : { ...spec, path: abs(spec.path) };
  }
  return mounts;
}

function resolveTls(
  http: HttpSection,
  abs: (path: string) => string,
  issues: ConfigIssue[],
): HttpConfig['tls'] {
  if (!http.ssl_cert && !http.ssl_key) return null;
  if (!http.ssl_cert || !http.ssl_key) {
    const missing = http.ssl_cert ? 'ssl_key' : 'ssl_cert';
    issues.push({
      path: `backend.http.${missing}`,
      at: ['backend.http'],
      message: 'ssl_cert and ssl_key must be given together',
    });
    return null;
  }
  const files = {
    cert: abs(http.ssl_cert),
    key: abs(http.ssl_key),
    ca: http.ssl_cafile ? abs(http.ssl_cafile) : null,
  };
  for (const [name, path] of [
    ['ssl_cert', files.cert],
    ['ssl_key', files.key],
    ['ssl_cafile', files.ca],
  ] as const) {
    if (!path) continue;
    try {
      accessSync(path, fsConstants.R_OK);
    } catch {
      issues.push({
        path: `backend.http.${name}`,
        at: ['backend.http', name],
        message: `cannot read ${path}`,
      });
    }
  }
  return files;
}
