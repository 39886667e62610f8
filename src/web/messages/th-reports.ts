/** The Thai words of the reports pages (src/web/reports); part of the one catalogue in th.ts. */
export const reportsTh = {};
