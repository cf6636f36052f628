/*
 * The one detector of card numbers (PANs). A card number never reaches disk, logs or an error
 * message, so anything a register or a back-office tool sends is searched for one before it is
 * stored or logged, and refused whole if it holds one.
 *
 * A card number here is 13 to 19 digits that pass the Luhn check, written together or in groups
 * separated by single spaces or dashes ("4242 4242 4242 4242", "3782-822463-10005"), wherever it
 * stands in a text, as long as no letter or digit is glued to it ("ref:4242…" and
 * "tok_4242…" count, a hex hash whose digits happen to line up does not). Within a longer run
 * of groups, any span of whole groups of 13 to 19 digits counts, so a number beside another one
 * is still found. An unbroken run of more than 19 digits is some other number. Two things that
 * look alike are not card numbers:
 *
 * - UUIDs (ids everywhere), whose hex groups are sometimes all digits;
 * - a barcode (GTIN-13 or GTIN-14 with a valid GS1 check digit, written unbroken) in a field
 *   named for one: about one in ten barcodes also passes the Luhn check.
 */

const UUID_ANYWHERE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** Groups of digits joined by single spaces or dashes. */
const DIGIT_RUN = /\d+(?:[ -]\d+)*/g;
const BARCODE_FIELDS: ReadonlySet<string> = new Set(['barcode', 'sku', 'gtin', 'ean', 'upc']);

export const MIN_CARD_DIGITS = 13;
export const MAX_CARD_DIGITS = 19;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** GS1's check digit (GTIN-8/12/13/14): weights 3,1,3,… from the right of the payload. */
function gs1Valid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length - 1; i++) {
    const d = digits.charCodeAt(digits.length - 2 - i) - 48;
    sum += i % 2 === 0 ? d * 3 : d;
  }
  return (10 - (sum % 10)) % 10 === digits.charCodeAt(digits.length - 1) - 48;
}

const isCard = (digits: string): boolean =>
  digits.length >= MIN_CARD_DIGITS && digits.length <= MAX_CARD_DIGITS && luhnValid(digits);

const GLUED = /[A-Za-z0-9]/;
const standsAlone = (text: string, start: number, end: number): boolean =>
  !GLUED.test(text.charAt(start - 1)) && !GLUED.test(text.charAt(end));

/** Where card numbers stand in `text`, as [start, end) character spans. */
function cardSpans(text: string): [number, number][] {
  const masked = text.replace(UUID_ANYWHERE, (uuid) => '_'.repeat(uuid.length));
  const spans: [number, number][] = [];
  for (const run of masked.matchAll(DIGIT_RUN)) {
    const groups = [...run[0].matchAll(/\d+/g)].map((g) => ({
      start: run.index + g.index,
      digits: g[0],
    }));
    for (let first = 0; first < groups.length; first++) {
      let digits = '';
      for (let last = first; last < groups.length; last++) {
        const group = groups[last];
        if (!group) break;
        digits += group.digits;
        if (digits.length > MAX_CARD_DIGITS) break;
        const start = groups[first]?.start ?? 0;
        const end = group.start + group.digits.length;
        if (isCard(digits) && standsAlone(masked, start, end)) spans.push([start, end]);
      }
    }
  }
  return spans;
}

/** Whether a text holds a card number anywhere. */
export function containsCardNumber(text: string): boolean {
  return cardSpans(text).length > 0;
}

/** The text with every card number replaced, for what must be logged whatever it holds. */
export function maskCardNumbers(text: string): string {
  const spans = cardSpans(text);
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const [start, end] of spans.sort((a, b) => a[0] - b[0])) {
    if (start < at) {
      at = Math.max(at, end);
      continue;
    }
    out += `${text.slice(at, start)}[card number]`;
    at = end;
  }
  return out + text.slice(at);
}

function isBarcode(key: string, value: string): boolean {
  return BARCODE_FIELDS.has(key.toLowerCase()) && /^\d{13,14}$/.test(value) && gs1Valid(value);
}

/**
 * Where a card number hides in a JSON-like value (a path like `tenders.0.reference`, or
 * `(value)` for the value itself), or null. Keys, texts and integers are all searched; the path
 * names where it is, never what it is.
 */
export function cardNumberPath(value: unknown, path = '', key = ''): string | null {
  const here = path || '(value)';
  if (typeof value === 'string') {
    return containsCardNumber(value) && !isBarcode(key, value) ? here : null;
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) && isCard(BigInt(value).toString()) ? here : null;
  }
  if (value === null || typeof value !== 'object') return null;
  for (const [k, inner] of Object.entries(value)) {
    const at = path ? `${path}.${k}` : k;
    if (containsCardNumber(k)) return path ? `${path}.(a key)` : '(a key)';
    const found = cardNumberPath(inner, at, k);
    if (found !== null) return found;
  }
  return null;
}

/** The one message for a refusal: it says where, and never echoes the number. */
export function cardNumberMessage(where: string): string {
  return `${where}: holds a card number, which is never stored; use the terminal's token or reference`;
}
