import type { ValueTransformer } from 'typeorm';

/** PostgreSQL numeric arrives as a string; quantities, weights and baht fit a double exactly enough. */
export const numeric: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => numberOrNull(value),
};

/** A nullable numeric column from a raw query row. */
export function numberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
