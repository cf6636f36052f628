import { z } from 'zod';
import type { Queryable } from '../../infra/db/db';

/** Why one row was refused: its number in the file, the field at fault, and what is wrong. */
export interface RowError {
  readonly row: number;
  readonly field: string;
  readonly message: string;
}

/** The rows of one file that passed their own checks, with their numbers. */
export type ValidRows<T> = readonly { readonly row: number; readonly value: T }[];

/** What a kind of import (products, stock) checks and how it applies a batch. */
export interface ImportKind<T, Ctx> {
  /** The collection registers pull again after a batch is applied. */
  readonly collection: string;
  /** Why a CSV header cannot work, or null. */
  checkColumns(columns: readonly string[]): string | null;
  /** What every row is checked against, read once per import (currency, tax codes, locations). */
  context(db: Queryable, storeId: string): Promise<Ctx>;
  /** A row's own checks, before anything is written. */
  validate(values: Readonly<Record<string, unknown>>, ctx: Ctx): T | Omit<RowError, 'row'>[];
  /** Applies valid rows in the caller's transaction; answers the rows it still refused. */
  apply(
    tx: Queryable,
    p: { storeId: string; jobId: string; rows: ValidRows<T>; ctx: Ctx; now: string },
  ): Promise<RowError[]>;
}

/** Whole numbers from a CSV cell ("12") or a JSON number, never a fraction. */
export const wholeNumber = (min: number, max: number) =>
  z
    .union([
      z.number(),
      z
        .string()
        .trim()
        .regex(/^[+-]?\d{1,15}$/, 'must be a whole number')
        .transform(Number),
    ])
    .pipe(z.number().int('must be a whole number').min(min).max(max));

/** true/false, yes/no, 1/0 in a CSV cell, or a JSON boolean. */
export const flag = z.union([
  z.boolean(),
  z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['true', 'false', 'yes', 'no', '1', '0'], 'must be true or false'))
    .transform((s) => s === 'true' || s === 'yes' || s === '1'),
]);

/** The first problem of each field of a row, named as the file names the field. */
export function fieldErrors(error: z.ZodError): Omit<RowError, 'row'>[] {
  const byField = new Map<string, string>();
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : '(row)';
    if (!byField.has(field)) byField.set(field, issue.message);
  }
  return [...byField].map(([field, message]) => ({ field, message }));
}

/** Missing required columns, where each entry is a column or a list of which any one will do. */
export function missingColumns(
  columns: readonly string[],
  required: readonly (string | readonly string[])[],
): string | null {
  const have = new Set(columns);
  const missing = required
    .filter((r) => (typeof r === 'string' ? !have.has(r) : !r.some((c) => have.has(c))))
    .map((r) => (typeof r === 'string' ? r : r.join(' or ')));
  return missing.length === 0 ? null : `the header has no ${missing.join(', ')} column`;
}
