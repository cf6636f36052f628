import { z } from 'zod';

/*
 * Imported first by main.tsx, before any schema is built: the page's Content-Security-Policy
 * forbids eval, and without this zod probes for it while constructing schemas and the browser
 * logs a violation on every start.
 */
z.config({ jitless: true });
