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

const STYLE = `body{font-family:system-ui,sans-serif;max-width:22rem;margin:4rem auto;padding:0 1rem}
label{display:block;margin:.8rem 0 .2rem}input[type=text],input[type=password]{width:100%;padding:.4rem}
button{margin-top:1rem;padding:.5rem 1rem}.error{color:#b00020}`;

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · hub</title><style>${STYLE}</style></head>
<body><h1>${escapeHtml(title)}</h1>
${body}
</body></html>`;
}

const errorLine = (error?: string): string =>
  error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '';

export function loginPage(options: { redirect: string; error?: string; username?: string }): string {
  return page(
    'Log in',
    `${errorLine(options.error)}
<form method="post" action="/login">
<input type="hidden" name="redirect" value="${escapeHtml(options.redirect)}">
<label for="username">Username</label><input type="text" id="username" name="username" autocomplete="username" required value="${escapeHtml(options.username ?? '')}">
<label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password" required>
<label><input type="checkbox" name="remember" value="on"> Remember me</label>
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
