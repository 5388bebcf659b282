import { useState } from 'react';
import type { ConnectionTest } from '../../../../preload/contract';
import { errorMessage } from '../../lib/errors';

type Result =
  { kind: 'idle' } | { kind: 'testing' } | { kind: 'done'; test: ConnectionTest } | { kind: 'error'; text: string };

function describe(test: ConnectionTest): string {
  const time = `${test.milliseconds.toLocaleString()} ms`;
  if (!test.ok) return `Could not connect to ${test.server}: ${test.message ?? 'no answer'} (${time})`;
  return `Connected to ${test.server}: MongoDB ${test.version ?? '(version not reported)'} (${time})`;
}

/** Tests the URI being typed, or the saved one, without saving anything. */
export function ConnectionTester({ mongoUri, mongoUriSet }: { mongoUri: string; mongoUriSet: boolean }) {
  const [result, setResult] = useState<Result>({ kind: 'idle' });
  const nothingToTest = mongoUri.trim() === '' && !mongoUriSet;
  const test = async (): Promise<void> => {
    setResult({ kind: 'testing' });
    try {
      setResult({ kind: 'done', test: await window.api.testConnection(mongoUri) });
    } catch (error) {
      setResult({ kind: 'error', text: errorMessage(error) });
    }
  };
  const failed = result.kind === 'error' || (result.kind === 'done' && !result.test.ok);
  return (
    <div className="connection-tester">
      <button
        type="button"
        className="button-secondary"
        data-testid="test-connection"
        disabled={result.kind === 'testing' || nothingToTest}
        title={nothingToTest ? 'Enter a MongoDB URI first' : undefined}
        onClick={() => {
          void test();
        }}
      >
        {result.kind === 'testing' ? 'Testing…' : 'Test connection'}
      </button>
      <span className={failed ? 'status-error' : 'status-ok'} role="status" data-testid="connection-test-result">
        {result.kind === 'done' && describe(result.test)}
        {result.kind === 'error' && result.text}
      </span>
    </div>
  );
}
