import { isAllowed, isWildcardGrant, wildcardMatch, type PolicyStatement } from './support/iam-evaluator';

describe('IAM statement evaluator used by the stack tests', () => {
  const listingsOnly: PolicyStatement[] = [
    { Effect: 'Allow', Action: ['s3:PutObject', 's3:AbortMultipartUpload'], Resource: 'arn:aws:s3:::landing/listings/*' },
  ];

  it('matches IAM wildcards: * for any run, ? for one character, nothing more', () => {
    expect(wildcardMatch('arn:aws:s3:::b/listings/*', 'arn:aws:s3:::b/listings/a/b.gz')).toBe(true);
    expect(wildcardMatch('arn:aws:s3:::b/listings/*', 'arn:aws:s3:::b/listings-x/a')).toBe(false);
    expect(wildcardMatch('arn:aws:s3:::b?', 'arn:aws:s3:::bc')).toBe(true);
    expect(wildcardMatch('arn:aws:s3:::b.c', 'arn:aws:s3:::bxc')).toBe(false);
  });

  it('compares actions case-insensitively and resources exactly', () => {
    expect(isAllowed(listingsOnly, 'S3:putobject', 'arn:aws:s3:::landing/listings/k')).toBe(true);
    expect(isAllowed(listingsOnly, 's3:PutObject', 'arn:aws:s3:::landing/LISTINGS/k')).toBe(false);
  });

  it('denies by absence: another action, another prefix, another bucket', () => {
    expect(isAllowed(listingsOnly, 's3:GetObject', 'arn:aws:s3:::landing/listings/k')).toBe(false);
    expect(isAllowed(listingsOnly, 's3:PutObject', 'arn:aws:s3:::landing/customers/k')).toBe(false);
    expect(isAllowed(listingsOnly, 's3:PutObject', 'arn:aws:s3:::raw/listings/k')).toBe(false);
  });

  it('lets an unconditional Deny win over an Allow, and ignores a conditional one', () => {
    // Prepare
    const deny: PolicyStatement = { Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::landing/*' };
    // Act + Assess
    expect(isAllowed([...listingsOnly, deny], 's3:PutObject', 'arn:aws:s3:::landing/listings/k')).toBe(false);
    expect(
      isAllowed([...listingsOnly, { ...deny, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }], 's3:PutObject', 'arn:aws:s3:::landing/listings/k'),
    ).toBe(true);
  });

  it('honours NotAction and NotResource', () => {
    const allButDelete: PolicyStatement[] = [{ Effect: 'Allow', NotAction: 's3:Delete*', NotResource: 'arn:aws:s3:::raw/*' }];
    expect(isAllowed(allButDelete, 's3:GetObject', 'arn:aws:s3:::landing/k')).toBe(true);
    expect(isAllowed(allButDelete, 's3:DeleteObject', 'arn:aws:s3:::landing/k')).toBe(false);
    expect(isAllowed(allButDelete, 's3:GetObject', 'arn:aws:s3:::raw/k')).toBe(false);
  });

  it('flags all-action and whole-service grants on every resource, not scoped ones or denies', () => {
    expect(isWildcardGrant({ Effect: 'Allow', Action: '*', Resource: '*' })).toBe(true);
    expect(isWildcardGrant({ Effect: 'Allow', Action: ['s3:GetObject', 's3:*'], Resource: ['*'] })).toBe(true);
    expect(isWildcardGrant({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })).toBe(true);
    expect(isWildcardGrant({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/*' })).toBe(false);
    expect(isWildcardGrant({ Effect: 'Allow', Action: 'redshift-data:DescribeStatement', Resource: '*' })).toBe(false);
    expect(isWildcardGrant({ Effect: 'Deny', Action: 's3:*', Resource: '*' })).toBe(false);
  });
});
