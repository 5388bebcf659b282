import type { MongoClient } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, testConnection } from '../../src/main/core/sync/mongo';
import { refusedUriOption, withoutSecondaryReadOptions } from '../../src/main/core/sync/uri-options';

const clients: MongoClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});
const client = (uri: string): MongoClient => {
  const made = createClient(uri);
  clients.push(made);
  return made;
};

/** What a collection of the client reads and writes with: what every job's command carries. */
const effective = (made: MongoClient) => {
  const collection = made.db('pim').collection('products');
  return {
    readPreference: collection.readPreference?.mode,
    w: collection.writeConcern?.w,
    retryWrites: made.options.retryWrites,
  };
};

describe("the job's MongoDB client", () => {
  it('reads from the primary, writes with w=majority and retries writes when the URI says nothing', () => {
    expect(effective(client('mongodb://db.example:27017/'))).toEqual({
      readPreference: 'primary',
      w: 'majority',
      retryWrites: true,
    });
  });

  it('keeps primary reads, majority writes and retryable writes over the URI’s secondary, w=1 and retryWrites=false', () => {
    const made = client('mongodb://db.example:27017/pim?readPreference=secondary&w=1&retryWrites=false');
    expect(effective(made)).toEqual({ readPreference: 'primary', w: 'majority', retryWrites: true });
    expect(made.options.readPreference.mode).toBe('primary');
    expect(made.options.writeConcern.w).toBe('majority');
  });

  it.each(['w=majority', 'w=2', 'w=myTag', 'W=1&journal=true'])(
    'writes with w=majority over the URI’s %s',
    (option) => {
      expect(effective(client(`mongodb://db.example/?${option}`)).w).toBe('majority');
    },
  );

  it('accepts a URI made for secondary reads (tags, max staleness), reading from the primary', () => {
    const uri =
      'mongodb://u:p%40ss@a.example,b.example/pim?replicaSet=rs0&readPreference=secondaryPreferred' +
      '&readPreferenceTags=dc:ny,rack:1&readPreferenceTags=&maxStalenessSeconds=120&authSource=admin';
    const made = client(uri);
    expect(effective(made)).toEqual({ readPreference: 'primary', w: 'majority', retryWrites: true });
    expect(made.options.readPreference.tags).toBeUndefined();
    expect(made.options.readPreference.maxStalenessSeconds).toBeUndefined();
    // Everything else in the URI is as given.
    expect(made.options.replicaSet).toBe('rs0');
    expect(made.options.credentials?.password).toBe('p@ss');
    expect(made.options.credentials?.source).toBe('admin');
    expect(made.options.hosts.map(String)).toEqual(['a.example:27017', 'b.example:27017']);
  });

  it.each(['w=0', 'W=0', 'journal=true&w=0&appName=x', 'w=%30', 'w=-1'])('refuses %s before connecting', (option) => {
    const uri = `mongodb://db.example/?${option}`;
    expect(() => createClient(uri)).toThrow(/w=(0|-1) is refused: it asks MongoDB not to acknowledge writes/);
  });

  it('says why a w=0 URI cannot be used in Test connection, without connecting', async () => {
    const result = await testConnection('mongodb://db.example/?w=0');
    expect(result).toMatchObject({ ok: false, server: 'db.example', version: null });
    expect(result.message).toContain('Remove w=0 from the MongoDB URI');
  });
});

describe('the URI options the app checks', () => {
  it.each([
    ['mongodb://h/', null],
    ['mongodb://h/?w=1', null],
    ['mongodb://h/?w=majority&wtimeoutMS=100', null],
    ['mongodb://h/?appName=w%3D0', null],
    ['mongodb+srv://u:p@h/db?retryWrites=true&w=0', 'w=0'],
  ])('%s: refused for %s', (uri, option) => {
    const refused = refusedUriOption(uri);
    if (option === null) expect(refused).toBeNull();
    else expect(refused).toMatch(new RegExp(`^${option} is refused`));
  });

  it('drops only the options that refine secondary reads, byte for byte otherwise', () => {
    expect(withoutSecondaryReadOptions('mongodb://h/?a=%2F&maxStalenessSeconds=90&readPreferenceTags=dc:ny&b=1')).toBe(
      'mongodb://h/?a=%2F&b=1',
    );
    expect(withoutSecondaryReadOptions('mongodb://h/db?maxstalenessseconds=90')).toBe('mongodb://h/db');
    expect(withoutSecondaryReadOptions('mongodb://h/?readPreference=secondary')).toBe(
      'mongodb://h/?readPreference=secondary',
    );
  });
});
