import { parseMoney } from '../../domain/money';

/** A typed amount in minor units, or an error to show beside the field. */
export function readAmount(
  text: string,
  currency: string,
): { amount: number; error: null } | { amount: null; error: string } {
  if (text.trim() === '') return { amount: null, error: 'Enter an amount.' };
  const amount = parseMoney(text, currency);
  if (amount === null || amount < 0) return { amount: null, error: `"${text}" is not an amount.` };
  return { amount, error: null };
}
