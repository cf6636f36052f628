import { useState } from 'react';
import type { PrintedReceipt } from '../../electron/preload/contract';
import { usePlatform } from './platform-context';

/**
 * Printing from a screen through the platform (ESC/POS for a sale's receipt where a thermal
 * printer is set up, else the page, silently or through the dialog), with why the last try
 * failed for the screen to show.
 */
export function usePrint(): {
  readonly print: (receipt: PrintedReceipt | null) => void;
  readonly error: string | null;
} {
  const platform = usePlatform();
  const [error, setError] = useState<string | null>(null);
  return {
    error,
    print(receipt) {
      setError(null);
      void platform.print(receipt).then((printed) => {
        if (!printed.ok) setError(printed.error.message);
      });
    },
  };
}
