import type { RequestContext } from '../../common/request-context.js';
import { ListLocationsQueryDto, type LocationView } from '../../locations/locations.dto.js';
import type { LocationsService } from '../../locations/locations.service.js';
import { html } from '../html.js';
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

