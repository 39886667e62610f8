/** Buddhist-era months ("2569-11") in Thai time, as the O23 report names its periods. */

/** The month a moment falls in, in Thai time. */
export function monthOf(at: Date): string {
  const bangkok = new Date(at.getTime() + 7 * 3600_000);
  return `${bangkok.getUTCFullYear() + 543}-${String(bangkok.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The month `by` months after `period`. */
export function addMonths(period: string, by: number): string {
  const [y, m] = period.split('-').map(Number);
  const index = y * 12 + (m - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The first moment of the month after `period`, in Thai time: when the period has ended. */
export function endOf(period: string): Date {
  const [yearBe, month] = addMonths(period, 1).split('-').map(Number);
  return new Date(`${yearBe - 543}-${String(month).padStart(2, '0')}-01T00:00:00+07:00`);
}
