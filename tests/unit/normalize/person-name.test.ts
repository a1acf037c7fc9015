import fc from 'fast-check';
import { familyNameFrequency, foldVietnamese, parsePersonName, personNameKey, type PersonName } from '../../../shared/normalize';
import { MALFORMED_INPUTS } from './malformed-inputs';

type Parts = Pick<PersonName, 'full' | 'family' | 'middle' | 'given' | 'familyFolded' | 'givenFolded'>;

describe('parsePersonName', () => {
  test.each<[string, Parts]>([
    ['Nguyễn Văn An', { full: 'Nguyễn Văn An', family: 'Nguyễn', middle: 'Văn', given: 'An', familyFolded: 'nguyen', givenFolded: 'an' }],
    ['NGUYỄN VĂN AN', { full: 'Nguyễn Văn An', family: 'Nguyễn', middle: 'Văn', given: 'An', familyFolded: 'nguyen', givenFolded: 'an' }],
    ['nguyen van an', { full: 'Nguyen Van An', family: 'Nguyen', middle: 'Van', given: 'An', familyFolded: 'nguyen', givenFolded: 'an' }],
    ['  trần   thị   BÍCH  ngọc ', { full: 'Trần Thị Bích Ngọc', family: 'Trần', middle: 'Thị Bích', given: 'Ngọc', familyFolded: 'tran', givenFolded: 'ngoc' }],
    ['Anh Nguyễn Văn An', { full: 'Nguyễn Văn An', family: 'Nguyễn', middle: 'Văn', given: 'An', familyFolded: 'nguyen', givenFolded: 'an' }],
    ['Chị Lê Thị Hồng', { full: 'Lê Thị Hồng', family: 'Lê', middle: 'Thị', given: 'Hồng', familyFolded: 'le', givenFolded: 'hong' }],
    ['chi le thi hong', { full: 'Le Thi Hong', family: 'Le', middle: 'Thi', given: 'Hong', familyFolded: 'le', givenFolded: 'hong' }],
    ['Ông Phạm Minh Chính', { full: 'Phạm Minh Chính', family: 'Phạm', middle: 'Minh', given: 'Chính', familyFolded: 'pham', givenFolded: 'chinh' }],
    ['BÀ ĐẶNG THỊ NGỌC THỊNH', { full: 'Đặng Thị Ngọc Thịnh', family: 'Đặng', middle: 'Thị Ngọc', given: 'Thịnh', familyFolded: 'dang', givenFolded: 'thinh' }],
    ['Cô Bùi Thị Xuân', { full: 'Bùi Thị Xuân', family: 'Bùi', middle: 'Thị', given: 'Xuân', familyFolded: 'bui', givenFolded: 'xuan' }],
    ['Chú Đỗ Mười', { full: 'Đỗ Mười', family: 'Đỗ', middle: '', given: 'Mười', familyFolded: 'do', givenFolded: 'muoi' }],
    ['Em Hồ Ngọc Hà', { full: 'Hồ Ngọc Hà', family: 'Hồ', middle: 'Ngọc', given: 'Hà', familyFolded: 'ho', givenFolded: 'ha' }],
    ['Mr. Huỳnh Tấn Phát', { full: 'Huỳnh Tấn Phát', family: 'Huỳnh', middle: 'Tấn', given: 'Phát', familyFolded: 'hoang', givenFolded: 'phat' }],
    ['Mrs Hoàng Thị Loan', { full: 'Hoàng Thị Loan', family: 'Hoàng', middle: 'Thị', given: 'Loan', familyFolded: 'hoang', givenFolded: 'loan' }],
    ['Ms. Võ Thị Sáu', { full: 'Võ Thị Sáu', family: 'Võ', middle: 'Thị', given: 'Sáu', familyFolded: 'vo', givenFolded: 'sau' }],
    ['Miss Vũ Thu Phương', { full: 'Vũ Thu Phương', family: 'Vũ', middle: 'Thu', given: 'Phương', familyFolded: 'vo', givenFolded: 'phuong' }],
    ['A. Ngô Bảo Châu', { full: 'Ngô Bảo Châu', family: 'Ngô', middle: 'Bảo', given: 'Châu', familyFolded: 'ngo', givenFolded: 'chau' }],
    ['C Dương Thu Hương', { full: 'Dương Thu Hương', family: 'Dương', middle: 'Thu', given: 'Hương', familyFolded: 'duong', givenFolded: 'huong' }],
    ['KH: Phan Văn Khải', { full: 'Phan Văn Khải', family: 'Phan', middle: 'Văn', given: 'Khải', familyFolded: 'phan', givenFolded: 'khai' }],
    ['Khách hàng Lý Thường Kiệt', { full: 'Lý Thường Kiệt', family: 'Lý', middle: 'Thường', given: 'Kiệt', familyFolded: 'ly', givenFolded: 'kiet' }],
    ['khach hang anh tran van b', { full: 'Tran Van B', family: 'Tran', middle: 'Van', given: 'B', familyFolded: 'tran', givenFolded: 'b' }],
    ['Chu Văn An', { full: 'Chu Văn An', family: 'Chu', middle: 'Văn', given: 'An', familyFolded: 'chu', givenFolded: 'an' }],
    ['chu van an', { full: 'Chu Van An', family: 'Chu', middle: 'Van', given: 'An', familyFolded: 'chu', givenFolded: 'an' }],
    ['chu nguyen van an', { full: 'Nguyen Van An', family: 'Nguyen', middle: 'Van', given: 'An', familyFolded: 'nguyen', givenFolded: 'an' }],
    ['Nguyễn Văn An - 0903123456', { full: 'Nguyễn Văn An', family: 'Nguyễn', middle: 'Văn', given: 'An', familyFolded: 'nguyen', givenFolded: 'an' }],
    ['Nguye\u0302\u0303n Va\u0306n An', { full: 'Nguyễn Văn An', family: 'Nguyễn', middle: 'Văn', given: 'An', familyFolded: 'nguyen', givenFolded: 'an' }],
    ["H'Hen Niê", { full: "H'Hen Niê", family: "H'Hen", middle: '', given: 'Niê', familyFolded: "h'hen", givenFolded: 'nie' }],
    ['Anh Hùng', { full: 'Hùng', family: '', middle: '', given: 'Hùng', familyFolded: '', givenFolded: 'hung' }],
    ['Chị Anh', { full: 'Anh', family: '', middle: '', given: 'Anh', familyFolded: '', givenFolded: 'anh' }],
  ])('parses %j', (input, expected) => {
    // Act
    const name = parsePersonName(input);

    // Assess
    expect(name).toMatchObject(expected);
  });

  test.each(['', '   ', '12345', '0903123456', 'Anh', 'Chị', 'Mr.', 'Khách hàng', '🙂', '---'])(
    'finds no name in %j',
    (input) => {
      // Act
      const name = parsePersonName(input);

      // Assess
      expect(name).toBeNull();
    },
  );

  test.each(MALFORMED_INPUTS)('gives null for %s', (_label, input) => {
    // Act
    const name = parsePersonName(input as string);

    // Assess
    expect(name).toBeNull();
  });

  const family = fc.constantFrom('Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ');
  const word = fc.constantFrom('Văn', 'Thị', 'Minh', 'Ngọc', 'Đức', 'Thu', 'Hữu', 'Quốc', 'Bảo', 'Thanh', 'Xuân');
  const given = fc.constantFrom('An', 'Bình', 'Cường', 'Dũng', 'Hà', 'Hùng', 'Lan', 'Phương', 'Quyên', 'Đạt', 'Yến');
  const title = fc.constantFrom('', 'Anh ', 'Chị ', 'Ông ', 'Bà ', 'Mr. ', 'KH ', 'Khách hàng ', 'A. ');
  const casing = fc.constantFrom((s: string) => s, (s: string) => s.toUpperCase(), (s: string) => s.toLowerCase());

  test('keeps family, middle and given names whatever the title, case and spacing', () => {
    fc.assert(
      fc.property(title, family, fc.array(word, { maxLength: 2 }), given, casing, fc.constantFrom(' ', '  ', '\t'), (t, f, mids, g, cased, space) => {
        const full = [f, ...mids, g].join(' ');
        const input = cased(t + [f, ...mids, g].join(space));
        const name = parsePersonName(input);
        expect(name).not.toBeNull();
        expect(name?.full).toBe(full);
        expect(name?.family).toBe(f);
        expect(name?.middle).toBe(mids.join(' '));
        expect(name?.given).toBe(g);
      }),
      { numRuns: 1000 },
    );
  });

  test('folds the full name exactly as foldVietnamese does, and parsing its own output changes nothing', () => {
    fc.assert(
      fc.property(title, family, fc.array(word, { maxLength: 3 }), given, casing, (t, f, mids, g, cased) => {
        const name = parsePersonName(cased(`${t}${f} ${mids.join(' ')} ${g}`)) as PersonName;
        expect(name.folded).toBe(foldVietnamese(name.full));
        expect(parsePersonName(name.full)).toEqual(name);
      }),
      { numRuns: 1000 },
    );
  });

  test('gives Huỳnh and Hoàng, Vũ and Võ the same family key', () => {
    // Act
    const keys = ['Huỳnh Văn A', 'Hoàng Văn A', 'HUYNH VAN A', 'Vũ Văn A', 'Võ Văn A', 'vu van a'].map(
      (n) => parsePersonName(n)?.familyFolded,
    );

    // Assess
    expect(keys).toEqual(['hoang', 'hoang', 'hoang', 'vo', 'vo', 'vo']);
  });
});

describe('familyNameFrequency', () => {
  test.each([
    ['nguyen', 0.38],
    ['tran', 0.11],
    ['le', 0.095],
    ['pham', 0.071],
    ['hoang', 0.051],
    ['huynh', 0.051],
    ['phan', 0.045],
    ['vo', 0.039],
    ['vu', 0.039],
    ['dang', 0.021],
    ['bui', 0.02],
    ['do', 0.014],
    ['ho', 0.013],
    ['ngo', 0.013],
    ['duong', 0.01],
    ['ly', 0.005],
    ['chu', 0.002],
    ['', 0.002],
  ])('gives %j a share of %d', (family, share) => {
    // Act
    const frequency = familyNameFrequency(family);

    // Assess
    expect(frequency).toBe(share);
  });

  test('makes the families that parsePersonName returns weigh by their real share', () => {
    // Prepare
    const nguyen = parsePersonName('Nguyễn Văn An') as PersonName;
    const huynh = parsePersonName('Huỳnh Văn An') as PersonName;

    // Act / Assess
    expect(familyNameFrequency(nguyen.familyFolded)).toBeGreaterThan(familyNameFrequency(huynh.familyFolded));
    expect(familyNameFrequency(huynh.familyFolded)).toBe(0.051);
  });
});

describe('personNameKey and middleFolded (matching features)', () => {
  test.each<[string, string, string]>([
    ['Nguyễn Văn Hùng', 'hung nguyen van', 'van'],
    ['Hung Van Nguyen', 'hung nguyen van', 'van'],
    ['HÙNG NGUYỄN VĂN', 'hung nguyen van', 'nguyen'],
    ['Huỳnh Tấn Phát', 'hoang phat tan', 'tan'],
    ['Hoàng Tấn Phát', 'hoang phat tan', 'tan'],
    ['Vũ Thu Phương', 'phuong thu vo', 'thu'],
    ['Trần Thị Bích Ngọc', 'bich ngoc thi tran', 'thi bich'],
    ['Anh Hùng', 'hung', ''],
  ])('%j has key %j and middle %j', (input, key, middle) => {
    // Act
    const name = parsePersonName(input);

    // Assess
    expect(name).not.toBeNull();
    expect(personNameKey(name as PersonName)).toBe(key);
    expect((name as PersonName).middleFolded).toBe(middle);
  });

  test('a key never depends on word order', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(['Nguyễn', 'Văn', 'Thành', 'Long'], { minLength: 4, maxLength: 4 }), (words) => {
        const name = parsePersonName(words.join(' '));
        expect(personNameKey(name as PersonName)).toBe('long nguyen thanh van');
      }),
    );
  });
});
