import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { standardsPath } from '../../../../../test/helpers/standards';
import { standardiseRecord } from '../standardise-record';
import { standardizeAddress } from './standardize';
import { STATE } from './pub28';

const codes = (a: Parameters<typeof standardizeAddress>[0]) => standardizeAddress(a).flags.map((f) => f.code);

describe('a ZIP that does not belong to the state', () => {
  it('is flagged even where the first digit serves the same part of the country', () => {
    // Hoboken's ZIP with New York, Portland's with California, Dallas's with Oklahoma: the first digit agrees.
    expect(codes({ line1: '1 Hudson Pl', city: 'Hoboken', state: 'NY', zip: '07030' })).toEqual([
      'zip_state_mismatch',
    ]);
    expect(codes({ line1: '1 Main St', city: 'Portland', state: 'CA', zip: '97201' })).toEqual([
      'zip_state_mismatch',
    ]);
    expect(codes({ line1: '1 Elm St', city: 'Dallas', state: 'OK', zip: '75201' })).toEqual([
      'zip_state_mismatch',
    ]);
    expect(codes({ line1: '1 Hudson Pl', city: 'Hoboken', state: 'NJ', zip: '07030' })).toEqual([]);
    expect(codes({ line1: '1 Main St', city: 'El Paso', state: 'TX', zip: '79901' })).toEqual([]);
    expect(codes({ line1: '1 Main St', city: 'El Paso', state: 'TX', zip: '88510' })).toEqual([]);
  });

  it('makes the record not mailable', () => {
    const raw = {
      seq: 1,
      full_name: 'Ana Diaz',
      first_name: '',
      last_name: '',
      company: '',
      address1: '1 Hudson Pl',
      address2: '',
      city: 'Hoboken',
      zip4: '',
    };
    expect(standardiseRecord({ ...raw, state: 'NY', zip: '07030' })).toMatchObject({
      fl: ['zip_state_mismatch'],
      m: 0,
      hk: null,
    });
    expect(standardiseRecord({ ...raw, state: 'NJ', zip: '07030' })).toMatchObject({ fl: [], m: 1 });
  });

  it('passes the state and ZIP of every labelled US address in the usaddress corpus', () => {
    const pairs: [string, string][] = [];
    for (const file of ['training_labeled.xml', 'measure_performance_test_data_labeled.xml']) {
      const xml = readFileSync(standardsPath('usaddress', file), 'utf8');
      for (const [, body] of xml.matchAll(/<AddressString>([\s\S]*?)<\/AddressString>/g)) {
        const state = /<StateName>([^<]*)<\/StateName>/.exec(body!)?.[1]?.replace(/[.,]/g, '').trim();
        const zip = /<ZipCode>(\d{5})(?:-?\d{4})?[,.]?<\/ZipCode>/.exec(body!)?.[1];
        if (state && zip && STATE.has(state.toUpperCase())) pairs.push([state, zip]);
      }
    }
    expect(pairs.length).toBeGreaterThan(200);
    const wrong = pairs.filter(([state, zip]) =>
      codes({ line1: '1 Main St', city: 'Town', state, zip }).includes('zip_state_mismatch'),
    );
    // The corpus has made-up addresses too: placeholder ZIPs (12345, 33345) and two whose ZIP is elsewhere
    // (60453 is Oak Lawn, Illinois; 29405 North Charleston, South Carolina). Every other pair agrees.
    const placeholder = new Set(['12345', '33345']);
    expect(wrong.filter(([, zip]) => !placeholder.has(zip))).toEqual([
      ['fl', '60453'],
      ['NJ', '29405'],
    ]);
    expect(pairs.length - wrong.length).toBeGreaterThan(900);
  });
});
