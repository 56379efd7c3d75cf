import { describe, expect, it } from 'vitest';
import { IMPORT_FIELDS, IMPORT_KINDS } from './fields.ts';
import { normaliseHeader } from './mapping.ts';
import { IMPORT_PRESETS } from './presets.ts';

describe('IMPORT_FIELDS', () => {
  it('requires the fields a record cannot be created without', () => {
    const required = Object.fromEntries(
      IMPORT_KINDS.map((kind) => [kind, IMPORT_FIELDS[kind].filter((f) => f.required).map((f) => f.key)]),
    );
    expect(required).toEqual({
      people: ['name'],
      accounts: ['name'],
      contacts: ['lastName'],
      products: ['name'],
      deals: ['owner', 'stage'],
      'stage-history': ['deal', 'stage', 'changedAt'],
      activities: ['type', 'occurredAt', 'owner'],
    });
  });

  it('offers the values of the database enums, and no others', () => {
    const enums = (kind: (typeof IMPORT_KINDS)[number], key: string) =>
      IMPORT_FIELDS[kind].find((f) => f.key === key)?.enumValues;
    expect(enums('people', 'role')).toEqual(['admin', 'director', 'leader', 'member', 'viewer']);
    expect(enums('accounts', 'customerStatus')).toEqual(['prospect', 'customer', 'former_customer']);
    expect(enums('contacts', 'lawfulBasis')).toEqual([
      'consent',
      'contract',
      'legal_obligation',
      'vital_interests',
      'public_task',
      'legitimate_interests',
    ]);
    expect(enums('deals', 'forecastCategory')).toEqual([
      'pipeline',
      'best_case',
      'commit',
      'closed',
      'omitted',
    ]);
    expect(enums('deals', 'status')).toEqual(['open', 'won', 'lost']);
    expect(enums('activities', 'type')).toEqual(['call', 'email', 'meeting', 'demo', 'task', 'note']);
  });

  it('gives every field of a kind its own key, and every header spelling to one field only', () => {
    for (const kind of IMPORT_KINDS) {
      const owner = new Map<string, string>();
      for (const field of IMPORT_FIELDS[kind]) {
        expect(field.type === 'enum', `${kind}.${field.key}`).toBe(field.enumValues !== undefined);
        for (const name of [field.key, field.label, ...field.aliases]) {
          const key = normaliseHeader(name);
          const other = owner.get(key);
          expect(
            other === undefined || other === field.key,
            `${kind}: "${name}" is ${other} and ${field.key}`,
          ).toBe(true);
          owner.set(key, field.key);
        }
      }
      expect(new Set(IMPORT_FIELDS[kind].map((f) => f.key)).size).toBe(IMPORT_FIELDS[kind].length);
    }
  });

  it('lets fields share a column only in pairs that name each other', () => {
    for (const kind of IMPORT_KINDS) {
      for (const field of IMPORT_FIELDS[kind]) {
        for (const other of field.sharesColumnWith ?? []) {
          const partner = IMPORT_FIELDS[kind].find((f) => f.key === other);
          expect(partner?.sharesColumnWith, `${kind}.${field.key} ↔ ${other}`).toContain(field.key);
        }
      }
    }
  });
});

describe('IMPORT_PRESETS', () => {
  it('maps only to fields that exist', () => {
    for (const preset of IMPORT_PRESETS) {
      for (const kind of IMPORT_KINDS) {
        const mapping = preset.mappings[kind];
        const keys = new Set(IMPORT_FIELDS[kind].map((f) => f.key));
        for (const key of [
          ...Object.keys(mapping?.columns ?? {}),
          ...Object.keys(mapping?.alternatives ?? {}),
        ]) {
          expect(keys.has(key), `${preset.id} ${kind}.${key}`).toBe(true);
        }
      }
    }
  });
});
