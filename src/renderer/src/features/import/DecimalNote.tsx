import type { FilePreview } from '../../../../preload/contract';

const NAMES = { '.': 'point', ',': 'comma' } as const;

/**
 * How the file's numbers are read. A separator that was not detected is a warning only where a
 * column is read as a number: elsewhere it changes nothing.
 */
export function DecimalNote({ preview }: { preview: FilePreview }) {
  const { decimal } = preview;
  if (!decimal) return null;
  const matters = preview.columns.some((c) => c.type === 'number' || c.type === 'integer');
  return (
    <p
      className={decimal.how === 'ambiguous' && matters ? 'preview-warning' : 'muted'}
      data-testid="preview-decimal"
      data-how={decimal.how}
    >
      Decimal {NAMES[decimal.separator]} “{decimal.separator}”: {decimal.note}.
    </p>
  );
}
