/** The Thai words of the operations pages (src/web/operations); part of the one catalogue in th.ts. */
export const operationsTh = {};
