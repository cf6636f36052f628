import { describe, expect, it } from 'vitest';
import { writePdf } from './pdf-writer';
import type { PdfPage } from './pdf-writer';

const latin1 = (bytes: Uint8Array) => String.fromCharCode(...bytes);

const page: PdfPage = {
  width: 226,
  height: 400,
  ops: [
    { kind: 'text', x: 10, y: 380, size: 12, text: 'Corner Shop', font: 'bold' },
    { kind: 'text', x: 10, y: 360, size: 9, text: 'Order 0190f5c2-7a1b (paid) \\ €4.50' },
    { kind: 'rect', x: 10, y: 20, width: 1.5, height: 40 },
    { kind: 'rect', x: 12.25, y: 20, width: 0.75, height: 40 },
  ],
};

/** Reads the file the way a viewer does: from startxref at the end, through the table. */
function parse(pdf: string) {
  const start = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(pdf)?.[1]);
  expect(pdf.slice(start, start + 5)).toBe('xref\n');
  const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(pdf.slice(start)) ?? [];
  expect(first).toBe('0');
  const entries = pdf
    .slice(start)
    .split('\n')
    .slice(2, 2 + Number(count));
  const trailer = /trailer\n<< \/Size (\d+) \/Root (\d+) 0 R/.exec(pdf.slice(start));
  return { entries, size: Number(trailer?.[1]), root: Number(trailer?.[2]) };
}

describe('writePdf', () => {
  const bytes = writePdf([page], 'Receipt 0190f5c2');
  const pdf = latin1(bytes);

  it('starts with a PDF header and ends with the end-of-file marker', () => {
    expect(pdf.startsWith('%PDF-1.4\n')).toBe(true);
    expect(pdf.endsWith('%%EOF\n')).toBe(true);
  });

  it('has a cross-reference table whose offsets point at each object', () => {
    const { entries, size, root } = parse(pdf);
    expect(size).toBe(entries.length);
    expect(entries[0]).toBe('0000000000 65535 f ');
    entries.slice(1).forEach((entry, i) => {
      expect(entry).toMatch(/^\d{10} 00000 n $/);
      const offset = Number(entry.slice(0, 10));
      expect(pdf.slice(offset, offset + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`);
    });
    const rootOffset = Number(entries[root]?.slice(0, 10));
    expect(pdf.slice(rootOffset)).toMatch(/^\d+ 0 obj\n<< \/Type \/Catalog \/Pages 2 0 R >>/);
  });

  it('gives each content stream its exact length', () => {
    const match = /<< \/Length (\d+) >>\nstream\n([\s\S]*?)\nendstream/.exec(pdf);
    expect(match).not.toBeNull();
    expect(match?.[2]?.length).toBe(Number(match?.[1]));
  });

  it('writes the text in Courier, escaping parentheses and backslashes, and the bars as rectangles', () => {
    expect(pdf).toContain('/BaseFont /Courier ');
    expect(pdf).toContain('/BaseFont /Courier-Bold ');
    expect(pdf).toContain('(Order 0190f5c2-7a1b \\(paid\\) \\\\ \x804.50) Tj');
    expect(pdf).toContain('10 20 1.5 40 re f');
    expect(pdf).toContain('12.25 20 0.75 40 re f');
  });

  it('lists every page in the page tree', () => {
    const two = latin1(writePdf([page, page], 'Two'));
    expect(two).toContain('/Kids [6 0 R 8 0 R] /Count 2');
    expect(parse(two).size).toBe(10);
  });
});
