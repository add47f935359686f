import { describe, expect, it } from 'vitest';
import { wechatPayFrom } from './wechatpay.ts';

const full = {
  WECHATPAY_MCHID: '1900000109',
  WECHATPAY_APPID: 'wx0000000000000000',
  WECHATPAY_SERIAL: 'ABC',
  WECHATPAY_PRIVATE_KEY_PATH: '/nonexistent/apiclient_key.pem',
  WECHATPAY_APIV3_KEY: '0123456789abcdef0123456789abcdef',
  WECHATPAY_PLATFORM_CERT_PATH: '/nonexistent/wechatpay.pem',
  WECHATPAY_BASE_URL: 'http://127.0.0.1:9',
};

describe('WeChat Pay configuration', () => {
  it('is off when nothing, or only part of it, is set', () => {
    expect(wechatPayFrom({ WECHATPAY_BASE_URL: full.WECHATPAY_BASE_URL })).toBeNull();
    expect(wechatPayFrom({ ...full, WECHATPAY_APIV3_KEY: undefined })).toBeNull();
  });

  it('is off, not failing, when its key files cannot be read', () => {
    expect(wechatPayFrom(full)).toBeNull();
  });
});
