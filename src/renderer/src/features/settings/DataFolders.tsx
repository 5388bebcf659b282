import { useEffect, useState } from 'react';
import { APP_FOLDERS, type AppFolder, type AppFolders } from '../../../../preload/contract';
import { errorMessage } from '../../lib/errors';

const FOLDER_NAMES: Record<AppFolder, { title: string; open: string }> = {
  data: { title: 'Data', open: 'Open data folder' },
  logs: { title: 'Logs', open: 'Open logs folder' },
};

/** Where the local queue and the logs live; main opens them, the page never names a path. */
export function DataFolders() {
  const [folders, setFolders] = useState<AppFolders | null>(null);
  const [problem, setProblem] = useState('');

  useEffect(() => {
    let current = true;
    window.api.getAppFolders().then(
      (loaded) => {
        if (current) setFolders(loaded);
      },
      (error: unknown) => {
        if (current) setProblem(`Could not learn where the data is: ${errorMessage(error)}`);
      },
    );
    return () => {
      current = false;
    };
  }, []);

  const open = async (folder: AppFolder): Promise<void> => {
    setProblem('');
    try {
      await window.api.openAppFolder(folder);
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };

  return (
    <section className="data-folders" aria-labelledby="data-folders-title">
      <h3 id="data-folders-title" className="subhead">
        Data folder
      </h3>
      <p className="field-hint muted">
        The local queue (SQLite) and these settings. To keep them elsewhere, start the app with IMPORT_CONSOLE_DATA_DIR
        set to another folder; the command-line tool takes --data-dir.
      </p>
      <dl className="folder-list">
        {APP_FOLDERS.map((folder) => (
          <div key={folder} className="folder-row">
            <dt>{FOLDER_NAMES[folder].title}</dt>
            <dd className="folder-path" data-testid={`${folder}-folder-path`}>
              {folders?.[folder] ?? '…'}
            </dd>
            <dd>
              <button
                type="button"
                className="button-secondary"
                data-testid={`open-${folder}-folder`}
                disabled={folders === null}
                onClick={() => void open(folder)}
              >
                {FOLDER_NAMES[folder].open}
              </button>
            </dd>
          </div>
        ))}
      </dl>
      <span className="status-error" role="status" data-testid="folder-status">
        {problem}
      </span>
    </section>
  );
}
