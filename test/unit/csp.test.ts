import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const BUILT_INDEX = resolve(__dirname, '../../out/renderer/index.html');

function policyOf(html: string): Map<string, string> {
  const match = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no Content-Security-Policy meta tag');
  return new Map(
    match[1]
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name ?? '', values.join(' ')]),
  );
}

describe('the built renderer page', () => {
  it('carries a strict Content-Security-Policy', () => {
    if (!existsSync(BUILT_INDEX)) throw new Error(`${BUILT_INDEX} is missing: run npm run build first`);
    const html = readFileSync(BUILT_INDEX, 'utf8');
    const policy = policyOf(html);
    expect(policy.get('default-src')).toBe("'self'");
    expect(policy.get('script-src')).toBe("'self'");
    expect(policy.get('object-src')).toBe("'none'");
    expect(policy.get('base-uri')).toBe("'none'");
    expect(html).not.toContain('unsafe-inline');
    expect(html).not.toContain('unsafe-eval');
    // Inline scripts would be blocked by this policy, so the build must not emit any.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});
