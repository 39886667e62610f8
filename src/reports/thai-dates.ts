/** Thai month names (DOMAIN-TH §5), January first. */
export const THAI_MONTHS = ['มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม', 'มิถุนายน', 'กรกฎาคม', 'สิงหาคม', 'กันยายน', 'ตุลาคม', 'พฤศจิกายน', 'ธันวาคม'];

/** "2568-01" → "มกราคม 2568". */
export function thaiMonth(period: string): string {
  const [year, month] = period.split('-').map(Number);
  return `${THAI_MONTHS[month - 1]} ${year}`;
}

/** A period's name: one month, or "ตุลาคม 2567 – มีนาคม 2568". */
export function thaiPeriod(from: string, to: string): string {
  return from === to ? thaiMonth(from) : `${thaiMonth(from)} – ${thaiMonth(to)}`;
}

/** A moment as a Thai date in the Buddhist era: "25 พฤศจิกายน 2569". */
export function thaiDate(at: Date): string {
  const bangkok = new Date(at.getTime() + 7 * 3600_000);
  return `${bangkok.getUTCDate()} ${THAI_MONTHS[bangkok.getUTCMonth()]} ${bangkok.getUTCFullYear() + 543}`;
}

/**
 * A moment as Bangkok wall-clock time for a spreadsheet cell: Excel dates have no time zone and
 * exceljs writes a Date's UTC fields, so 00:00 in Bangkok would show as 17:00 the day before.
 */
export function bangkokCellDate(at: Date): Date {
  return new Date(at.getTime() + 7 * 3600_000);
}

/** Month abbreviations (DOMAIN-TH §5), January first. */
export const THAI_MONTHS_SHORT = ['ม.ค.', 'ก.พ.', 'มี.ค.', 'เม.ย.', 'พ.ค.', 'มิ.ย.', 'ก.ค.', 'ส.ค.', 'ก.ย.', 'ต.ค.', 'พ.ย.', 'ธ.ค.'];

/** "25 พ.ย. 2569 14.05 น." — a moment as a screen shows it, in Thai time (the time left out when `time` is false). */
export function thaiShortDateTime(at: Date | string, time = true): string {
  const bangkok = new Date(new Date(at).getTime() + 7 * 3600_000);
  const date = `${bangkok.getUTCDate()} ${THAI_MONTHS_SHORT[bangkok.getUTCMonth()]} ${bangkok.getUTCFullYear() + 543}`;
  if (!time) return date;
  return `${date} ${String(bangkok.getUTCHours()).padStart(2, '0')}.${String(bangkok.getUTCMinutes()).padStart(2, '0')} น.`;
}
