/** The Thai words of the loans pages (src/web/loans); part of the one catalogue in th.ts. */
export const loansTh = {};
