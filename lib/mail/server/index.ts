import 'server-only';

/** The mail domain's server surface: the outbox (queue, deliver, sweep), the layout of messages, the dev inbox. */
export {
  dispatchMail,
  deliverOutboxMessage,
  sendMailNow,
  mailSendJob,
  mailSweepJob,
  queueMail,
  requeueStalledMail,
  MAX_ATTEMPTS,
} from './outbox';
export type { DeliveryDeps, DeliveryOutcome, MailKind, QueuedMail } from './outbox';
export { renderEmail, type EmailContent, type RenderedEmail } from './render';
export { currentTransport, setMailTransportForTests, smtpTransport, type MailTransport, type OutgoingMessage } from './transport';
export { devInboxEnabled, readDevInbox } from './dev-inbox';

/** An absolute link into the portal, for e-mails. */
export { appUrl } from './links';
