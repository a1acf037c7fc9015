import { z } from 'zod';

/** Who the report email is from and to, where its link points, and the key that signs the link. */
export interface DeliverySettings {
  from: string;
  recipients: string[];
  downloadBaseUrl: string;
  tokenKey: string;
}

/** A delivery setting missing or wrong; names the variable (fails the cold start, as config should). */
export class DeliveryConfigurationError extends Error {
  override readonly name = 'DeliveryConfigurationError';
}

// Empty is allowed: a run may name its own recipients (`email`); notify refuses to send to no one.
const Emails = z.array(z.email());

/**
 * Delivery settings from environment variables: REPORT_FROM, SALES_EMAILS (comma-separated), DOWNLOAD_BASE_URL
 * (the download function's URL), DOWNLOAD_TOKEN_KEY (≥ 32 bytes; in AWS resolved from Secrets Manager at deploy).
 * `defaults` fill what offline runs may leave out.
 */
export function deliverySettingsFromEnvironment(env: NodeJS.ProcessEnv, defaults: Partial<DeliverySettings> = {}): DeliverySettings {
  const pick = (name: string, fallback: string | undefined): string => {
    const value = env[name]?.trim() || fallback;
    if (!value) throw new DeliveryConfigurationError(`environment variable ${name} is not set`);
    return value;
  };
  const recipientsText = env.SALES_EMAILS?.trim();
  const recipients = recipientsText ? recipientsText.split(',').map((address) => address.trim()).filter(Boolean) : (defaults.recipients ?? []);
  const parsed = Emails.safeParse(recipients);
  if (!parsed.success) throw new DeliveryConfigurationError('SALES_EMAILS must be a comma-separated list of email addresses');
  const downloadBaseUrl = pick('DOWNLOAD_BASE_URL', defaults.downloadBaseUrl);
  if (!/^https?:\/\//.test(downloadBaseUrl)) throw new DeliveryConfigurationError('DOWNLOAD_BASE_URL must be an http(s) URL');
  const tokenKey = pick('DOWNLOAD_TOKEN_KEY', defaults.tokenKey);
  if (Buffer.byteLength(tokenKey) < 32) throw new DeliveryConfigurationError('DOWNLOAD_TOKEN_KEY must be at least 32 bytes');
  return { from: pick('REPORT_FROM', defaults.from), recipients: parsed.data, downloadBaseUrl, tokenKey };
}
