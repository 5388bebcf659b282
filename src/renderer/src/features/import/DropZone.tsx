import { useState, type DragEvent } from 'react';
import { IMPORTABLE_EXTENSIONS, type BatchInput, type JobView } from '../../../../preload/contract';
import { errorMessage } from '../../lib/errors';
import { useAppStore } from '../../store/app-store';
import { BatchFields } from './BatchFields';
import { EMPTY_BATCH, nextParts, parseBatchDraft, type BatchDraft } from './batch-input';

const importable = (name: string): boolean =>
  IMPORTABLE_EXTENSIONS.some((extension) => name.toLowerCase().endsWith(extension));
const ACCEPTED = IMPORTABLE_EXTENSIONS.join(', ');

export function DropZone() {
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(false);
  const [batchDraft, setBatchDraft] = useState<BatchDraft>(EMPTY_BATCH);
  const upsertJobs = useAppStore((state) => state.upsertJobs);
  const showNotice = useAppStore((state) => state.showNotice);
  const dismissNotice = useAppStore((state) => state.dismissNotice);

  const run = async (files: number, start: (batch: BatchInput | null) => Promise<JobView[]>): Promise<void> => {
    const parsed = parseBatchDraft(batchDraft, files);
    if ('problem' in parsed) {
      showNotice(parsed.problem);
      return;
    }
    setBusy(true);
    try {
      upsertJobs(await start(parsed.batch));
      // The next files are the next parts: the same part again would replace these as a re-send.
      if (parsed.batch) setBatchDraft(nextParts(batchDraft, parsed.batch, files));
    } catch (error) {
      showNotice(`Import failed: ${errorMessage(error)}`);
    } finally {
      setBusy(false);
    }
  };

  const onDragOver = (event: DragEvent<HTMLElement>): void => {
    // Without preventDefault the element refuses the drop.
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };

  const onDragLeave = (event: DragEvent<HTMLElement>): void => {
    // dragleave also fires when moving onto a child; only leaving the zone itself counts.
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
  };

  const onDrop = (event: DragEvent<HTMLElement>): void => {
    event.preventDefault();
    setDragging(false);
    dismissNotice();
    const files = Array.from(event.dataTransfer.files);
    const rejected = files.filter((file) => !importable(file.name)).map((file) => file.name);
    if (rejected.length > 0) {
      showNotice(`Only ${ACCEPTED} files can be imported. Not imported: ${rejected.join(', ')}`);
    }
    const paths = files
      .filter((file) => importable(file.name))
      .map((file) => window.api.pathForFile(file))
      .filter((path) => path !== '');
    if (paths.length > 0) void run(paths.length, (batch) => window.api.importFiles(paths, null, batch));
  };

  const onChoose = (): void => {
    dismissNotice();
    void run(1, (batch) => window.api.pickFiles(null, batch));
  };

  return (
    <section
      className={dragging ? 'drop-zone is-dragging' : 'drop-zone'}
      data-testid="drop-zone"
      aria-labelledby="drop-zone-title"
      aria-describedby="drop-zone-hint"
      aria-busy={busy}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      <h2 id="drop-zone-title" className="drop-zone-title">
        Drop CSV, Excel or JSON files here to import them
      </h2>
      <p id="drop-zone-hint" className="muted">
        Accepted: {ACCEPTED}. Rows go to the database and collection set in Settings.
      </p>
      <button type="button" className="button-primary" data-testid="choose-files" onClick={onChoose} disabled={busy}>
        {busy ? 'Starting import…' : 'Choose files…'}
      </button>
      <BatchFields draft={batchDraft} onChange={setBatchDraft} />
    </section>
  );
}
