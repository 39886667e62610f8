import { Role } from '../common/roles.js';
import { CSRF_FIELD } from './web-session.js';
import { type Html, html } from './html.js';
import type { PageContext } from './page-context.js';

const { ADMIN, COMMANDER, SUPERVISOR, CLERK, INVESTIGATOR, OFFICER, AUDITOR } = Role;
const STATION = [COMMANDER, SUPERVISOR, CLERK, INVESTIGATOR, OFFICER, AUDITOR];

/** The menu: each entry shown only to the roles its page serves (the server refuses the others anyway). */
type NavKey = Exclude<keyof PageContext['m']['nav'], 'signedInAs' | 'menu' | 'logout'>;
const NAV: { key: NavKey; href: string; roles: Role[] }[] = [
  { key: 'home', href: '/', roles: [...STATION, ADMIN] },
  { key: 'counter', href: '/counter', roles: [CLERK, SUPERVISOR] },
  { key: 'intake', href: '/items/new', roles: [CLERK, INVESTIGATOR] },
  { key: 'search', href: '/items', roles: STATION },
  { key: 'loans', href: '/loans', roles: [CLERK, INVESTIGATOR, OFFICER, SUPERVISOR, COMMANDER] },
  { key: 'approvals', href: '/loans/approvals', roles: [SUPERVISOR, COMMANDER] },
  { key: 'shifts', href: '/shifts', roles: [CLERK, SUPERVISOR] },
  { key: 'audits', href: '/audits', roles: [CLERK, SUPERVISOR, COMMANDER, AUDITOR] },
  { key: 'incidents', href: '/incidents', roles: [COMMANDER, SUPERVISOR, AUDITOR, CLERK] },
  { key: 'reports', href: '/reports', roles: [CLERK, SUPERVISOR, COMMANDER, AUDITOR] },
  { key: 'verify', href: '/audit-log/verify', roles: [...STATION, ADMIN] },
];

export interface Flash {
  kind: 'ok' | 'error';
  text: string;
}

export interface LayoutOptions {
  title: string;
  body: Html;
  flash?: Flash | null;
  /** The page's own script under /assets (the shared one is always loaded). */
  script?: string;
  /** The area's own stylesheet under /assets (khlang.css is always loaded). */
  style?: string;
  /** A narrow page without the menu (the login form). */
  bare?: boolean;
}

/** The hidden field every form posts. */
export function csrfField(page: PageContext): Html {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${page.csrf}">`;
}

function nav(page: PageContext): Html {
  const user = page.user;
  if (!user) return html``;
  const here = page.url.split('?')[0];
  const shown = NAV.filter((n) => page.can(...n.roles));
  // The entry for this page is the longest one it falls under (/loans/approvals is not also /loans).
  const under = (n: (typeof NAV)[number]) => (n.href === '/' ? here === '/' : here === n.href || here.startsWith(`${n.href}/`));
  const current = shown.filter(under).sort((a, b) => b.href.length - a.href.length)[0];
  const links = shown.map((n) => html`<a href="${n.href}"${n === current ? html` aria-current="page"` : ''}>${page.m.nav[n.key]}</a>`);
  return html`<nav class="nav" aria-label="${page.m.nav.menu}">
  <details class="nav-menu"><summary>${page.m.nav.menu}</summary><div class="nav-links">${links}</div></details>
  <div class="nav-user">
    <span>${page.m.nav.signedInAs(user.displayName)}</span>
    <form method="post" action="/logout">${csrfField(page)}<button type="submit" class="link">${page.m.nav.logout}</button></form>
  </div>
</nav>`;
}

/** A whole page: Thai, the Sarabun font served by the server itself, the menu for the user's roles. */
export function layout(page: PageContext, options: LayoutOptions): string {
  const m = page.m;
  return html`<!doctype html>
<html lang="th">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${page.csrf}">
<title>${options.title} · ${m.appName}</title>
<link rel="stylesheet" href="/assets/khlang.css">
<script src="/assets/khlang.js" defer></script>
${options.script ? html`<script src="/assets/${options.script}" defer></script>` : ''}
${options.style ? html`<link rel="stylesheet" href="/assets/${options.style}">` : ''}
</head>
<body class="${options.bare ? 'bare' : ''}">
<a class="skip" href="#main">${m.common.skipToContent}</a>
<header class="top">
  <a class="brand" href="/">${m.appName} <small>${m.appTitle}</small></a>
  ${nav(page)}
</header>
<main id="main">
${options.flash ? html`<p class="flash flash-${options.flash.kind}" role="${options.flash.kind === 'error' ? 'alert' : 'status'}">${options.flash.text}</p>` : ''}
${options.body}
</main>
</body>
</html>`.value;
}
