import { SetMetadata } from '@nestjs/common';
import { ALL_ROLES, Role, STATION_ROLES } from './roles.js';

export const IS_PUBLIC = 'khlang:public';
export const ROLES = 'khlang:roles';

/** Opens a handler to callers without a token. Every other handler is closed by default. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The roles that may call a handler. A handler with neither @Roles nor @Public is refused. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

/** Any logged-in user, of a station or the system administrator. */
export const AnyRole = () => Roles(...ALL_ROLES);

/** Any user who belongs to a station. */
export const AnyStationRole = () => Roles(...STATION_ROLES);

export const IS_WEB = 'khlang:web';

/**
 * Marks a controller of server-rendered pages: its callers are authenticated by the session cookie
 * instead of a bearer token, and every form post must carry the CSRF token.
 */
export const WebPages = () => SetMetadata(IS_WEB, true);
