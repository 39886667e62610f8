import type { ValueTransformer } from 'typeorm';

/** PostgreSQL numeric arrives as a string; quantities, weights and baht fit a double exactly enough. */
export const numeric: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
