import { createDecipheriv, createPrivateKey, createPublicKey, createSign, createVerify, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Config } from '../../config.ts';
import { logger } from '../../logger.ts';

/**
 * The payment-provider interface invoices are paid through online, and its one implementation:
 * WeChat Pay API v3, "Native" payments (the payer scans a QR code). Everything is node:crypto:
 * requests are signed with the merchant's RSA key (WECHATPAY2-SHA256-RSA2048), answers and
 * notifications are verified with the platform's public key (RSA-SHA256 over
 * "timestamp\nnonce\nbody\n"), and the notification's resource is decrypted with the API v3 key
 * (AEAD_AES_256_GCM).
 */
export interface PaymentProvider {
  readonly method: 'wechat_pay';
  /** Creates an order; the payer scans codeUrl. */
  createOrder(order: { outTradeNo: string; description: string; amountFen: number; notifyUrl: string }): Promise<{ codeUrl: string }>;
  /** Checks a notification's signature and decrypts it; throws NotificationRejected when it is not genuine. */
  parseNotification(headers: Record<string, string | string[] | undefined>, rawBody: Buffer, now?: Date): PaidNotice;
}

/** What a genuine payment notification says. */
export interface PaidNotice {
  eventType: string;
  outTradeNo: string;
  transactionId: string;
  tradeState: string;
  amountFen: number;
  mchid: string;
  successTime: string | null;
}

export class NotificationRejected extends Error {}
export class ProviderError extends Error {}

export interface WechatPayOptions {
  mchid: string;
  appid: string;
  /** Serial number of the merchant's API certificate. */
  serial: string;
  merchantPrivateKey: KeyObject;
  /** The platform certificate's (or WeChat Pay public key's) key that signs answers and notifications. */
  platformPublicKey: KeyObject;
  /** 32-character API v3 key. */
  apiV3Key: string;
  baseUrl: string;
  /** Notifications older or newer than this are refused (replays). */
  maxSkewSeconds?: number;
}

/** A PEM certificate or public key. */
export function publicKeyFromPem(pem: string): KeyObject {
  return pem.includes('BEGIN CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
}

/** The signed message of answers and notifications. */
export const signedMessage = (timestamp: string, nonce: string, body: string) => `${timestamp}\n${nonce}\n${body}\n`;

export function rsaSign(key: KeyObject, message: string): string {
  return createSign('RSA-SHA256').update(message).sign(key, 'base64');
}

export function rsaVerify(key: KeyObject, message: string, signature: string): boolean {
  try {
    return createVerify('RSA-SHA256').update(message).verify(key, signature, 'base64');
  } catch {
    return false;
  }
}

/** AEAD_AES_256_GCM as WeChat Pay uses it: the ciphertext ends with the 16-byte tag. */
export function decryptResource(apiV3Key: string, r: { ciphertext: string; nonce: string; associated_data?: string }): string {
  const data = Buffer.from(r.ciphertext, 'base64');
  if (data.length < 17) throw new NotificationRejected('ciphertext too short');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(r.nonce, 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - 16));
  decipher.setAAD(Buffer.from(r.associated_data ?? '', 'utf8'));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8');
}

const header = (h: Record<string, string | string[] | undefined>, name: string) => {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

export class WechatPay implements PaymentProvider {
  readonly method = 'wechat_pay' as const;
  private readonly o: WechatPayOptions;
  constructor(options: WechatPayOptions) {
    this.o = options;
  }

  /** The Authorization header of a request (merchant signature over method, path, time, nonce and body). */
  authorization(method: string, pathWithQuery: string, body: string, timestamp = Math.floor(Date.now() / 1000).toString(), nonce = randomBytes(16).toString('hex')): string {
    const signature = rsaSign(this.o.merchantPrivateKey, `${method}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${body}\n`);
    return `WECHATPAY2-SHA256-RSA2048 mchid="${this.o.mchid}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${this.o.serial}"`;
  }

  private verified(headers: Record<string, string | string[] | undefined>, body: string, now: Date) {
    const timestamp = header(headers, 'Wechatpay-Timestamp');
    const nonce = header(headers, 'Wechatpay-Nonce');
    const signature = header(headers, 'Wechatpay-Signature');
    if (!timestamp || !nonce || !signature) throw new NotificationRejected('unsigned');
    if (!/^\d+$/.test(timestamp) || Math.abs(now.getTime() / 1000 - Number(timestamp)) > (this.o.maxSkewSeconds ?? 300)) throw new NotificationRejected('stale timestamp');
    if (!rsaVerify(this.o.platformPublicKey, signedMessage(timestamp, nonce, body), signature)) throw new NotificationRejected('bad signature');
  }

  async createOrder(order: { outTradeNo: string; description: string; amountFen: number; notifyUrl: string }): Promise<{ codeUrl: string }> {
    const path = '/v3/pay/transactions/native';
    const body = JSON.stringify({
      appid: this.o.appid,
      mchid: this.o.mchid,
      description: order.description.slice(0, 127),
      out_trade_no: order.outTradeNo,
      notify_url: order.notifyUrl,
      amount: { total: order.amountFen, currency: 'CNY' },
    });
    let res: Response;
    try {
      res = await fetch(this.o.baseUrl.replace(/\/$/, '') + path, {
        method: 'POST',
        headers: { Authorization: this.authorization('POST', path, body), Accept: 'application/json', 'Content-Type': 'application/json', 'User-Agent': 'xiehui' },
        body,
        signal: AbortSignal.timeout(10_000),
      });
    } catch (err) {
      throw new ProviderError(`unreachable: ${(err as Error).message}`);
    }
    const text = await res.text();
    if (!res.ok) {
      let message = `HTTP ${res.status}`;
      try {
        const e = JSON.parse(text) as { code?: string; message?: string };
        message = [e.code, e.message].filter(Boolean).join(' ') || message;
      } catch {
        /* not JSON */
      }
      throw new ProviderError(message);
    }
    // An answer that the platform did not sign is not trusted (a man in the middle could hand out its own QR code).
    try {
      this.verified(Object.fromEntries(res.headers), text, new Date());
    } catch (err) {
      throw new ProviderError(`answer not signed by the platform (${(err as Error).message})`);
    }
    const codeUrl = (JSON.parse(text) as { code_url?: string }).code_url;
    if (!codeUrl) throw new ProviderError('no code_url in the answer');
    return { codeUrl };
  }

  parseNotification(headers: Record<string, string | string[] | undefined>, rawBody: Buffer, now = new Date()): PaidNotice {
    const body = rawBody.toString('utf8');
    this.verified(headers, body, now);
    let n: { event_type?: string; resource?: { algorithm?: string; ciphertext: string; nonce: string; associated_data?: string } };
    try {
      n = JSON.parse(body);
    } catch {
      throw new NotificationRejected('not JSON');
    }
    if (n.resource?.algorithm !== 'AEAD_AES_256_GCM') throw new NotificationRejected('unknown algorithm');
    let plain: string;
    try {
      plain = decryptResource(this.o.apiV3Key, n.resource);
    } catch {
      throw new NotificationRejected('cannot decrypt');
    }
    const t = JSON.parse(plain) as { mchid: string; out_trade_no: string; transaction_id: string; trade_state: string; success_time?: string; amount: { total: number } };
    if (t.mchid !== this.o.mchid) throw new NotificationRejected('another merchant');
    return { eventType: n.event_type ?? '', outTradeNo: t.out_trade_no, transactionId: t.transaction_id, tradeState: t.trade_state, amountFen: t.amount?.total, mchid: t.mchid, successTime: t.success_time ?? null };
  }
}

let cached: { key: string; provider: WechatPay | null } | null = null;

/** The provider the configuration describes, or null when online payment is not configured. */
export function wechatPayFrom(config: Pick<Config, 'WECHATPAY_MCHID' | 'WECHATPAY_APPID' | 'WECHATPAY_SERIAL' | 'WECHATPAY_PRIVATE_KEY_PATH' | 'WECHATPAY_APIV3_KEY' | 'WECHATPAY_PLATFORM_CERT_PATH' | 'WECHATPAY_BASE_URL'>): WechatPay | null {
  const parts = [config.WECHATPAY_MCHID, config.WECHATPAY_APPID, config.WECHATPAY_SERIAL, config.WECHATPAY_PRIVATE_KEY_PATH, config.WECHATPAY_APIV3_KEY, config.WECHATPAY_PLATFORM_CERT_PATH];
  const key = [...parts, config.WECHATPAY_BASE_URL].join('|');
  if (cached?.key === key) return cached.provider;
  let provider: WechatPay | null = null;
  if (parts.every(Boolean)) {
    try {
      provider = new WechatPay({
        mchid: config.WECHATPAY_MCHID!,
        appid: config.WECHATPAY_APPID!,
        serial: config.WECHATPAY_SERIAL!,
        merchantPrivateKey: createPrivateKey(readFileSync(config.WECHATPAY_PRIVATE_KEY_PATH!, 'utf8')),
        platformPublicKey: publicKeyFromPem(readFileSync(config.WECHATPAY_PLATFORM_CERT_PATH!, 'utf8')),
        apiV3Key: config.WECHATPAY_APIV3_KEY!,
        baseUrl: config.WECHATPAY_BASE_URL,
      });
    } catch (err) {
      // Unreadable keys: online payment stays off (the pages say so) and the log says why.
      logger.error({ err }, 'WeChat Pay is configured but its keys cannot be read: online payment is off');
    }
  } else if (parts.some(Boolean)) {
    logger.warn('WeChat Pay is partly configured (WECHATPAY_MCHID, _APPID, _SERIAL, _PRIVATE_KEY_PATH, _APIV3_KEY and _PLATFORM_CERT_PATH go together): online payment is off');
  }
  cached = { key, provider };
  return provider;
}
