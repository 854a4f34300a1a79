// The DTOs' decorators record types through reflect-metadata, which the server's entry point loads.
import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreateCustomerDto } from '../dto/customer.dto.js';
import { compileDtoCheck } from './dto-check.js';

const long = (n: number) => 'x'.repeat(n);

/** Good and bad values of every field the import fills, as a CSV cell (trimmed) gives them. */
const VALUES: Record<string, unknown[]> = {
  number: ['B0000001', 'A-1', 'a.b/c_d-9', '', 'with space', 'čšž', long(30), long(31)],
  name: ['Dvořák Jan', 'x', '', long(300), long(301)],
  legalForm: ['person', 'company', 'Person', 'firm', ''],
  representative: ['Ing. Petr Novák', '', long(200), long(201)],
  street: ['Dlouhá 12', long(200), long(201)],
  city: ['Praha', long(100), long(101)],
  postcode: ['110 00', long(20), long(21)],
  country: ['CZ', 'sk', 'C', 'CZE', 'C1', '12'],
  region: ['Středočeský', long(101)],
  gps: [`49° 57' 53.19'' N, 16° 58' 25.24'' E`, 'anything', long(100), long(101)],
  email: [
    'jan@example.cz',
    'Jan.Dvorak@Seznam.CZ',
    'jan@',
    'jan@localhost',
    'a b@example.cz',
    `${long(310)}@example.cz`,
    '',
  ],
  billingEmail: ['billing@example.cz', 'no'],
  technicalEmail: ['tech@example.cz', '@example.cz'],
  businessEmail: ['obchod@example.cz', 'x@y'],
  phone: ['601 123 456', 'anything at all', long(40), long(41)],
  mobile: ['+420 777 111 222', long(41)],
  web: [
    'example.cz',
    'https://www.example.cz/o-nas',
    'http://',
    'not a url',
    'ftp://example.cz',
    long(290) + '.cz',
    '',
  ],
  state: ['connected', 'anything', long(50), long(51)],
  taxIds: [
    [],
    [{ type: 'ico', value: '25596641' }],
    [
      { type: 'vat', value: 'CZ25596641' },
      { type: 'inn', value: '7707083893' },
    ],
    [{ type: 'iban', value: '1' }],
    [{ type: 'ico', value: '' }],
    [{ type: 'other', value: long(51) }],
    [{ type: 'ico' }],
    [{ type: 'ico', value: '1', extra: 'x' }],
    ['ico:1'],
    [null],
    Array.from({ length: 10 }, () => ({ type: 'other', value: 'x' })),
    Array.from({ length: 11 }, () => ({ type: 'other', value: 'x' })),
    'ico:25596641',
  ],
  bankAccount: ['19-2000145399/0800', long(51)],
  iban: ['CZ65 0800 0000 1920 0014 5399', long(51)],
  bic: ['GIBACZPX', long(21)],
  contractReturnedOn: ['2024-02-29', '2023-02-29', '2024-13-01', '2024-1-1', '2024-01-01T00:00:00Z', '01.02.2024', ''],
  addressBookId: ['0194a6a0-8c4e-7c3b-9a7e-3c1f2e4d5a6b', 'Praha'],
  serviceTemplateId: ['0194a6a0-8c4e-7c3b-9a7e-3c1f2e4d5a6b', 'abc'],
  latitude: [49.5, 91, '49.5'],
  customFields: [{ a: 1 }, 'x'],
};

describe('compileDtoCheck(CreateCustomerDto)', () => {
  const check = compileDtoCheck(CreateCustomerDto);
  const classValidator = (input: Record<string, unknown>) =>
    validateSync(plainToInstance(CreateCustomerDto, structuredClone(input)), {
      whitelist: true,
      forbidNonWhitelisted: true,
    }).length === 0;
  const agree = (input: Record<string, unknown>) =>
    expect({ input, passes: check(input) }).toEqual({ input, passes: classValidator(input) });

  it.each(Object.entries(VALUES))('agrees with class-validator on every value of %s', (field, values) => {
    for (const value of values) agree({ name: 'Dvořák Jan', [field]: value });
  });

  it('agrees on whole rows, missing and unknown fields', () => {
    agree({
      name: 'Stavby Novák s.r.o.',
      legalForm: 'company',
      email: 'info@novak.cz',
      phone: '00420602000111',
      country: 'CZ',
      taxIds: [{ type: 'ico', value: '25596641' }],
    });
    agree({ name: 'Stavby Novák s.r.o.', legalForm: 'company', email: 'info@novak', phone: '00420602000111' });
    agree({});
    agree({ email: 'jan@example.cz' });
    agree({ name: 'Jan', nickname: 'Honza' });
    agree({ name: 'Jan', version: 3 });
  });

  it('really tells good from bad (the comparison is not vacuous)', () => {
    expect(check({ name: 'Dvořák Jan', email: 'jan@example.cz', taxIds: [{ type: 'ico', value: '25596641' }] })).toBe(
      true,
    );
    expect(check({ name: 'Dvořák Jan', email: 'jan@' })).toBe(false);
    expect(check({ name: 'Dvořák Jan', taxIds: [{ type: 'iban', value: '1' }] })).toBe(false);
    expect(check({ name: 'Dvořák Jan', country: 'CZE' })).toBe(false);
    expect(check({ name: 'Dvořák Jan', nickname: 'x' })).toBe(false);
  });
});
