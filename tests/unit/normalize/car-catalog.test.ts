import fc from 'fast-check';
import { matchCarModel, normalizeCarMake, type CarModelMatch } from '../../../shared/normalize';
import { CAR_CATALOG } from '../../../shared/normalize/car-catalog-data';
import { MALFORMED_INPUTS } from './malformed-inputs';

const car = (make: string, model: string, variant: string | null = null): CarModelMatch => ({ make, model, variant });

describe('matchCarModel', () => {
  test.each<[string, unknown, CarModelMatch | null]>([
    ['Vios 1.5G CVT', undefined, car('Toyota', 'Vios', '1.5G CVT')],
    ['TOYOTA VIOS E', undefined, car('Toyota', 'Vios', 'E')],
    ['toyota vios 1.5g cvt', undefined, car('Toyota', 'Vios', '1.5G CVT')],
    ['Fortuner 2.4 4x2 AT', undefined, car('Toyota', 'Fortuner', '2.4 4x2 AT')],
    ['FORTUNER 2.4 4X2 AT', undefined, car('Toyota', 'Fortuner', '2.4 4x2 AT')],
    ['Mazda CX5 2.0 Premium', undefined, car('Mazda', 'CX-5', '2.0 Premium')],
    ['MAZDA CX-5 2.5 SIGNATURE', undefined, car('Mazda', 'CX-5', '2.5 Signature')],
    ['CX-5', undefined, car('Mazda', 'CX-5')],
    ['CX 5 Deluxe', undefined, car('Mazda', 'CX-5', 'Deluxe')],
    ['CX-30 Luxury', undefined, car('Mazda', 'CX-30', 'Luxury')],
    ['Kia Cerato 1.6 AT', undefined, car('Kia', 'K3', '1.6 AT')],
    ['K3 Premium', undefined, car('Kia', 'K3', 'Premium')],
    ['VF8 Plus', undefined, car('VinFast', 'VF8', 'Plus')],
    ['VinFast VF 8 Eco', undefined, car('VinFast', 'VF8', 'Eco')],
    ['VFe34', 'VinFast', car('VinFast', 'VF e34')],
    ['VF e34', undefined, car('VinFast', 'VF e34')],
    ['Lux A2.0 Plus', undefined, car('VinFast', 'Lux A2.0', 'Plus')],
    ['Lux SA 2.0 Premium', undefined, car('VinFast', 'Lux SA2.0', 'Premium')],
    ['Mer C200', undefined, car('Mercedes-Benz', 'C-Class', 'C200')],
    ['Mercedes-Benz C 300 AMG', undefined, car('Mercedes-Benz', 'C-Class', 'C300 AMG')],
    ['Mẹc E300 AMG', undefined, car('Mercedes-Benz', 'E-Class', 'E300 AMG')],
    ['C200 Exclusive', undefined, car('Mercedes-Benz', 'C-Class', 'C200 Exclusive')],
    ['Mercedes GLC 300 4Matic', undefined, car('Mercedes-Benz', 'GLC', 'GLC300 4Matic')],
    ['S450 Luxury', undefined, car('Mercedes-Benz', 'S-Class', 'S450 Luxury')],
    ['BMW 320i Sport Line', undefined, car('BMW', '3 Series', '320i Sport Line')],
    ['BMW 5 Series 530i', undefined, car('BMW', '5 Series', '530i')],
    ['BMW X5 xDrive40i', undefined, car('BMW', 'X5', 'xDrive40i')],
    ['Lexus RX350', undefined, car('Lexus', 'RX', 'RX350')],
    ['Lexus ES 250', undefined, car('Lexus', 'ES', 'ES250')],
    ['LX570', undefined, car('Lexus', 'LX', 'LX570')],
    ['xe Vios G 2019', undefined, car('Toyota', 'Vios', 'G')],
    ['Everest sx 2022 Titanium', undefined, car('Ford', 'Everest', 'Titanium')],
    ['Ranger Raptor 2.0', undefined, car('Ford', 'Ranger', 'Raptor 2.0')],
    ['Corolla Cross 1.8V', undefined, car('Toyota', 'Corolla Cross', '1.8V')],
    ['Corolla Altis 1.8G', undefined, car('Toyota', 'Corolla Altis', '1.8G')],
    ['Toyota Cross 1.8HV', undefined, car('Toyota', 'Corolla Cross', '1.8HV')],
    ['Xpander Cross', undefined, car('Mitsubishi', 'Xpander Cross')],
    ['Xpander 1.5 AT', undefined, car('Mitsubishi', 'Xpander', '1.5 AT')],
    ['Innova Cross HEV', undefined, car('Toyota', 'Innova Cross', 'HEV')],
    ['Innova 2.0E', undefined, car('Toyota', 'Innova', '2.0E')],
    ['Yaris Cross', undefined, car('Toyota', 'Yaris Cross')],
    ['Land Cruiser Prado VX', undefined, car('Toyota', 'Land Cruiser Prado', 'VX')],
    ['Land Cruiser LC300', undefined, car('Toyota', 'Land Cruiser', 'LC300')],
    ['Mazda 3 1.5 Luxury', undefined, car('Mazda', 'Mazda3', '1.5 Luxury')],
    ['Mazda3 Sport', undefined, car('Mazda', 'Mazda3', 'Sport')],
    ['3', 'Mazda', car('Mazda', 'Mazda3')],
    ['2.0 AT', 'Mazda', null],
    ['CR V', 'Honda', car('Honda', 'CR-V')],
    ['Honda CRV 1.5L', undefined, car('Honda', 'CR-V', '1.5L')],
    ['HR-V RS', undefined, car('Honda', 'HR-V', 'RS')],
    ['Hyundai Grand i10 Sedan 1.2 AT', undefined, car('Hyundai', 'Grand i10', 'Sedan 1.2 AT')],
    ['i10 1.2 MT', undefined, car('Hyundai', 'Grand i10', '1.2 MT')],
    ['Huyndai Accent 1.4 AT', undefined, car('Hyundai', 'Accent', '1.4 AT')],
    ['Santa Fe 2.2 dầu', 'Hyundai', car('Hyundai', 'Santa Fe', '2.2 dầu')],
    ['santa fe 2.2 dầu', 'Hyundai', car('Hyundai', 'Santa Fe', '2.2 Dầu')],
    ['SantaFe Premium', undefined, car('Hyundai', 'Santa Fe', 'Premium')],
    ['MG ZS 1.5 Lux', undefined, car('MG', 'ZS', '1.5 Lux')],
    ['ZS', 'MG', car('MG', 'ZS')],
    ['ZS 1.5', undefined, null],
    ['MG5 Luxury', undefined, car('MG', 'MG5', 'Luxury')],
    ['Peugeot 3008 Allure 2019', undefined, car('Peugeot', '3008', 'Allure')],
    ['Peugeot 2008 GT Line', undefined, car('Peugeot', '2008', 'GT Line')],
    ['2008', undefined, null],
    ['Audi A4', undefined, car('Audi', 'A4')],
    ['A4 2.0 TFSI', undefined, null],
    ['Isuzu D-Max LS', undefined, car('Isuzu', 'D-Max', 'LS')],
    ['DMAX 1.9', undefined, car('Isuzu', 'D-Max', '1.9')],
    ['mu-X Prestige', undefined, car('Isuzu', 'mu-X', 'Prestige')],
    ['Nissan X-Trail 2.5 SV', undefined, car('Nissan', 'X-Trail', '2.5 SV')],
    ['Suzuki XL7 GLX', undefined, car('Suzuki', 'XL7', 'GLX')],
    ['VW Tiguan Allspace', undefined, car('Volkswagen', 'Tiguan', 'Allspace')],
    ['Porsche Cayenne S', undefined, car('Porsche', 'Cayenne', 'S')],
    ['Chevrolet Spark Van', undefined, car('Chevrolet', 'Spark', 'Van')],
    ['Subaru Forester 2.0i-L', undefined, car('Subaru', 'Forester', '2.0i L')],
    ['Vios', 'Hyundai', car('Toyota', 'Vios')],
    ['Morning', 'KIA', car('Kia', 'Morning')],
    ['Carnival', 'Kia', car('Kia', 'Carnival')],
    ['Sedona 3.3 GATH', 'Kia', car('Kia', 'Carnival', '3.3 GATH')],
    ['Toyota Alphard Executive Lounge', undefined, car('Toyota', 'Alphard', 'Executive Lounge')],
    ['Toyota Hiace', 'Toyota', car('Toyota', 'Hiace')],
    ['Toyota Crown', undefined, null],
    ['Toyota CX-5', undefined, null],
    ['Toyota', undefined, null],
    ['Bán xe gia đình', undefined, null],
  ])('matches %j (make hint %j)', (text, hint, expected) => {
    // Act
    const found = matchCarModel(text, hint);

    // Assess
    expect(found).toEqual(expected);
  });

  test.each(MALFORMED_INPUTS)('gives null for %s', (_label, input) => {
    // Act
    const found = matchCarModel(input);

    // Assess
    expect(found).toBeNull();
  });

  test('ignores a make hint that is not a string or not a known make', () => {
    // Act / Assess
    expect(matchCarModel('Vios G', { make: 'Kia' })).toEqual(car('Toyota', 'Vios', 'G'));
    expect(matchCarModel('Vios G', 'Hãng khác')).toEqual(car('Toyota', 'Vios', 'G'));
  });

  test('returns the same answer from the cache as on the first call', () => {
    // Prepare
    const first = matchCarModel('Honda City 1.5 RS 2023');

    // Act
    const second = matchCarModel('Honda City 1.5 RS 2023');

    // Assess
    expect(second).toEqual(car('Honda', 'City', '1.5 RS'));
    expect(second).toEqual(first);
    expect(Object.isFrozen(second)).toBe(true);
  });

  const globalModels = CAR_CATALOG.flatMap((make) =>
    make.models.filter((m) => m.aliases.length > 0).map((m) => ({ make: make.make, model: m.model })),
  );

  test('finds every catalog model by its own name, with and without the make, in any case', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...globalModels),
        fc.boolean(),
        fc.constantFrom((s: string) => s, (s: string) => s.toUpperCase(), (s: string) => s.toLowerCase()),
        ({ make, model }, withMake, cased) => {
          const text = cased(withMake ? `${make} ${model}` : model);
          expect(matchCarModel(text)).toEqual(car(make, model));
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('finds every catalog model, scoped ones included, when the make hint is given', () => {
    // Prepare
    const all = CAR_CATALOG.flatMap((make) =>
      make.models.map((m) => ({ make: make.make, model: m.model, name: m.aliases[0] ?? m.scoped?.[0] ?? m.model })),
    );

    // Act
    const found = all.map(({ make, name }) => matchCarModel(name, make));

    // Assess
    expect(found).toEqual(all.map(({ make, model }) => car(make, model)));
  });

  test('keeps the trim text after the model', () => {
    fc.assert(
      fc.property(fc.constantFrom('1.5G', '2.0 AT', 'Premium', 'Luxury 4x2'), (trim) => {
        expect(matchCarModel(`Toyota Vios ${trim}`)?.variant).toBe(trim);
      }),
      { numRuns: 20 },
    );
  });
});

describe('normalizeCarMake', () => {
  test.each<[unknown, string | null]>([
    ['TOYOTA', 'Toyota'],
    ['Mercedes Benz', 'Mercedes-Benz'],
    ['Mercedes-Benz', 'Mercedes-Benz'],
    ['Mẹc', 'Mercedes-Benz'],
    ['Huyndai', 'Hyundai'],
    ['VW', 'Volkswagen'],
    ['vinfast', 'VinFast'],
    ['Vin Fast', 'VinFast'],
    ['Hãng khác', null],
    ['', null],
    [42, null],
  ])('reads %j as %j', (input, expected) => {
    // Act
    const make = normalizeCarMake(input);

    // Assess
    expect(make).toBe(expected);
  });
});
