/**
 * The local APNs and FCM in a process of their own, for `npm run bench:push` (so that the fakes'
 * work is not counted against the clients measured): prints one JSON line with their environment,
 * then serves until stdin closes. `--apns-delay-ms N` makes every APNs answer take N ms.
 */
import { parseArgs } from 'node:util';
import { FakeApns } from './fake-apns.js';
import { FakeFcm } from './fake-fcm.js';

const { values } = parseArgs({ options: { 'apns-delay-ms': { type: 'string', default: '0' } } });
const apns = await FakeApns.start();
const fcm = await FakeFcm.start();
apns.record = false;
fcm.record = false;
apns.delayMs = Number(values['apns-delay-ms']);
process.stdout.write(`${JSON.stringify({ env: { ...apns.env(), ...fcm.env() }, fcmAccessToken: fcm.grantToken() })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  process.stderr.write(`${JSON.stringify({ apnsAnswered: apns.answered, fcmAnswered: fcm.answered })}\n`);
  void Promise.all([apns.close(), fcm.close()]).then(() => process.exit(0));
});
