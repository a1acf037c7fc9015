import { looksLikeDealer, type DealerSignals } from '../../../shared/normalize';

describe('looksLikeDealer', () => {
  test.each<[string, DealerSignals]>([
    ['a business ad', { sellerName: 'Nguyễn Văn A', companyAd: true, liveAds: 1 }],
    ['an "auto" name', { sellerName: 'HN Auto' }],
    ['a glued "auto" name', { sellerName: 'HanoiAuto' }],
    ['an "ô tô" name', { sellerName: 'Ô tô Hùng Phát' }],
    ['an "oto" name', { sellerName: 'Oto Hà Nội' }],
    ['a salon', { sellerName: 'Salon xe Minh Tuấn' }],
    ['a showroom', { sellerName: 'Showroom Mạnh Quân' }],
    ['a "car" word', { sellerName: 'Sài Gòn Car' }],
    ['a glued "car" brand', { sellerName: 'Anycar Việt Nam' }],
    ['a "car" prefix brand', { sellerName: 'Carmart HCM' }],
    ['xe lướt', { sellerName: 'Xe Lướt Hà Nội' }],
    ['an agency', { sellerName: 'Đại lý Toyota Thăng Long' }],
    ['a company abbreviation', { sellerName: 'Cty TNHH Phú Mỹ' }],
    ['a company', { sellerName: 'CÔNG TY CP Ô TÔ ABC' }],
    ['a garage', { sellerName: 'Garage Tuấn Anh' }],
    ['a gara', { sellerName: 'Gara Hùng' }],
    ['five live ads', { sellerName: 'Trần Thị B', liveAds: 5 }],
    ['many live ads', { sellerName: null, liveAds: 14 }],
    ['a showroom title', { sellerName: 'Minh', title: 'Showroom bán Vios 2019 giá tốt' }],
  ])('takes %s for a dealer', (_label, signals) => {
    // Act
    const dealer = looksLikeDealer(signals);

    // Assess
    expect(dealer).toBe(true);
  });

  test.each<[string, DealerSignals]>([
    ['a person', { sellerName: 'Nguyễn Văn A', liveAds: 1, companyAd: false }],
    ['a person with few ads', { sellerName: 'Trần Thị B', liveAds: 4 }],
    ['a person named Oscar', { sellerName: 'Oscar Nguyễn' }],
    ['a person named Tô', { sellerName: 'Hồ Tô Tô' }],
    ['nothing known', {}],
    ['nulls', { sellerName: null, liveAds: null, companyAd: null, title: null }],
    ['a plain title', { sellerName: 'Lê Văn C', title: 'Bán Vios 2019 chính chủ' }],
    ['a non-finite ad count', { sellerName: 'Lê Văn C', liveAds: Number.NaN }],
  ])('takes %s for a private seller', (_label, signals) => {
    // Act
    const dealer = looksLikeDealer(signals);

    // Assess
    expect(dealer).toBe(false);
  });
});
