/** Lambda configuration errors name the missing variable, at init, before any event is read. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value || value.trim() === '') throw new ConfigurationError(`environment variable ${name} is not set`);
  return value.trim();
}

export function optionalEnv(name: string): string | undefined {
  const value = process.env[name]?.trim();
  return value ? value : undefined;
}
