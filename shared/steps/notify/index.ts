/**
 * The Notify step of the report state machine (issue 8 §4): the report email with a download link.
 *
 * README for whoever wires it (the report ASL's `Notify` state): `notifyTask(input, deps)`, also `notifyTasks.notify`.
 * Input: the report state with `$.export` (Export's result); optional `email` (recipients for this run) and
 * `linkDays` (default 7). Output (ResultPath `$.notify`): messageId, deliveredTo (ses / smtp://… / the .eml
 * path), recipients, linkDays, linkExpiresAt — never the link itself.
 * Deps: `{ objectStore, log, now?, mailer?, delivery?, home? }`. AWS (functions/notify) passes the SES mailer and
 * settings from REPORT_FROM, SALES_EMAILS, DOWNLOAD_BASE_URL, DOWNLOAD_TOKEN_KEY. Offline, when no mailer is
 * given, `home` (XECU_HOME) selects the offline mailer: SMTP when SMTP_URL is set, else `.eml` files in
 * `<home>/outbox/`; the link key is DOWNLOAD_TOKEN_KEY or one kept in `<home>/download-token.key`.
 */
import { z } from 'zod';
import type { Log } from '../../ports/log';
import type { Mailer } from '../../ports/mailer';
import type { ObjectStore } from '../../ports/object-store';
import { ExportResultSchema } from '../export/contracts';
import { NotifyInputSchema, type NotifyResult } from './contracts';
import { deliverySettingsFromEnvironment, type DeliverySettings } from './delivery-settings';
import { notify } from './notify';

export interface NotifyTaskDependencies {
  objectStore: ObjectStore;
  log: Log;
  now?: () => Date;
  mailer?: Mailer;
  delivery?: DeliverySettings;
  /** Offline only (XECU_HOME): where the outbox and the link key live when no mailer/delivery is given. */
  home?: string;
}

/** The report state as Notify reads it: Export's result under `export`, the run's own recipients beside it. */
const NotifyStateSchema = z
  .object({
    export: ExportResultSchema,
    email: z.array(z.email()).min(1).max(50).optional(),
    linkDays: z.number().int().min(1).max(30).optional(),
  })
  .loose();

const OFFLINE_DEFAULTS = {
  from: 'xecu <reports@xecu.invalid>',
  recipients: ['sales@xecu.invalid'],
  downloadBaseUrl: 'http://127.0.0.1:8787/download',
};

interface OfflineDelivery {
  offlineMailer(home: string): Mailer;
  offlineTokenKey(home: string): string;
}

export async function notifyTask(input: unknown, deps: NotifyTaskDependencies): Promise<NotifyResult> {
  const state = NotifyStateSchema.parse(input);
  let { mailer, delivery } = deps;
  if (!mailer || !delivery) {
    if (!deps.home) throw new TypeError('notifyTask needs a mailer and delivery settings (or, offline, home)');
    // The report runner's dependencies carry no Mailer; offline, the adapters' own factory supplies one. Loaded
    // only here so the AWS bundle (which passes its SES mailer) does not pull in the offline mailers.
    const offline = require('../../adapters/outbox/offline-delivery') as OfflineDelivery;
    mailer ??= offline.offlineMailer(deps.home);
    delivery ??= deliverySettingsFromEnvironment(process.env, { ...OFFLINE_DEFAULTS, tokenKey: offline.offlineTokenKey(deps.home) });
  }
  return notify(NotifyInputSchema.parse({ ...state.export, ...(state.email ? { email: state.email } : {}), ...(state.linkDays ? { linkDays: state.linkDays } : {}) }), {
    mailer,
    objectStore: deps.objectStore,
    tokenKey: delivery.tokenKey,
    downloadBaseUrl: delivery.downloadBaseUrl,
    from: delivery.from,
    recipients: delivery.recipients,
    log: deps.log,
    ...(deps.now ? { now: deps.now } : {}),
  });
}

export const notifyTasks = { notify: notifyTask } as const;

export { notify, DEFAULT_LINK_DAYS } from './notify';
export { NotifyInputSchema, NotifyResultSchema, type NotifyInput, type NotifyResult } from './contracts';
export { deliverySettingsFromEnvironment, DeliveryConfigurationError, type DeliverySettings } from './delivery-settings';
