import { toWindows1252 } from '../../../domain/windows-1252';

/*
 * ESC/POS commands as bytes, named as the Epson ESC/POS command reference names them. Pure: the
 * printer transport only ever sees the Uint8Array these add up to.
 */

const ESC = 0x1b;
const GS = 0x1d;
const LF = 0x0a;

export type Align = 'left' | 'center' | 'right';

/** ESC @ — initialize printer: clears the buffer and every mode set by an earlier job. */
export const initialize = (): number[] => [ESC, 0x40];

/** ESC t 16 — character code table WPC1252, so "€", "é" and "×" print as themselves. */
export const selectCodePage1252 = (): number[] => [ESC, 0x74, 16];

/** ESC a n — justification: 0 left, 1 centered, 2 right. */
export const align = (to: Align): number[] => [ESC, 0x61, { left: 0, center: 1, right: 2 }[to]];

/** ESC E n — emphasized (bold) on or off. */
export const bold = (on: boolean): number[] => [ESC, 0x45, on ? 1 : 0];

/** GS ! n — character size: high nibble width − 1, low nibble height − 1; 0x11 is double both. */
export const doubleSize = (on: boolean): number[] => [GS, 0x21, on ? 0x11 : 0x00];

/** ESC d n — print the buffer and feed n lines. */
export const feedLines = (n: number): number[] => [ESC, 0x64, clampByte(n)];

/** GS V 66 n — feed to the cutting position (plus n dots) and partial-cut. */
export const cut = (): number[] => [GS, 0x56, 66, 0];

/**
 * ESC p m t1 t2 — the drawer-kick pulse: m 0 drives connector pin 2, m 1 pin 5; the pulse is
 * on for t1 × 2 ms and off for t2 × 2 ms. 50 ms on and 500 ms off open common drawers without
 * overheating their solenoid.
 */
export function drawerPulse(pin: 2 | 5, onMs = 50, offMs = 500): number[] {
  return [ESC, 0x70, pin === 2 ? 0 : 1, clampByte(onMs / 2), clampByte(offMs / 2)];
}

/** Text in WPC1252; a character the printer cannot show prints as "?" rather than garbage. */
export const text = (value: string): number[] =>
  [...toWindows1252(value)].map((c) => c.charCodeAt(0));

/** Text and a line feed. */
export const line = (value: string): number[] => [...text(value), LF];

/**
 * A CODE128 barcode with its digits printed below:
 * GS H 2 (HRI below), GS h n (height in dots), GS w n (module width), then
 * GS k 73 n {B data — format 2 of GS k, code set B chosen by the "{B" prefix.
 */
export function code128(data: string, opts: { moduleWidth: number; height: number }): number[] {
  const body = [0x7b, 0x42, ...text(data)];
  if (body.length > 255) throw new RangeError('a CODE128 barcode holds at most 253 characters');
  return [
    ...[GS, 0x48, 2],
    ...[GS, 0x68, clampByte(opts.height)],
    ...[GS, 0x77, opts.moduleWidth],
    ...[GS, 0x6b, 73, body.length],
    ...body,
  ];
}

function clampByte(n: number): number {
  return Math.max(0, Math.min(255, Math.round(n)));
}
