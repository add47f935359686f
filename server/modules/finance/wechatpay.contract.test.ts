import { createCipheriv, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startTestServer, type ApiClient, type TestServer } from '../../testing/harness.ts';
import { rsaSign, rsaVerify, signedMessage } from './wechatpay.ts';

/**
 * Contract test of the WeChat Pay API v3 provider against a local server that speaks the same
 * paths and signatures as api.mch.weixin.qq.com: it checks the merchant's request signature, signs
 * its answers and notifications with the "platform" key, and encrypts the notification's resource
 * with the API v3 key. Keys are generated here; nothing secret is in the repository.
 */

const MCHID = '1900000109';
const APPID = 'wxd678efh567hg6787';
const SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
const API_V3_KEY = randomBytes(16).toString('hex'); // 32 characters
const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });

interface OrderSeen {
  authorization: string;
  body: { appid: string; mchid: string; out_trade_no: string; notify_url: string; description: string; amount: { total: number; currency: string } };
  signatureValid: boolean;
}
const orders: OrderSeen[] = [];

let wechat: Server;
let server: TestServer;
let finance: ApiClient;
let dir: string;

function signedHeaders(key: KeyObject, body: string, timestamp = Math.floor(Date.now() / 1000).toString()) {
  const nonce = randomBytes(16).toString('hex');
  return { 'Wechatpay-Timestamp': timestamp, 'Wechatpay-Nonce': nonce, 'Wechatpay-Signature': rsaSign(key, signedMessage(timestamp, nonce, body)), 'Wechatpay-Serial': 'PUB_KEY_ID_0114232134912410000000000000' };
}

/** A notification as WeChat Pay sends it: the transaction encrypted (AEAD_AES_256_GCM), the whole signed. */
function notification(transaction: Record<string, unknown>, opts: { key?: KeyObject; apiV3Key?: string } = {}) {
  const nonce = randomBytes(6).toString('hex');
  const aad = 'transaction';
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(opts.apiV3Key ?? API_V3_KEY, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(transaction), 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
  const body = JSON.stringify({
    id: 'EV-2018022511223320873',
    create_time: new Date().toISOString(),
    resource_type: 'encrypt-resource',
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: { original_type: 'transaction', algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: aad, nonce },
  });
  return { body, headers: signedHeaders(opts.key ?? platform.privateKey, body) };
}

const paid = (outTradeNo: string, total: number, transactionId: string) => ({
  mchid: MCHID,
  appid: APPID,
  out_trade_no: outTradeNo,
  transaction_id: transactionId,
  trade_type: 'NATIVE',
  trade_state: 'SUCCESS',
  trade_state_desc: '支付成功',
  bank_type: 'OTHERS',
  success_time: new Date().toISOString(),
  payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
  amount: { total, payer_total: total, currency: 'CNY', payer_currency: 'CNY' },
});

async function notify(n: { body: string; headers: Record<string, string> }) {
  const res = await fetch(`${server.url}/api/v1/finance/payments/wechat-pay/notify`, { method: 'POST', headers: { 'content-type': 'application/json', ...n.headers }, body: n.body });
  return { status: res.status, body: await res.text() };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xh-wechatpay-'));
  writeFileSync(join(dir, 'apiclient_key.pem'), merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(join(dir, 'wechatpay_pub.pem'), platform.publicKey.export({ type: 'spki', format: 'pem' }));
  // The provider's side: POST /v3/pay/transactions/native.
  wechat = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v3/pay/transactions/native') {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'NOT_FOUND', message: '404' }));
        return;
      }
      const auth = req.headers.authorization ?? '';
      const field = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(auth)?.[1] ?? '';
      const signatureValid =
        auth.startsWith('WECHATPAY2-SHA256-RSA2048 ') &&
        field('mchid') === MCHID &&
        field('serial_no') === SERIAL &&
        rsaVerify(merchant.publicKey, `POST\n${req.url}\n${field('timestamp')}\n${field('nonce_str')}\n${raw}\n`, field('signature'));
      const body = JSON.parse(raw);
      orders.push({ authorization: auth, body, signatureValid });
      if (!signatureValid) {
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'SIGN_ERROR', message: '签名错误' }));
        return;
      }
      const answer = JSON.stringify({ code_url: `weixin://wxpay/bizpayurl?pr=${body.out_trade_no.slice(-8)}` });
      res.writeHead(200, { 'content-type': 'application/json', ...signedHeaders(platform.privateKey, answer) }).end(answer);
    });
  });
  await new Promise<void>((ok) => wechat.listen(0, '127.0.0.1', ok));
  server = await startTestServer({
    WECHATPAY_MCHID: MCHID,
    WECHATPAY_APPID: APPID,
    WECHATPAY_SERIAL: SERIAL,
    WECHATPAY_PRIVATE_KEY_PATH: join(dir, 'apiclient_key.pem'),
    WECHATPAY_APIV3_KEY: API_V3_KEY,
    WECHATPAY_PLATFORM_CERT_PATH: join(dir, 'wechatpay_pub.pem'),
    WECHATPAY_BASE_URL: `http://127.0.0.1:${(wechat.address() as AddressInfo).port}`,
    PUBLIC_URL: 'https://xiehui.example.org',
  });
  finance = await loginAs(server, 'finance@demo.test', { language: 'zh-CN' });
});
afterAll(async () => {
  await server?.stop();
  wechat?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('WeChat Pay (API v3, Native) contract', () => {
  let invoice: { id: string; amountFen: number; paidFen: number };
  let outTradeNo: string;

  it('creates a signed Native order for what is owed and hands back its QR code', async () => {
    expect((await finance.get('/api/v1/finance/payment-provider')).body).toEqual({ wechatPay: true });
    invoice = (await finance.get('/api/v1/finance/invoices?status=partially_paid&kind=dues')).body.items[0];
    const res = await finance.post(`/api/v1/finance/invoices/${invoice.id}/online-order`);
    expect(res.status).toBe(200);
    const [order] = orders;
    expect(order.signatureValid).toBe(true);
    expect(order.body).toMatchObject({ appid: APPID, mchid: MCHID, notify_url: 'https://xiehui.example.org/api/v1/finance/payments/wechat-pay/notify', amount: { total: invoice.amountFen - invoice.paidFen, currency: 'CNY' } });
    expect(order.body.out_trade_no).toMatch(/^[A-Za-z0-9]{6,32}$/);
    outTradeNo = order.body.out_trade_no;
    expect(res.body).toMatchObject({ outTradeNo, codeUrl: `weixin://wxpay/bizpayurl?pr=${outTradeNo.slice(-8)}` });
    expect(res.body.qrSvg).toContain('<svg');
    // Asking again reuses the open order.
    expect((await finance.post(`/api/v1/finance/invoices/${invoice.id}/online-order`)).body.outTradeNo).toBe(outTradeNo);
    expect(orders).toHaveLength(1);
    expect((await finance.get(`/api/v1/finance/invoices/${invoice.id}`)).body.onlineOrder).toMatchObject({ outTradeNo, status: 'created' });
  });

  it('rejects a tampered or forged notification and changes nothing', async () => {
    const owed = invoice.amountFen - invoice.paidFen;
    const genuine = notification(paid(outTradeNo, owed, '4200000000000000000000000001'));
    // The body changed after signing (a resource swapped in).
    const other = notification(paid(outTradeNo, owed, '4200000000000000000000000999'));
    expect((await notify({ body: other.body, headers: genuine.headers })).status).toBe(401);
    // Signed by someone else's key.
    const intruder = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect((await notify(notification(paid(outTradeNo, owed, '4200000000000000000000000002'), { key: intruder.privateKey }))).status).toBe(401);
    // Encrypted with another API v3 key (but signed by the platform).
    expect((await notify(notification(paid(outTradeNo, owed, '4200000000000000000000000003'), { apiV3Key: randomBytes(16).toString('hex') }))).status).toBe(401);
    // A genuine notification replayed long after it was sent.
    const stale = { body: genuine.body, headers: signedHeaders(platform.privateKey, genuine.body, String(Math.floor(Date.now() / 1000) - 3600)) };
    expect((await notify(stale)).status).toBe(401);
    // No signature at all.
    expect((await notify({ body: genuine.body, headers: {} })).status).toBe(401);

    const after = (await finance.get(`/api/v1/finance/invoices/${invoice.id}`)).body;
    expect(after).toMatchObject({ status: 'partially_paid', paidFen: invoice.paidFen });
    expect(after.payments.some((p: { method: string }) => p.method === 'wechat_pay')).toBe(false);
  });

  it('a genuine notification pays the invoice (已缴); delivered again, it is acknowledged and counted once', async () => {
    const owed = invoice.amountFen - invoice.paidFen;
    const duesPaid: string[] = [];
    const stop = server.services.events.on('dues.paid', (e) => void duesPaid.push(e.invoiceId));
    const genuine = notification(paid(outTradeNo, owed, '4200000000000000000000000001'));
    const first = await notify(genuine);
    expect(first.status).toBe(200);
    const detail = (await finance.get(`/api/v1/finance/invoices/${invoice.id}`)).body;
    expect(detail).toMatchObject({ status: 'paid', paidFen: invoice.amountFen, onlineOrder: null });
    expect(detail.payments.filter((p: { method: string }) => p.method === 'wechat_pay')).toEqual([expect.objectContaining({ amountFen: owed, reference: '4200000000000000000000000001', recordedBy: null })]);

    // WeChat Pay retries until it hears success: the same notification again, and two at once.
    expect((await notify(genuine)).status).toBe(200);
    const again = notification(paid(outTradeNo, owed, '4200000000000000000000000001'));
    expect((await Promise.all([notify(again), notify(again)])).map((r) => r.status)).toEqual([200, 200]);
    const final = (await finance.get(`/api/v1/finance/invoices/${invoice.id}`)).body;
    expect(final.payments.filter((p: { method: string }) => p.method === 'wechat_pay')).toHaveLength(1);
    expect(final.paidFen).toBe(invoice.amountFen);
    expect(duesPaid.filter((id) => id === invoice.id)).toHaveLength(1);
    stop();
  });

  it('a member company gets the QR code for its own invoice', async () => {
    const member = await loginAs(server, 'member@demo.test', { language: 'zh-CN' });
    const mine = (await member.get('/api/v1/finance/my-invoices')).body;
    expect(mine.online).toBe(true);
    const own = mine.items.find((i: { status: string }) => i.status === 'unpaid' || i.status === 'partially_paid');
    expect(own).toBeTruthy();
    const res = await member.post(`/api/v1/finance/my-invoices/${own.id}/online-order`);
    expect(res.status).toBe(200);
    expect(orders.at(-1)!.body).toMatchObject({ out_trade_no: res.body.outTradeNo, amount: { total: own.outstandingFen } });
    expect(orders.at(-1)!.signatureValid).toBe(true);
  });

  it('refuses a notification whose amount is not the order’s', async () => {
    const other = (await finance.get('/api/v1/finance/invoices?status=unpaid&kind=dues')).body.items[0];
    const order = (await finance.post(`/api/v1/finance/invoices/${other.id}/online-order`)).body;
    const res = await notify(notification(paid(order.outTradeNo, 1, '4200000000000000000000000010')));
    expect(res.status).toBe(400);
    expect((await finance.get(`/api/v1/finance/invoices/${other.id}`)).body).toMatchObject({ status: 'unpaid', paidFen: 0 });
  });
});
