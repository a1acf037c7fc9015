/**
 * Cars sold in Vietnam: makes with their spellings, models with their aliases. Pure data, read by
 * car-catalog.ts. Aliases are written naturally (`CX-5`, `Grand i10`); the matcher tokenizes them the same way
 * as input text and also accepts the glued form (`CX5`, `Grandi10`).
 *
 * - `aliases` match anywhere, with or without the make; so does the model name itself when there is at least
 *   one alias (a model with none, like `ZS` or `A4`, is only ever named next to its make).
 * - `scoped` aliases are too short or too generic to trust alone (`3` for Mazda3, `ZS`, `A4`, `2008` which
 *   is also a year): they match only when the make is known from the text or the make hint.
 * - `patterns` read a designation from one token or two adjacent tokens glued (`C200`, `C 200`, `320i`,
 *   `RX350`); the designation, normalized by `designation`, leads the variant.
 */

export interface ModelPattern {
  re: RegExp;
  designation: (m: RegExpExecArray) => string;
  scoped?: boolean;
}

export interface ModelSpec {
  model: string;
  aliases: readonly string[];
  scoped?: readonly string[];
  patterns?: readonly ModelPattern[];
}

export interface MakeSpec {
  make: string;
  aliases: readonly string[];
  models: readonly ModelSpec[];
}

const upper = (m: RegExpExecArray): string => m[0].toUpperCase();
/** `320i`, `530d`: digits then a lower-case fuel letter, as BMW writes them. */
const bmw = (m: RegExpExecArray): string => m[0].toLowerCase();

export const CAR_CATALOG: readonly MakeSpec[] = [
  {
    make: 'Toyota',
    aliases: ['Toyota', 'Toyta', 'Totota'],
    models: [
      { model: 'Vios', aliases: ['Vios'] },
      { model: 'Corolla Cross', aliases: ['Corolla Cross'], scoped: ['Cross'] },
      { model: 'Corolla Altis', aliases: ['Corolla Altis', 'Altis', 'Corolla'] },
      { model: 'Camry', aliases: ['Camry'] },
      { model: 'Fortuner', aliases: ['Fortuner', 'Fotuner'] },
      { model: 'Innova', aliases: ['Innova'] },
      { model: 'Innova Cross', aliases: ['Innova Cross', 'Innova Zenix', 'Zenix'] },
      { model: 'Veloz Cross', aliases: ['Veloz Cross', 'Veloz'] },
      { model: 'Yaris', aliases: ['Yaris'] },
      { model: 'Yaris Cross', aliases: ['Yaris Cross'] },
      { model: 'Raize', aliases: ['Raize'] },
      { model: 'Hilux', aliases: ['Hilux'] },
      { model: 'Land Cruiser', aliases: ['Land Cruiser', 'LC 200', 'LC 300'] },
      { model: 'Land Cruiser Prado', aliases: ['Land Cruiser Prado', 'Prado', 'LC Prado'] },
      { model: 'Wigo', aliases: ['Wigo'] },
      { model: 'Avanza', aliases: ['Avanza', 'Avanza Premio'] },
      { model: 'Alphard', aliases: ['Alphard'] },
      { model: 'Rush', aliases: ['Rush'] },
      { model: 'Hiace', aliases: ['Hiace'] },
      { model: 'Zace', aliases: ['Zace'] },
    ],
  },
  {
    make: 'Hyundai',
    aliases: ['Hyundai', 'Huyndai', 'Hyndai', 'Huyn dai', 'Hyudai', 'Hundai', 'Huyndia'],
    models: [
      { model: 'Accent', aliases: ['Accent'] },
      { model: 'Grand i10', aliases: ['Grand i10', 'i10', 'Grand i 10'] },
      { model: 'Creta', aliases: ['Creta'] },
      { model: 'Tucson', aliases: ['Tucson', 'Tuscon'] },
      { model: 'Santa Fe', aliases: ['Santa Fe'] },
      { model: 'Elantra', aliases: ['Elantra'] },
      { model: 'Stargazer', aliases: ['Stargazer'] },
      { model: 'Custin', aliases: ['Custin'] },
      { model: 'Venue', aliases: ['Venue'] },
      { model: 'Palisade', aliases: ['Palisade'] },
      { model: 'Kona', aliases: ['Kona'] },
      { model: 'i20', aliases: ['i20', 'i20 Active'] },
      { model: 'Avante', aliases: ['Avante'] },
      { model: 'Starex', aliases: ['Starex', 'Grand Starex'] },
    ],
  },
  {
    make: 'Kia',
    aliases: ['Kia'],
    models: [
      { model: 'Morning', aliases: ['Morning', 'Picanto'] },
      { model: 'Seltos', aliases: ['Seltos'] },
      { model: 'Sonet', aliases: ['Sonet'] },
      { model: 'K3', aliases: ['K3', 'Cerato', 'Forte'] },
      { model: 'Carnival', aliases: ['Carnival', 'Sedona'] },
      { model: 'Sorento', aliases: ['Sorento'] },
      { model: 'Carens', aliases: ['Carens'] },
      { model: 'K5', aliases: ['K5', 'Optima'] },
      { model: 'Soluto', aliases: ['Soluto'] },
      { model: 'Sportage', aliases: ['Sportage'] },
      { model: 'Rio', aliases: ['Rio'] },
    ],
  },
  {
    make: 'Mazda',
    aliases: ['Mazda'],
    models: [
      { model: 'Mazda2', aliases: ['Mazda2', 'Mazda 2'], scoped: ['2'] },
      { model: 'Mazda3', aliases: ['Mazda3', 'Mazda 3'], scoped: ['3'] },
      { model: 'Mazda6', aliases: ['Mazda6', 'Mazda 6'], scoped: ['6'] },
      { model: 'CX-3', aliases: ['CX-3'] },
      { model: 'CX-30', aliases: ['CX-30'] },
      { model: 'CX-5', aliases: ['CX-5'] },
      { model: 'CX-8', aliases: ['CX-8'] },
      { model: 'CX-9', aliases: ['CX-9'] },
      { model: 'BT-50', aliases: ['BT-50'] },
    ],
  },
  {
    make: 'Honda',
    aliases: ['Honda'],
    models: [
      { model: 'City', aliases: ['City'] },
      { model: 'Civic', aliases: ['Civic'] },
      { model: 'CR-V', aliases: ['CR-V'] },
      { model: 'HR-V', aliases: ['HR-V'] },
      { model: 'Accord', aliases: ['Accord'] },
      { model: 'BR-V', aliases: ['BR-V'] },
      { model: 'Brio', aliases: ['Brio'] },
      { model: 'Jazz', aliases: ['Jazz'] },
    ],
  },
  {
    make: 'Mitsubishi',
    aliases: ['Mitsubishi', 'Mitsu', 'Misubishi', 'Mitshubishi', 'Mitsubisi'],
    models: [
      { model: 'Xpander', aliases: ['Xpander', 'X-pander', 'Expander'] },
      { model: 'Xpander Cross', aliases: ['Xpander Cross', 'Expander Cross'] },
      { model: 'Attrage', aliases: ['Attrage'] },
      { model: 'Outlander', aliases: ['Outlander'] },
      { model: 'Pajero Sport', aliases: ['Pajero Sport', 'Pajero'] },
      { model: 'Triton', aliases: ['Triton'] },
      { model: 'Xforce', aliases: ['Xforce', 'X-Force'] },
      { model: 'Mirage', aliases: ['Mirage'] },
    ],
  },
  {
    make: 'Ford',
    aliases: ['Ford'],
    models: [
      { model: 'Ranger', aliases: ['Ranger'] },
      { model: 'Everest', aliases: ['Everest'] },
      { model: 'Territory', aliases: ['Territory'] },
      { model: 'Transit', aliases: ['Transit'] },
      { model: 'EcoSport', aliases: ['EcoSport', 'Eco Sport'] },
      { model: 'Explorer', aliases: ['Explorer'] },
      { model: 'Focus', aliases: ['Focus'] },
      { model: 'Fiesta', aliases: ['Fiesta'] },
    ],
  },
  {
    make: 'VinFast',
    aliases: ['VinFast', 'Vin Fast'],
    models: [
      { model: 'VF3', aliases: ['VF 3'] },
      { model: 'VF5', aliases: ['VF 5'] },
      { model: 'VF6', aliases: ['VF 6'] },
      { model: 'VF7', aliases: ['VF 7'] },
      { model: 'VF8', aliases: ['VF 8'] },
      { model: 'VF9', aliases: ['VF 9'] },
      { model: 'VF e34', aliases: ['VF e34', 'e34'] },
      { model: 'Fadil', aliases: ['Fadil'] },
      { model: 'Lux A2.0', aliases: ['Lux A2.0', 'Lux A 2.0', 'Lux A'] },
      { model: 'Lux SA2.0', aliases: ['Lux SA2.0', 'Lux SA 2.0', 'Lux SA'] },
      { model: 'Limo Green', aliases: ['Limo Green', 'Limo'] },
      { model: 'Herio Green', aliases: ['Herio Green', 'Herio'] },
      { model: 'Nerio Green', aliases: ['Nerio Green', 'Nerio'] },
      { model: 'Minio Green', aliases: ['Minio Green', 'Minio'] },
    ],
  },
  {
    make: 'Nissan',
    aliases: ['Nissan', 'Nisan'],
    models: [
      { model: 'Navara', aliases: ['Navara'] },
      { model: 'Almera', aliases: ['Almera'] },
      { model: 'Kicks', aliases: ['Kicks'] },
      { model: 'X-Trail', aliases: ['X-Trail'] },
      { model: 'Sunny', aliases: ['Sunny'] },
      { model: 'Terra', aliases: ['Terra'] },
    ],
  },
  {
    make: 'Suzuki',
    aliases: ['Suzuki'],
    models: [
      { model: 'XL7', aliases: ['XL 7'] },
      { model: 'Ertiga', aliases: ['Ertiga'] },
      { model: 'Swift', aliases: ['Swift'] },
      { model: 'Ciaz', aliases: ['Ciaz'] },
      { model: 'Jimny', aliases: ['Jimny'] },
      { model: 'Vitara', aliases: ['Vitara', 'Grand Vitara'] },
      { model: 'Carry', aliases: ['Super Carry', 'Carry'] },
    ],
  },
  {
    make: 'Mercedes-Benz',
    aliases: ['Mercedes-Benz', 'Mercedes', 'Merc', 'Mer', 'Mec', 'Mẹc', 'MB', 'Benz', 'Mercedes AMG', 'Mercedes-Maybach'],
    models: [
      { model: 'C-Class', aliases: ['C-Class'], patterns: [{ re: /^c\d{3}$/, designation: upper }] },
      { model: 'E-Class', aliases: ['E-Class'], patterns: [{ re: /^e\d{3}$/, designation: upper }] },
      { model: 'S-Class', aliases: ['S-Class'], patterns: [{ re: /^s\d{3}$/, designation: upper }] },
      { model: 'A-Class', aliases: ['A-Class'], patterns: [{ re: /^a\d{3}$/, designation: upper, scoped: true }] },
      { model: 'GLC', aliases: ['GLC'], patterns: [{ re: /^glc\d{3}$/, designation: upper }] },
      { model: 'GLE', aliases: ['GLE'], patterns: [{ re: /^gle\d{2,3}$/, designation: upper }] },
      { model: 'GLS', aliases: ['GLS'], patterns: [{ re: /^gls\d{3}$/, designation: upper }] },
      { model: 'GLB', aliases: ['GLB'], patterns: [{ re: /^glb\d{3}$/, designation: upper }] },
    ],
  },
  {
    make: 'BMW',
    aliases: ['BMW'],
    models: [
      {
        model: '3 Series',
        aliases: ['3 Series', '3-Series'],
        patterns: [{ re: /^3\d{2}[id]$/, designation: bmw }, { re: /^3\d{2}$/, designation: bmw, scoped: true }],
      },
      {
        model: '5 Series',
        aliases: ['5 Series', '5-Series'],
        patterns: [{ re: /^5\d{2}[id]$/, designation: bmw }, { re: /^5\d{2}$/, designation: bmw, scoped: true }],
      },
      {
        model: '7 Series',
        aliases: ['7 Series', '7-Series'],
        patterns: [{ re: /^7\d{2}(?:li|i|d)$/, designation: bmw }, { re: /^7\d{2}$/, designation: bmw, scoped: true }],
      },
      { model: 'X1', aliases: ['X1'] },
      { model: 'X3', aliases: ['X3'] },
      { model: 'X4', aliases: ['X4'] },
      { model: 'X5', aliases: ['X5'] },
      { model: 'X6', aliases: ['X6'] },
      { model: 'X7', aliases: ['X7'] },
    ],
  },
  {
    make: 'Lexus',
    aliases: ['Lexus'],
    models: [
      { model: 'RX', aliases: [], scoped: ['RX'], patterns: [{ re: /^rx\d{3}h?$/, designation: upper }] },
      { model: 'ES', aliases: [], scoped: ['ES'], patterns: [{ re: /^es\d{3}h?$/, designation: upper }] },
      { model: 'LX', aliases: [], scoped: ['LX'], patterns: [{ re: /^lx\d{3}$/, designation: upper }] },
      { model: 'NX', aliases: [], scoped: ['NX'], patterns: [{ re: /^nx\d{3}h?$/, designation: upper }] },
      { model: 'GX', aliases: [], scoped: ['GX'], patterns: [{ re: /^gx\d{3}$/, designation: upper }] },
      { model: 'LS', aliases: [], scoped: ['LS'], patterns: [{ re: /^ls\d{3}h?$/, designation: upper }] },
    ],
  },
  {
    make: 'Peugeot',
    aliases: ['Peugeot', 'Peugot', 'Peogeot'],
    models: [
      { model: '2008', aliases: [], scoped: ['2008'] },
      { model: '3008', aliases: ['3008'] },
      { model: '5008', aliases: ['5008'] },
      { model: '408', aliases: [], scoped: ['408'] },
      { model: '508', aliases: [], scoped: ['508'] },
    ],
  },
  {
    make: 'MG',
    aliases: ['MG', 'Morris Garages'],
    models: [
      { model: 'ZS', aliases: [], scoped: ['ZS'] },
      { model: 'MG5', aliases: ['MG 5'], scoped: ['5'] },
      { model: 'HS', aliases: [], scoped: ['HS'] },
    ],
  },
  {
    make: 'Chevrolet',
    aliases: ['Chevrolet', 'Chevy', 'Chevolet', 'Chevrolete'],
    models: [
      { model: 'Cruze', aliases: ['Cruze'] },
      { model: 'Spark', aliases: ['Spark'] },
      { model: 'Colorado', aliases: ['Colorado'] },
      { model: 'Trailblazer', aliases: ['Trailblazer', 'Trail Blazer'] },
      { model: 'Aveo', aliases: ['Aveo'] },
      { model: 'Captiva', aliases: ['Captiva'] },
      { model: 'Orlando', aliases: ['Orlando'] },
    ],
  },
  {
    make: 'Subaru',
    aliases: ['Subaru'],
    models: [
      { model: 'Forester', aliases: ['Forester'] },
      { model: 'Outback', aliases: ['Outback'] },
      { model: 'XV', aliases: [], scoped: ['XV'] },
    ],
  },
  {
    make: 'Isuzu',
    aliases: ['Isuzu'],
    models: [
      { model: 'D-Max', aliases: ['D-Max'] },
      { model: 'mu-X', aliases: ['mu-X'] },
    ],
  },
  {
    make: 'Volkswagen',
    aliases: ['Volkswagen', 'VW', 'Volkswagon', 'Wolkswagen'],
    models: [
      { model: 'Tiguan', aliases: ['Tiguan'] },
      { model: 'Teramont', aliases: ['Teramont'] },
      { model: 'Polo', aliases: ['Polo'] },
      { model: 'Passat', aliases: ['Passat'] },
      { model: 'Virtus', aliases: ['Virtus'] },
      { model: 'T-Cross', aliases: ['T-Cross'] },
      { model: 'Viloran', aliases: ['Viloran'] },
    ],
  },
  {
    make: 'Audi',
    aliases: ['Audi'],
    models: [
      { model: 'A4', aliases: [], scoped: ['A4'] },
      { model: 'A6', aliases: [], scoped: ['A6'] },
      { model: 'A8', aliases: [], scoped: ['A8'] },
      { model: 'Q3', aliases: [], scoped: ['Q3'] },
      { model: 'Q5', aliases: [], scoped: ['Q5'] },
      { model: 'Q7', aliases: [], scoped: ['Q7'] },
      { model: 'Q8', aliases: [], scoped: ['Q8'] },
    ],
  },
  {
    make: 'Porsche',
    aliases: ['Porsche', 'Porsch', 'Porshe'],
    models: [
      { model: 'Cayenne', aliases: ['Cayenne'] },
      { model: 'Macan', aliases: ['Macan'] },
      { model: 'Panamera', aliases: ['Panamera'] },
      { model: 'Taycan', aliases: ['Taycan'] },
      { model: '911', aliases: [], scoped: ['911'] },
    ],
  },
];
