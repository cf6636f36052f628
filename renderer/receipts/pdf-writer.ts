import { toWindows1252 } from '../../domain/windows-1252';

/*
 * A minimal PDF 1.4 writer: one or more pages of text in a standard Type 1 font and filled
 * rectangles, which is all a receipt with a vector barcode needs. No PDF library is available to
 * the register, and this much of the format fits in a page: objects, one content stream per
 * page, a cross-reference table of byte offsets and a trailer.
 */

export type PdfFont = 'regular' | 'bold';

export type PdfOp =
  | {
      readonly kind: 'text';
      /** Points from the left edge, baseline from the bottom edge. */
      readonly x: number;
      readonly y: number;
      readonly size: number;
      readonly text: string;
      readonly font?: PdfFont;
    }
  | {
      readonly kind: 'rect';
      readonly x: number;
      readonly y: number;
      readonly width: number;
      readonly height: number;
    };

export interface PdfPage {
  /** Points (1/72 inch). */
  readonly width: number;
  readonly height: number;
  readonly ops: readonly PdfOp[];
}

/**
 * Courier: every glyph is 0.6 em wide, so a receipt can right-align amounts without a font
 * metrics table, the way a till roll does.
 */
const FONTS: Record<PdfFont, string> = { regular: 'Courier', bold: 'Courier-Bold' };
export const COURIER_EM_WIDTH = 0.6;

function pdfString(text: string): string {
  return `(${toWindows1252(text).replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

/** Two decimals at most, no exponent: PDF numbers are plain decimals. */
function num(n: number): string {
  return String(Math.round(n * 100) / 100);
}

function contentOf(page: PdfPage): string {
  const parts: string[] = [];
  for (const op of page.ops) {
    if (op.kind === 'rect') {
      parts.push(`${num(op.x)} ${num(op.y)} ${num(op.width)} ${num(op.height)} re f`);
    } else {
      const font = op.font === 'bold' ? '/F2' : '/F1';
      parts.push(
        `BT ${font} ${num(op.size)} Tf ${num(op.x)} ${num(op.y)} Td ${pdfString(op.text)} Tj ET`,
      );
    }
  }
  return parts.join('\n');
}

/** Latin-1 text to bytes: every character here is below 256 by construction. */
function bytesOf(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}

export function writePdf(pages: readonly PdfPage[], title: string): Uint8Array {
  // Object numbers: 1 catalog, 2 page tree, 3–4 fonts, 5 info, then a page and its content each.
  const pageRefs = pages.map((_, i) => `${6 + i * 2} 0 R`);
  const objects: string[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageRefs.join(' ')}] /Count ${pages.length} >>`,
    `<< /Type /Font /Subtype /Type1 /BaseFont /${FONTS.regular} /Encoding /WinAnsiEncoding >>`,
    `<< /Type /Font /Subtype /Type1 /BaseFont /${FONTS.bold} /Encoding /WinAnsiEncoding >>`,
    `<< /Title ${pdfString(title)} /Producer (OpenTill) >>`,
  ];
  pages.forEach((page, i) => {
    const content = contentOf(page);
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${num(page.width)} ${num(page.height)}] ` +
        `/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${7 + i * 2} 0 R >>`,
      `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    );
  });

  // A binary comment line tells transfer tools the file is not plain text.
  let out = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  // Each xref entry is exactly 20 bytes, end of line included.
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 5 0 R >>\n`;
  out += `startxref\n${xref}\n%%EOF\n`;
  return bytesOf(out);
}
