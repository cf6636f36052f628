/*
 * Windows-1252, the one-byte character set both the receipt PDF (as WinAnsiEncoding) and
 * ESC/POS thermal printers (code table WPC1252) print with. Latin-1 maps to itself; the table's
 * other characters are below.
 */
const OUTSIDE_LATIN1: Readonly<Record<string, number>> = {
  '€': 0x80,
  '‚': 0x82,
  '„': 0x84,
  '…': 0x85,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '•': 0x95,
  '–': 0x96,
  '—': 0x97,
  '™': 0x99,
};

/** Intl puts thin and narrow no-break spaces in amounts and dates, and receipts a true minus. */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  '\u00a0': ' ',
  '\u2007': ' ',
  '\u2009': ' ',
  '\u202f': ' ',
  '\u2212': '-',
};

/** Text as one char per byte (code 0–255) in Windows-1252; what it cannot hold becomes "?". */
export function toWindows1252(text: string): string {
  let out = '';
  for (const raw of text) {
    const ch = LOOK_ALIKES[raw] ?? raw;
    const code = ch.codePointAt(0) ?? 0x3f;
    const extra = OUTSIDE_LATIN1[ch];
    if (extra !== undefined) out += String.fromCharCode(extra);
    else if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)) out += ch;
    else out += '?';
  }
  return out;
}
