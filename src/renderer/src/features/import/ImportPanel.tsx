import { useEffect, useState } from 'react';
import { DEFAULT_SOURCE_NAME, type SourceView } from '../../../../preload/contract';
import { errorMessage } from '../../lib/errors';
import { useAppStore } from '../../store/app-store';
import { useSources, withSaved } from '../sources/useSources';
import { BatchFields } from './BatchFields';
import { EMPTY_BATCH, nextParts, parseBatchDraft, type BatchDraft } from './batch-input';
import { DropZone } from './DropZone';
import { isReady, useImportStore, type PendingFile } from './import-store';
import { PendingFileCard } from './PendingFileCard';

/** The Import view's top: files in, a source and batch for them, each file previewed, then Start. */
export function ImportPanel({ visible }: { visible: boolean }) {
  const [sources, setSources] = useSources(visible);
  const [batchDraft, setBatchDraft] = useState<BatchDraft>(EMPTY_BATCH);
  const [starting, setStarting] = useState(false);
  const files = useImportStore((state) => state.files);
  const sourceId = useImportStore((state) => state.sourceId);
  const setSource = useImportStore((state) => state.setSource);
  const remove = useImportStore((state) => state.remove);
  const settings = useAppStore((state) => state.settings);
  const upsertJobs = useAppStore((state) => state.upsertJobs);
  const showNotice = useAppStore((state) => state.showNotice);
  const source = sources?.find((s) => s.id === sourceId) ?? null;
  // A source deleted in the Sources view is no longer the one files go under.
  const chosenGone = sources !== null && sourceId !== null && source === null;
  useEffect(() => {
    if (chosenGone) setSource(null);
  }, [chosenGone, setSource]);
  const ready = files.filter(isReady);

  /** Starts files in order; with a batch ID they are its consecutive parts from the part given. */
  const start = async (chosen: readonly PendingFile[]): Promise<void> => {
    const parsed = parseBatchDraft(batchDraft, chosen.length);
    if ('problem' in parsed) {
      showNotice(parsed.problem);
      return;
    }
    const { batch } = parsed;
    setStarting(true);
    let started = 0;
    try {
      for (const file of chosen) {
        const part = batch && { ...batch, part: batch.part + started };
        upsertJobs(await window.api.importFiles([file.path], sourceId, part, file.rules));
        remove(file.path);
        started += 1;
      }
    } catch (error) {
      showNotice(`Import failed: ${errorMessage(error)}`);
    } finally {
      setStarting(false);
      // The next files are the next parts: the same part again would replace these as a re-send.
      if (batch && started > 0) setBatchDraft(nextParts(batchDraft, batch, started));
    }
  };

  const onSourceSaved = (saved: SourceView): void => {
    setSources(withSaved(sources, saved));
    setSource(saved.id);
  };

  const target = settings && settings.database !== '' ? `${settings.database}.${settings.collection}` : 'not set';
  return (
    <div className="import-panel">
      <DropZone />
      <div className="import-options">
        <div className="inline-field">
          <label htmlFor="import-source">Source</label>
          <select
            id="import-source"
            data-testid="import-source"
            value={sourceId ?? ''}
            onChange={(event) => {
              setSource(event.target.value === '' ? null : event.target.value);
            }}
          >
            <option value="">
              {DEFAULT_SOURCE_NAME} (Settings: {target})
            </option>
            {(sources ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.database}.{s.collection})
              </option>
            ))}
          </select>
        </div>
        <BatchFields draft={batchDraft} onChange={setBatchDraft} disabled={starting} />
      </div>
      {files.length > 0 && (
        <section className="pending-files" aria-labelledby="pending-title" data-testid="pending-files">
          <div className="panel-head">
            <h2 id="pending-title" className="panel-title">
              Ready to import ({files.length.toLocaleString()})
            </h2>
            <button
              type="button"
              className="button-primary"
              data-testid="start-all"
              disabled={ready.length === 0 || starting}
              onClick={() => {
                void start(ready);
              }}
            >
              {starting
                ? 'Starting…'
                : ready.length === files.length
                  ? `Start all (${ready.length.toLocaleString()})`
                  : `Start ${ready.length.toLocaleString()} of ${files.length.toLocaleString()} ready`}
            </button>
          </div>
          {files.map((file, index) => (
            <PendingFileCard
              key={file.path}
              file={file}
              index={index}
              source={source}
              starting={starting}
              onStart={(one) => {
                void start([one]);
              }}
              onSourceSaved={onSourceSaved}
            />
          ))}
        </section>
      )}
    </div>
  );
}
