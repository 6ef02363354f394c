import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { standardsPath } from '../../../../test/helpers/standards';
import { checkTrackingNumber, detectCarrier, trackingUrl, type Carrier } from './tracking';

type DataFile = {
  courier_code: string;
  tracking_numbers: { name: string; test_numbers: { valid: string[]; invalid: string[] } }[];
};

/** S10 numbers are international postal items, which reach us through USPS. */
const CARRIER_OF_COURIER: Record<string, Carrier> = { ups: 'ups', fedex: 'fedex', usps: 'usps', s10: 'usps' };

const families = readdirSync(standardsPath('tracking-numbers'))
  .filter((file) => file.endsWith('.json'))
  .flatMap((file) => {
    const data = JSON.parse(readFileSync(standardsPath('tracking-numbers', file), 'utf8')) as DataFile;
    const carrier = CARRIER_OF_COURIER[data.courier_code];
    return carrier ? data.tracking_numbers.map((family) => ({ ...family, carrier })) : [];
  });

const message = (carrier: Carrier, raw: string) => {
  const result = checkTrackingNumber(carrier, raw);
  return result.ok ? '(accepted)' : result.message;
};

describe('tracking numbers from the public tracking_number_data set', () => {
  it('covers the UPS, FedEx, USPS and S10 families', () => {
    const names = families.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['UPS', 'FedEx Ground', 'USPS 20', 'S10']));
    expect(families.length).toBeGreaterThanOrEqual(14);
  });

  describe.each(families)('$name', ({ carrier, test_numbers }) => {
    it.each(test_numbers.valid)(`accepts %j for ${carrier}`, (raw) => {
      const result = checkTrackingNumber(carrier, raw);
      expect(result).toMatchObject({ ok: true, carrier });
      expect(detectCarrier(raw)).toBe(carrier);
    });
    it.each(test_numbers.invalid)(`rejects %j for ${carrier}`, (raw) => {
      expect(checkTrackingNumber(carrier, raw).ok).toBe(false);
    });
  });
});

describe('checkTrackingNumber', () => {
  it('normalises spaces, dashes and case and links to the carrier', () => {
    expect(checkTrackingNumber('ups', ' 1z 5r8-939 0357 5671 27 ')).toEqual({
      ok: true,
      normalized: '1Z5R89390357567127',
      carrier: 'ups',
      service: 'UPS United States Ground',
      url: 'https://www.ups.com/track?tracknum=1Z5R89390357567127',
    });
  });

  it('says a character is mistyped when one digit of a UPS number is changed', () => {
    // 1Z5R89390357567127 with its 7th character (a 3, weighted 1 in the check) typed as 4
    expect(message('ups', '1Z5R89490357567127')).toBe(
      'This looks like a UPS tracking number, but the check digit does not match — a character is probably mistyped.',
    );
    expect(message('fedex', '986578788856')).toContain('check digit does not match');
  });

  it('says what a UPS number looks like when the shape is wrong', () => {
    expect(message('ups', '2Z5R89390357567127')).toContain(
      'does not look like a UPS tracking number (UPS numbers start with 1Z and have 18 characters',
    );
    expect(message('ups', '1Z5R8939035756712')).toContain('this one has 17 characters');
  });

  it('names the carrier whose number it is', () => {
    expect(message('ups', '986578788855')).toContain('this looks like a FedEx number');
    expect(message('fedex', '1Z5R89390357567127')).toContain('this looks like a UPS number');
    expect(message('fedex', '9400 1112 0108 0805 4830 16')).toContain('this looks like a USPS number');
  });

  it('keeps the tracking number of a USPS barcode without its 420 + ZIP routing prefix', () => {
    expect(checkTrackingNumber('usps', '420 11213 92 6129098349792366623 8')).toMatchObject({
      ok: true,
      normalized: '9261290983497923666238',
      service: 'Parcel Select',
      url: 'https://tools.usps.com/go/TrackConfirmAction?tLabels=9261290983497923666238',
    });
  });

  it('rejects an international number whose country code is not a postal service', () => {
    expect(message('usps', 'RB123456785XX')).toContain('"XX" at the end is not the country code');
  });

  it('rejects empty input and characters that are never in a tracking number', () => {
    expect(message('fedex', '  ')).toBe('Enter the FedEx tracking number.');
    expect(message('usps', '9400#1112')).toContain('remove #');
  });

  it('accepts any reference up to 60 characters for local, pickup and freight, as typed', () => {
    expect(checkTrackingNumber('freight', '  PRO 123-456-7  ')).toEqual({
      ok: true,
      normalized: 'PRO 123-456-7',
      carrier: 'freight',
      url: null,
    });
    expect(checkTrackingNumber('local', 'x'.repeat(60)).ok).toBe(true);
    expect(message('local', 'x'.repeat(61))).toContain('at most 60 characters');
    expect(message('pickup', ' ')).toBe('Enter a pickup reference.');
  });
});

describe('detectCarrier and trackingUrl', () => {
  it('detects nothing for a number no carrier issues', () => {
    expect(detectCarrier('HELLO')).toBeNull();
    expect(detectCarrier('1Z5R89490357567127')).toBeNull();
  });

  it('has public tracking pages for UPS, FedEx and USPS only', () => {
    expect(trackingUrl('fedex', '986578788855')).toBe(
      'https://www.fedex.com/fedextrack/?trknbr=986578788855',
    );
    expect(trackingUrl('freight', 'PRO 1234')).toBeNull();
  });
});
