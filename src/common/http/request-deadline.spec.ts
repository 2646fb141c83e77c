import { requestTimeoutOf, serverRequestTimeout } from './request-deadline.js';

describe('request timeouts', () => {
  const timeouts = { requestTimeoutMs: 30_000, bulkRequestTimeoutMs: 3_600_000 };

  it('gives the long timeout to the streamed bulk upload only', () => {
    expect(requestTimeoutOf({ method: 'POST', path: '/v1/purchases/bulk' }, timeouts)).toBe(3_600_000);
    expect(requestTimeoutOf({ method: 'POST', path: '/V1/Purchases/Bulk/' }, timeouts)).toBe(3_600_000);
    for (const [method, path] of [
      ['POST', '/v1/purchases'],
      ['PUT', '/v1/products'],
      ['GET', '/v1/purchases/bulk'],
      ['POST', '/v1/purchases/bulk/x'],
    ])
      expect(requestTimeoutOf({ method, path }, timeouts)).toBe(30_000);
  });

  it("sets Node's server-wide limit to the longest, none if either is none", () => {
    expect(serverRequestTimeout(timeouts)).toBe(3_600_000);
    expect(serverRequestTimeout({ requestTimeoutMs: 0, bulkRequestTimeoutMs: 1000 })).toBe(0);
    expect(serverRequestTimeout({ requestTimeoutMs: 1000, bulkRequestTimeoutMs: 0 })).toBe(0);
  });
});
