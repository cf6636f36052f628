/** EAN-13 from its first twelve digits: weights 1,3,1,3… from the left, check digit last. */
export function ean13(first12: string): string {
  if (!/^\d{12}$/.test(first12)) throw new RangeError('EAN-13 needs exactly 12 leading digits');
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return `${first12}${(10 - (sum % 10)) % 10}`;
}

export function isValidEan13(code: string): boolean {
  return /^\d{13}$/.test(code) && ean13(code.slice(0, 12)) === code;
}
