import nodemailer, { type Transporter } from 'nodemailer';
import { logger } from '../logger.ts';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/**
 * SMTP when SMTP_URL is set; otherwise each message goes to the log (and to `recent`, which the
 * development tooling and tests read), so that invitation and reset links work without a mail server.
 */
export class Mailer {
  readonly recent: (Mail & { at: Date })[] = [];
  private readonly transport: Transporter | null;
  private readonly from: string;

  constructor(smtpUrl: string | undefined, from: string) {
    this.transport = smtpUrl ? nodemailer.createTransport(smtpUrl) : null;
    this.from = from;
  }

  async send(mail: Mail): Promise<void> {
    this.recent.push({ ...mail, at: new Date() });
    if (this.recent.length > 100) this.recent.shift();
    if (!this.transport) {
      logger.info({ mail: { to: mail.to, subject: mail.subject, text: mail.text } }, 'e-mail (SMTP_URL not set, logged instead)');
      return;
    }
    await this.transport.sendMail({ from: this.from, ...mail });
  }
}
