import type { RequestContext } from '../../common/request-context.js';
import { ListLocationsQueryDto, type LocationView } from '../../locations/locations.dto.js';
import type { LocationsService } from '../../locations/locations.service.js';
import type { FieldErrors } from '../forms.js';
import { type Html, html } from '../html.js';
import type { PageContext } from '../page-context.js';

/**
 * The items pages' own stylesheet. The shared layout loads only khlang.css; a stylesheet link is
 * allowed in the body (HTML "body-ok"), and the CSP's style-src 'self' covers it.
 */
export const itemsStyles = html`<link rel="stylesheet" href="/assets/items.css">`;

/** Every location of the caller's station, for a choice (the list is paged at 200). */
export async function stationPlaces(locations: LocationsService, ctx: RequestContext): Promise<LocationView[]> {
  const all: LocationView[] = [];
  for (let n = 1; ; n++) {
    const got = await locations.list(ctx, Object.assign(new ListLocationsQueryDto(), { page: n, pageSize: 200 }));
    all.push(...got.items);
    if (all.length >= got.total || !got.items.length) return all;
  }
}

/** A place as a choice shows it: code and name, and whether it is secure (where HIGH items may go). */
export function placeLabel(page: PageContext, place: Pick<LocationView, 'code' | 'name' | 'secure'>): string {
  return `${place.code} ${place.name}${place.secure ? ` · ${page.m.items.intake.secure}` : ''}`;
}

/** A labelled textarea with its error next to it, marked up like forms.ts `field`. */
export function textArea(spec: { name: string; label: string; value?: string; errors?: FieldErrors | null; required?: boolean; hint?: string; maxlength?: number; rows?: number }): Html {
  const id = `f-${spec.name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const error = spec.errors?.[spec.name];
  const described = [spec.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${error ? ' has-error' : ''}">
  <label for="${id}">${spec.label}${spec.required ? html` <span class="req" aria-hidden="true">*</span>` : ''}</label>
  <textarea id="${id}" name="${spec.name}" rows="${spec.rows ?? 2}"${spec.required ? html` required` : ''}${spec.maxlength ? html` maxlength="${spec.maxlength}"` : ''}${error ? html` aria-invalid="true"` : ''}${
    described ? html` aria-describedby="${described}"` : ''
  }>${spec.value ?? ''}</textarea>
  ${spec.hint ? html`<small class="hint" id="${id}-hint">${spec.hint}</small>` : ''}
  ${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}
</div>`;
}

/** Previous / "page n of m" / next, keeping the page's filter in the links. */
export function pager(page: PageContext, at: { page: number; pageSize: number; total: number }, href: (n: number) => string): Html {
  const pages = Math.max(1, Math.ceil(at.total / at.pageSize));
  if (pages <= 1) return html``;
  const m = page.m.common;
  return html`<nav class="pager" aria-label="${page.m.items.search.pager}">
  ${at.page > 1 ? html`<a class="button" rel="prev" href="${href(Math.min(at.page - 1, pages))}">${m.previous}</a>` : ''}
  <span>${m.page(at.page, pages)}</span>
  ${at.page < pages ? html`<a class="button" rel="next" href="${href(at.page + 1)}">${m.next}</a>` : ''}
</nav>`;
}
