import type { SourceView } from '../../../../preload/contract';
import { Timestamp } from '../../components/Timestamp';

interface SourceListProps {
  sources: readonly SourceView[];
  /** The source the form below has open, if any. */
  openId: string | null;
  onOpen: (source: SourceView) => void;
}

export function SourceList({ sources, openId, onOpen }: SourceListProps) {
  return (
    <div className="source-list">
      <table className="data-table" aria-labelledby="sources-title">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Target</th>
            <th scope="col">Wholesaler</th>
            <th scope="col" className="numeric">
              Column rules
            </th>
            <th scope="col">Updated</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sources.map((source) => (
            <tr
              key={source.id}
              data-testid="source-row"
              data-source-name={source.name}
              className={source.id === openId ? 'is-open' : undefined}
              aria-current={source.id === openId ? 'true' : undefined}
            >
              <td className="source-name">
                <span className="cell-text" title={source.name}>
                  {source.name}
                </span>
              </td>
              <td>
                <span className="cell-text" title={`${source.database}.${source.collection}`}>
                  {source.database}.{source.collection}
                </span>
              </td>
              <td>
                <span className="cell-text">{source.wholesalerId}</span>
              </td>
              <td className="numeric" data-testid="source-rule-count">
                {source.columns.length.toLocaleString()}
              </td>
              <td className="muted">
                <Timestamp iso={source.updatedAt} />
              </td>
              <td className="row-actions">
                <button
                  type="button"
                  className="button-secondary"
                  data-testid="source-edit"
                  aria-label={`Edit source ${source.name}`}
                  onClick={() => {
                    onOpen(source);
                  }}
                >
                  Edit
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
