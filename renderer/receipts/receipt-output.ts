/*
 * A receipt the browser's way: the print dialog over the page, where the print stylesheet
 * (styles.css, `@media print`) leaves only the receipt on paper, and a PDF download. A sale's
 * receipt prints through the platform instead (renderer/platform/), which reaches the till
 * printer in the desktop app.
 */
export interface ReceiptOutput {
  print(): void;
  download(fileName: string, bytes: Uint8Array): void;
}

export const browserReceiptOutput: ReceiptOutput = {
  print() {
    window.print();
  },
  download(fileName, bytes) {
    const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.click();
    // The click has started the download; the object URL is only needed until then.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};
