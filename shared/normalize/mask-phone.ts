/**
 * Phone number safe for logs: keeps the network code and the last three digits (`0903123456` → `0903***456`),
 * enough to tell records apart while debugging without writing the number. Shorter inputs (under 8
 * characters) are masked whole, so a fragment never leaks.
 */
export function maskPhone(phone: string): string {
  if (typeof phone !== 'string' || phone.length < 8) return '***';
  return phone.slice(0, 4) + '***' + phone.slice(-3);
}
