import { Body, Controller, Get, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthService } from '../auth/auth.service.js';
import { AnyRole, Public, WebPages } from '../common/decorators.js';
import { DomainError } from '../common/errors.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { field, formError, type FieldErrors, FORM_ERROR } from './forms.js';
import { html } from './html.js';
import { csrfField, layout, type Flash } from './layout.js';
import { Page, type PageContext } from './page-context.js';
import { safeNext, seeOther, sendPage } from './respond.js';
import { clearCookie, SESSION_COOKIE, setCookie } from './web-session.js';

/** Logging in and out of the pages: the API's own login, its token kept in an httpOnly cookie. */
@ApiExcludeController()
@WebPages()
@Controller()
export class AuthPagesController {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('login')
  @Public()
  loginPage(@Page() page: PageContext, @Query() query: Record<string, unknown>, @Res() res: Response) {
    if (page.user) return seeOther(res, safeNext(query.next));
    const flash: Flash | null = query.out ? { kind: 'ok', text: page.m.login.loggedOut } : query.expired ? { kind: 'error', text: page.m.login.expired } : null;
    sendPage(res, this.render(page, { next: safeNext(query.next, ''), flash }));
  }

  @Post('login')
  @Public()
  async login(@Page() page: PageContext, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const username = typeof body.username === 'string' ? body.username : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const next = safeNext(body.next, '');
    if (!username.trim() || !password) {
      const errors: FieldErrors = {};
      if (!username.trim()) errors.username = page.m.errors.fieldRequired;
      if (!password) errors.password = page.m.errors.fieldRequired;
      return sendPage(res, this.render(page, { next, username, errors }), 422);
    }
    try {
      const result = await this.auth.login(page.ctx, username, password);
      setCookie(res, SESSION_COOKIE, result.accessToken, { secure: this.config.secureCookies, maxAgeSeconds: this.config.jwtExpiresInSeconds });
      seeOther(res, next || '/');
    } catch (err) {
      if (!(err instanceof DomainError) || err.status >= 500) throw err;
      sendPage(res, this.render(page, { next, username, errors: { [FORM_ERROR]: err.messageTh } }), err.status);
    }
  }

  @Post('logout')
  @AnyRole()
  logout(@Res() res: Response) {
    clearCookie(res, SESSION_COOKIE, { secure: this.config.secureCookies });
    seeOther(res, '/login?out=1');
  }

  private render(page: PageContext, state: { next: string; username?: string; errors?: FieldErrors; flash?: Flash | null }): string {
    const m = page.m.login;
    const body = html`<section class="card login">
  <h1>${m.title}</h1>
  ${formError(state.errors)}
  <form method="post" action="/login" class="stack" novalidate>
    ${csrfField(page)}
    <input type="hidden" name="next" value="${state.next}">
    ${field({ name: 'username', label: m.username, value: state.username ?? '', errors: state.errors, required: true, autofocus: true, autocomplete: 'username' })}
    ${field({ name: 'password', label: m.password, type: 'password', errors: state.errors, required: true, autocomplete: 'current-password' })}
    <button type="submit" class="primary">${m.submit}</button>
  </form>
</section>`;
    return layout(page, { title: m.title, body, flash: state.flash, bare: true });
  }
}
