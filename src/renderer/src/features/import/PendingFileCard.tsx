import type { SourceView } from '../../../../preload/contract';
import { Timestamp } from '../../components/Timestamp';
import { DecimalNote } from './DecimalNote';
import { isReady, useImportStore, type PendingFile } from './import-store';
import { formatSummary, rulesFromPreview } from './mapping-draft';
import { MappingEditor } from './MappingEditor';
import { PreviewRows } from './PreviewRows';
import { SaveMapping } from './SaveMapping';
import { useFilePreview } from './useFilePreview';

interface PendingFileCardProps {
  file: PendingFile;
  index: number;
  source: SourceView | null;
  starting: boolean;
  onStart: (file: PendingFile) => void;
  onSourceSaved: (source: SourceView) => void;
}

/** One file waiting to be started: how it will be read and mapped, what its first rows become, and Start. */
export function PendingFileCard({ file, index, source, starting, onStart, onSourceSaved }: PendingFileCardProps) {
  const sourceId = useImportStore((state) => state.sourceId);
  const setRules = useImportStore((state) => state.setRules);
  const remove = useImportStore((state) => state.remove);
  useFilePreview(file.path, sourceId, file.rules);
  const { preview } = file;
  const fileId = `pending-${index}`;
  const rules = file.rules ?? (preview ? rulesFromPreview(preview) : []);
  const tabular = preview !== null && preview.format !== 'json';

  return (
    <article
      className="panel pending-file"
      data-testid="pending-file"
      data-file-name={file.name}
      data-ready={isReady(file)}
      aria-labelledby={`${fileId}-title`}
      aria-busy={file.loading}
    >
      <header className="panel-head">
        <h3 id={`${fileId}-title`} className="panel-title">
          {file.name}
        </h3>
        <span className="muted" data-testid="preview-format">
          {preview ? formatSummary(preview) : 'Reading…'}
        </span>
      </header>
      {preview && <DecimalNote preview={preview} />}
      {preview?.earlierImport && (
        <p className="preview-warning" data-testid="earlier-import">
          This file was imported before for this source (<Timestamp iso={preview.earlierImport.createdAt} />,{' '}
          {preview.earlierImport.state.replaceAll('_', ' ')}). Importing it again writes nothing MongoDB already holds.
        </p>
      )}
      {file.failure !== null && (
        <p className="status-error" role="alert" data-testid="preview-failure">
          {file.failure}
        </p>
      )}
      {preview?.problem && (
        <p className="status-error" role="alert" data-testid="preview-problem">
          Cannot be imported as mapped: {preview.problem}
        </p>
      )}
      {tabular && (
        <details className="mapping" open>
          <summary>
            Mapping · {preview.columns.length.toLocaleString()} of {preview.header.length.toLocaleString()} columns
            imported
            {file.rules !== null && <span className="muted"> · edited</span>}
          </summary>
          <MappingEditor
            preview={preview}
            original={file.original ?? preview}
            rules={rules}
            onChange={(next) => {
              setRules(file.path, next);
            }}
          />
          {file.rules !== null && (
            <div className="form-actions">
              <button
                type="button"
                className="button-secondary"
                onClick={() => {
                  setRules(file.path, null);
                }}
              >
                Undo my changes
              </button>
              <SaveMapping fileId={fileId} source={source} rules={rules} onSaved={onSourceSaved} />
            </div>
          )}
        </details>
      )}
      {preview?.format === 'json' && (
        <p className="muted">JSON items keep their own field names; the entity_code field is the key.</p>
      )}
      {preview && preview.problem === null && <PreviewRows preview={preview} />}
      <div className="form-actions">
        <button
          type="button"
          className="button-primary"
          data-testid="start-import"
          disabled={!isReady(file) || starting}
          aria-label={`Start the import of ${file.name}`}
          onClick={() => {
            onStart(file);
          }}
        >
          Start
        </button>
        <button
          type="button"
          className="button-secondary"
          aria-label={`Remove ${file.name} without importing it`}
          disabled={starting}
          onClick={() => {
            remove(file.path);
          }}
        >
          Remove
        </button>
      </div>
    </article>
  );
}
