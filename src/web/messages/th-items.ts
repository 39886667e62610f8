/** The Thai words of the items pages (src/web/items); part of the one catalogue in th.ts. */
export const itemsTh = {};
