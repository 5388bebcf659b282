import { useState, type DragEvent } from 'react';
import { IMPORTABLE_EXTENSIONS } from '../../../../preload/contract';
import { errorMessage } from '../../lib/errors';
import { useAppStore } from '../../store/app-store';
import { useImportStore } from './import-store';

const importable = (name: string): boolean =>
  IMPORTABLE_EXTENSIONS.some((extension) => name.toLowerCase().endsWith(extension));
const ACCEPTED = IMPORTABLE_EXTENSIONS.join(', ');

/** Where files come in: dropped from the OS or chosen in its dialog; each then waits, previewed, for Start. */
export function DropZone() {
  const [dragging, setDragging] = useState(false);
  const add = useImportStore((state) => state.add);
  const showNotice = useAppStore((state) => state.showNotice);
  const dismissNotice = useAppStore((state) => state.dismissNotice);

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
    add(
      files
        .filter((file) => importable(file.name))
        .map((file) => window.api.pathForFile(file))
        .filter((path) => path !== ''),
    );
  };

  const onChoose = (): void => {
    dismissNotice();
    window.api.chooseFiles().then(add, (error: unknown) => {
      showNotice(`Could not open the file dialog: ${errorMessage(error)}`);
    });
  };

  return (
    <section
      className={dragging ? 'drop-zone is-dragging' : 'drop-zone'}
      data-testid="drop-zone"
      aria-labelledby="drop-zone-title"
      aria-describedby="drop-zone-hint"
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      <h2 id="drop-zone-title" className="drop-zone-title">
        Drop CSV, Excel or JSON files here to import them
      </h2>
      <p id="drop-zone-hint" className="muted">
        Accepted: {ACCEPTED}. Each file is previewed first: check its mapping, then start it.
      </p>
      <button type="button" className="button-primary" data-testid="choose-files" onClick={onChoose}>
        Choose files…
      </button>
    </section>
  );
}
