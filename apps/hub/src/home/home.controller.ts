import { Controller, Get, Header } from '@nestjs/common';
import { CurrentIdentity, escapeHtml, HtmlRoute, htmlPage, type Identity, PAGE_HEADERS } from '@hub/auth';

/**
 * `GET /`: a placeholder start page until the webapp is served here. Visitors without a session
 * are sent (307) to /register or /login by the auth guard.
 */
@Controller()
export class HomeController {
  @HtmlRoute()
  @Get()
  @Header('content-type', PAGE_HEADERS['content-type'])
  @Header('cache-control', PAGE_HEADERS['cache-control'])
  @Header('x-frame-options', PAGE_HEADERS['x-frame-options'])
  @Header('content-security-policy', PAGE_HEADERS['content-security-policy'])
  home(@CurrentIdentity() identity: Identity): string {
    const who = identity.user ? escapeHtml(identity.user.username) : 'the owner (global token)';
    return htmlPage(
      'hub',
      `<p>Signed in as <strong>${who}</strong>.</p>
<p>The dashboard webapp is not installed yet; the HTTP API is at <code>/execute</code>.</p>
<form method="post" action="/logout"><button type="submit">Log out</button></form>`,
    );
  }
}
