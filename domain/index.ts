import type { MinorUnits as MinorUnitsType } from './money';
import { MinorUnits as MinorUnitsSchema, OrderTotals as OrderTotalsSchema } from './schemas';
import type { OrderTotals as OrderTotalsType } from './totals';

export * from './errors';
export * from './ids';
export * from './money';
export * from './tax';
export * from './totals';
export * from './status';
export * from './pin';
export * from './refund-allocation';
export * from './returns';
export * from './schemas';

/*
 * The schemas name their zod values MinorUnits and OrderTotals; money and totals name types the
 * same. Re-declaring both meanings here keeps each name usable as a value and as a type.
 * (The schema's inferred totals type is OrderTotalsDoc.)
 */
export const MinorUnits = MinorUnitsSchema;
export type MinorUnits = MinorUnitsType;
export const OrderTotals = OrderTotalsSchema;
export type OrderTotals = OrderTotalsType;
