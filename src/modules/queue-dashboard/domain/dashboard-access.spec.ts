import { basicPassword, writesJobData } from './dashboard-access.js';

const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;

describe('basicPassword', () => {
  it('reads the password whatever the user name, colons in the password included', () => {
    expect(basicPassword(basic('admin:pk_live_abc'))).toBe('pk_live_abc');
    expect(basicPassword(basic(':pk_live_abc'))).toBe('pk_live_abc');
    expect(basicPassword(basic('ops:a:b:c'))).toBe('a:b:c');
    expect(basicPassword(`basic ${Buffer.from('x:key').toString('base64')}`)).toBe('key');
  });

  it('has no password for a missing, empty, malformed or non-Basic header', () => {
    for (const header of [
      undefined,
      '',
      'Basic',
      'Basic !!!',
      basic('no-colon'),
      basic('user:'),
      'Bearer abc.def.ghi',
      `Digest ${Buffer.from('a:b').toString('base64')}`,
    ]) {
      expect(basicPassword(header)).toBeUndefined();
    }
  });
});

describe('writesJobData', () => {
  it('names adding jobs and replacing job data, however the path is spelled', () => {
    expect(writesJobData('POST', '/api/queues/erasure/add')).toBe(true);
    expect(writesJobData('post', '/API/Queues/erasure/ADD/')).toBe(true);
    expect(writesJobData('POST', '/api/queues/erasure/%61dd')).toBe(true);
    expect(writesJobData('PATCH', '/api/queues/erasure/job-1/update-data')).toBe(true);
    expect(writesJobData('PUT', '/api/queues/erasure/job-1/update-data/')).toBe(true);
  });

  it('leaves reads and queue operations alone', () => {
    expect(writesJobData('GET', '/api/queues/erasure/add')).toBe(false);
    expect(writesJobData('GET', '/api/queues')).toBe(false);
    expect(writesJobData('PUT', '/api/queues/erasure/job-1/retry')).toBe(false);
    expect(writesJobData('PUT', '/api/queues/erasure/clean/failed')).toBe(false);
    expect(writesJobData('PUT', '/api/queues/erasure/pause')).toBe(false);
  });
});
