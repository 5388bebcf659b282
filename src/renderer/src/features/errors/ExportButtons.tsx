import { useState } from 'react';
import type { ErrorFilter, ErrorScope, ExportFormat, ExportResult } from '../../../../preload/contract';
import { errorMessage } from '../../lib/errors';
import { useAppStore } from '../../store/app-store';

const FORMATS: readonly { format: ExportFormat; label: string }[] = [
  { format: 'csv', label: 'Export CSV' },
  { format: 'xlsx', label: 'Export XLSX' },
];

interface ExportButtonsProps {
  scope: ErrorScope;
  filter: ErrorFilter;
  /** Nothing matches, so there is nothing to export. */
  empty: boolean;
}

function describe(result: ExportResult): string {
  if (result.path === null) return 'Export cancelled';
  return `Exported ${result.rows.toLocaleString()} ${result.rows === 1 ? 'row' : 'rows'} to ${result.path}`;
}

/** Writes the rows the filters match to a file main asks the user for. */
export function ExportButtons({ scope, filter, empty }: ExportButtonsProps) {
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [result, setResult] = useState<ExportResult | null>(null);
  const showNotice = useAppStore((state) => state.showNotice);

  const run = async (format: ExportFormat): Promise<void> => {
    setBusy(format);
    setResult(null);
    try {
      setResult(await window.api.exportErrors(scope, filter, format));
    } catch (error) {
      showNotice(`Could not export the error rows: ${errorMessage(error)}`);
    }
    setBusy(null);
  };

  return (
    <div className="export-actions">
      {FORMATS.map(({ format, label }) => (
        <button
          key={format}
          type="button"
          className="button-secondary"
          data-testid={`export-${format}`}
          disabled={busy !== null || empty}
          onClick={() => void run(format)}
        >
          {busy === format ? 'Exporting…' : label}
        </button>
      ))}
      <span className="export-result" role="status" data-testid="export-result">
        {result !== null && describe(result)}
      </span>
    </div>
  );
}
