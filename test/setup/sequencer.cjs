// Runs the log-redaction check after every other e2e file, so it reads the logs of the whole run.
const Sequencer = require('@jest/test-sequencer').default;

class LastIsRedaction extends Sequencer {
  sort(tests) {
    const sorted = [...tests].sort((a, b) => a.path.localeCompare(b.path));
    const isLast = (t) => t.path.includes('log-redaction');
    return [...sorted.filter((t) => !isLast(t)), ...sorted.filter(isLast)];
  }
}
module.exports = LastIsRedaction;
