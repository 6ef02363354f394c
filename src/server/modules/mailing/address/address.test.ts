import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readLabelledXml, scoreParser } from '../../../../../scripts/conformance/address-parser';
import { standardsPath } from '../../../../../test/helpers/standards';
import { addressParts, parseAddress } from './parse';
import { standardizeAddress, type AddressFlagCode } from './standardize';

const codes = (input: Parameters<typeof standardizeAddress>[0]): AddressFlagCode[] =>
  standardizeAddress(input).flags.map((f) => f.code);

describe('standardizeAddress', () => {
  it('writes an address the Publication 28 way', () => {
    expect(
      standardizeAddress({
        line1: '123 north Main street, apartment #4',
        city: 'St. Louis',
        state: 'missouri',
        zip: '63104-1234',
      }),
    ).toEqual({
      line1: '123 N MAIN ST APT 4',
      line2: '',
      city: 'ST LOUIS',
      state: 'MO',
      zip5: '63104',
      zip4: '1234',
      flags: [],
    });
    const dc = standardizeAddress({
      line1: '1600 Pennsylvania Avenue Northwest',
      city: 'Washington',
      state: 'D.C.',
      zip: '20500 0003',
    });
    expect([dc.line1, dc.state, dc.zip5, dc.zip4]).toEqual([
      '1600 PENNSYLVANIA AVE NW',
      'DC',
      '20500',
      '0003',
    ]);
  });

  it('abbreviates suffixes, units and directionals on the second line too', () => {
    const a = standardizeAddress({
      line1: 'Acme Corp.',
      line2: '42 Southwest Broadway Boulevard Suite 200',
      city: 'Portland',
      state: 'OR',
      zip: '97205',
    });
    expect([a.line1, a.line2]).toEqual(['ACME CORP', '42 SW BROADWAY BLVD STE 200']);
    expect(standardizeAddress({ line1: 'P.O. Box 12', city: 'Troy', state: 'NY', zip: '12180' }).line1).toBe(
      'PO BOX 12',
    );
    expect(
      standardizeAddress({ line1: '9 Elm Terrace #5', city: 'Troy', state: 'NY', zip: '12180' }).line1,
    ).toBe('9 ELM TER # 5');
  });

  it('keeps directionals that are the street name', () => {
    expect(
      standardizeAddress({ line1: '10 North Street', city: 'Troy', state: 'NY', zip: '12180' }).line1,
    ).toBe('10 NORTH ST');
  });

  it('passes a clean address without flags', () => {
    expect(codes({ line1: 'RR 2 Box 45', city: 'Loami', state: 'IL', zip: '62661' })).toEqual([]);
    expect(codes({ line1: '500 W Madison St Ste 1200', city: 'Chicago', state: 'IL', zip: '60661' })).toEqual(
      [],
    );
  });

  it('flags what looks undeliverable', () => {
    const base = { line1: '500 W Madison St', city: 'Chicago', state: 'IL', zip: '60661' };
    expect(codes({ ...base, line1: '' })).toEqual(['missing_line1']);
    expect(codes({ ...base, line1: 'Madison Street' })).toEqual(['no_house_number']);
    expect(codes({ ...base, line1: '500' })).toEqual(['no_street_name']);
    expect(codes({ ...base, line1: 'PO Box 7', line2: '500 W Madison St' })).toEqual(['po_box_and_street']);
    expect(codes({ ...base, line1: '500 W Madison St Apt' })).toEqual(['missing_unit_number']);
    expect(codes({ ...base, city: ' ' })).toEqual(['missing_city']);
    expect(codes({ ...base, state: null })).toEqual(['missing_state']);
    expect(codes({ ...base, state: 'Ontario' })).toEqual(['bad_state']);
    expect(codes({ ...base, zip: undefined })).toEqual(['missing_zip']);
    expect(codes({ ...base, zip: '6066' })).toEqual(['zip_repaired', 'zip_state_mismatch']);
    expect(codes({ ...base, zip: '60661-12' })).toEqual(['bad_zip']);
    expect(codes({ ...base, zip: '90210' })).toEqual(['zip_state_mismatch']);
  });

  it('gives each flag a message for people', () => {
    const [flag] = standardizeAddress({
      line1: '1 Main St',
      city: 'Austin',
      state: 'XX',
      zip: '78701',
    }).flags;
    expect(flag).toEqual({ code: 'bad_state', message: '"XX" is not a US state or territory.' });
  });

  it('restores the leading zero a spreadsheet dropped', () => {
    const a = standardizeAddress({ line1: '1 Main St', city: 'Boston', state: 'MA', zip: '2134' });
    expect([a.zip5, a.flags.map((f) => f.code)]).toEqual(['02134', ['zip_repaired']]);
  });
});

describe('parseAddress', () => {
  it('labels the parts of a one-line address', () => {
    expect(
      addressParts(parseAddress('1234 S Martin Luther King Dr Apt 2B, Chicago, IL 60637-1234 USA')),
    ).toEqual({
      AddressNumber: '1234',
      StreetNamePreDirectional: 'S',
      StreetName: 'Martin Luther King',
      StreetNamePostType: 'Dr',
      OccupancyType: 'Apt',
      OccupancyIdentifier: '2B',
      PlaceName: 'Chicago',
      StateName: 'IL',
      ZipCode: '60637-1234',
      CountryName: 'USA',
    });
  });

  it('labels boxes, rural routes and numbered highways', () => {
    expect(addressParts(parseAddress('P.O. Box 123, Troy NY 12180'))).toMatchObject({
      USPSBoxType: 'P.O. Box',
      USPSBoxID: '123',
      PlaceName: 'Troy',
    });
    expect(addressParts(parseAddress('RR 1 Box 54 Loami IL 62661'))).toMatchObject({
      USPSBoxGroupType: 'RR',
      USPSBoxGroupID: '1',
      USPSBoxType: 'Box',
      USPSBoxID: '54',
    });
    expect(addressParts(parseAddress('2002 FM 544 Wylie, TX 75098'))).toMatchObject({
      StreetNamePreType: 'FM',
      StreetName: '544',
      PlaceName: 'Wylie',
    });
  });

  it('finds where the street ends and the city begins without commas', () => {
    expect(addressParts(parseAddress('1646 Red Leaf Drive Fort Mill SC 29715'))).toMatchObject({
      StreetName: 'Red Leaf',
      StreetNamePostType: 'Drive',
      PlaceName: 'Fort Mill',
      StateName: 'SC',
    });
  });

  it('is accurate on usaddress labelled test data', () => {
    const xml = readFileSync(standardsPath('usaddress', 'measure_performance_test_data_labeled.xml'), 'utf8');
    const score = scoreParser(readLabelledXml(xml));
    expect(score.tokens).toBe(1094);
    // Measured 96.7% of tokens and 87.7% of whole addresses; the floors leave a little room.
    expect(score.tokensCorrect / score.tokens).toBeGreaterThanOrEqual(0.95);
    expect(score.addressesCorrect / score.addresses).toBeGreaterThanOrEqual(0.85);
  });
});
