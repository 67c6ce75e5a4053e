/** A message caught by the local SMTP catcher (scripts/mail-catcher.ts), as the dev inbox shows it. */
export interface DevMailMessage {
  id: string;
  receivedAt: string;
  messageId?: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}
