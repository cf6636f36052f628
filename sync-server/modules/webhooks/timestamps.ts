/** PGlite and pg both hand back timestamptz as Date; the API speaks ISO 8601. */
export const isoTime = (t: Date): string => new Date(t).toISOString();

export const isoTimeOrNull = (t: Date | null): string | null => (t === null ? null : isoTime(t));
