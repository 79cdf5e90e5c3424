/** Minimal server-rendered pages (no script): they work before the webapp is built. */

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** Headers for every page: no framing (clickjacking), no scripts, forms post only to us. */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
} as const;

/** The web panel's look (webapp/src/styles/base.css): same colours, light and dark. */
const STYLE = `:root{color-scheme:light dark;--bg:#f6f7f9;--surface:#fff;--text:#1b1f24;--muted:#57606a;
--border:#d0d7de;--accent:#1f5fcc;--accent-text:#fff;--danger:#b42318;--notice:#eef1f5}
@media (prefers-color-scheme:dark){:root{--bg:#0f1318;--surface:#171c22;--text:#e6edf3;--muted:#9da7b3;
--border:#3a434d;--accent:#5b9dff;--accent-text:#0b1220;--danger:#ff7b72;--notice:#212830}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--text);
font:15px/1.45 system-ui,-apple-system,'Segoe UI','DejaVu Sans',sans-serif}
main{max-width:24rem;margin:4rem auto;padding:1.5rem;background:var(--surface);border:1px solid var(--border);border-radius:6px}
.brand{font-weight:700;font-size:1.15rem;margin:0 0 .5rem}h1{font-size:1.4rem;margin:0 0 1rem}
label{display:block;font-weight:600;margin:.8rem 0 .2rem}label.inline{display:flex;gap:.4rem;font-weight:normal}
input[type=text],input[type=password]{width:100%;padding:.4rem .5rem;font:inherit;color:inherit;background:var(--surface);
border:1px solid var(--border);border-radius:6px}
button{margin-top:1rem;padding:.45rem 1rem;font:inherit;background:var(--accent);color:var(--accent-text);
border:1px solid var(--accent);border-radius:6px;cursor:pointer}:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
.error{color:var(--danger)}.notice{background:var(--notice);border:1px solid var(--border);border-radius:6px;padding:.5rem .7rem}
@media (max-width:30rem){main{margin:1rem;padding:1rem}}`;

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · hub</title><style>${STYLE}</style></head>
<body><main><p class="brand">hub</p><h1>${escapeHtml(title)}</h1>
${body}
</main></body></html>`;
}

const errorLine = (error?: string): string =>
  error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '';

/** Why the web panel sent the visitor here (`?reason=`), said on the login form. */
const NOTICES: Record<string, string> = {
  expired: 'Your session ended or your access was revoked. Please log in again.',
  'logged-out': 'You are logged out.',
};

export function loginNotice(reason: unknown): string | undefined {
  return typeof reason === 'string' ? NOTICES[reason] : undefined;
}

export function loginPage(options: {
  redirect: string;
  error?: string;
  username?: string;
  notice?: string;
}): string {
  const notice = options.notice ? `<p class="notice" role="status">${escapeHtml(options.notice)}</p>` : '';
  return page(
    'Log in',
    `${notice}${errorLine(options.error)}
<form method="post" action="/login">
<input type="hidden" name="redirect" value="${escapeHtml(options.redirect)}">
<label for="username">Username</label><input type="text" id="username" name="username" autocomplete="username" required value="${escapeHtml(options.username ?? '')}">
<label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password" required>
<label class="inline"><input type="checkbox" name="remember" value="on"> Remember me</label>
<button type="submit">Log in</button>
</form>`,
  );
}

export function registerPage(options: { redirect: string; error?: string; username?: string }): string {
  return page(
    'Create the first user',
    `<p>No user exists yet. The first user is the administrator.</p>
${errorLine(options.error)}
<form method="post" action="/register">
<input type="hidden" name="redirect" value="${escapeHtml(options.redirect)}">
<label for="username">Username</label><input type="text" id="username" name="username" autocomplete="username" required maxlength="64" value="${escapeHtml(options.username ?? '')}">
<label for="password">Password</label><input type="password" id="password" name="password" autocomplete="new-password" required minlength="8">
<label for="confirm_password">Confirm password</label><input type="password" id="confirm_password" name="confirm_password" autocomplete="new-password" required minlength="8">
<button type="submit">Create user</button>
</form>`,
  );
}
