import type { FilePreview } from '../../../../preload/contract';
import { cellText, documentFields } from './mapping-draft';

/** The first rows as the documents they become, and the rows among them that would fail, with why. */
export function PreviewRows({ preview }: { preview: FilePreview }) {
  const fields = documentFields(preview.rows);
  const shown = preview.rows.length + preview.errors.length;
  return (
    <div className="preview-rows">
      <p className="muted" data-testid="preview-count">
        First {shown.toLocaleString()} rows: {preview.rows.length.toLocaleString()} map cleanly,{' '}
        {preview.errors.length.toLocaleString()} {preview.errors.length === 1 ? 'has an error' : 'have errors'}.
      </p>
      {preview.shortened && (
        <p className="muted" data-testid="preview-shortened">
          {preview.shortened}.
        </p>
      )}
      {preview.errors.length > 0 && (
        <ul className="preview-errors" data-testid="preview-errors">
          {preview.errors.map((error, index) => (
            <li
              key={`${error.rowNo ?? 'file'}-${index}`}
              data-testid="preview-error"
              data-row-no={error.rowNo ?? ''}
              data-column={error.column ?? ''}
            >
              {/* The message names the column and value itself. */}
              {error.rowNo === null ? error.message : `Row ${error.rowNo.toLocaleString()}: ${error.message}`}
            </li>
          ))}
        </ul>
      )}
      {preview.rows.length > 0 && (
        // Focusable so that a keyboard can scroll a table wider than the view.
        <div className="preview-table" tabIndex={0} role="region" aria-label={`First rows of ${preview.fileName}`}>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col" className="numeric">
                  Row
                </th>
                {fields.map((field) => (
                  <th key={field} scope="col">
                    {field}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row) => (
                <tr key={row.rowNo} data-testid="preview-row" data-row-no={row.rowNo}>
                  <td className="numeric muted">{row.rowNo.toLocaleString()}</td>
                  {fields.map((field) => (
                    <td key={field} data-field={field}>
                      <span className="cell-text">{cellText(row.document[field])}</span>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
