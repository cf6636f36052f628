import { barsOf, encodeCode128B } from './code128';

interface Props {
  readonly value: string;
  readonly label: string;
}

const QUIET_MODULES = 10;
const HEIGHT = 50;

/** Code 128 as vector bars, one module per SVG unit, so it prints sharp at any size. */
export function BarcodeSvg({ value, label }: Props) {
  const code = encodeCode128B(value);
  if (!code.ok) return null;
  const width = code.value.modules + 2 * QUIET_MODULES;
  return (
    <svg
      role="img"
      aria-label={label}
      className="barcode"
      viewBox={`0 0 ${width} ${HEIGHT}`}
      preserveAspectRatio="none"
      shapeRendering="crispEdges"
    >
      <rect x={0} y={0} width={width} height={HEIGHT} fill="#fff" />
      {barsOf(code.value.widths).map((bar) => (
        <rect
          key={bar.x}
          x={QUIET_MODULES + bar.x}
          y={0}
          width={bar.width}
          height={HEIGHT}
          fill="#000"
        />
      ))}
    </svg>
  );
}
