// Child process for the kill -9 test (test/hostile/auth-id-kill.int.test.ts): writes rotated
// cookies to the auth-id file with the launcher's own writer, as fast as it can, until killed.
// argv: <file> <prefix>. Prints "ready" once, before the first write.
import { writeAuthIdFile } from '../../src/core/broker/auth-id-file';

const [file, prefix] = process.argv.slice(2);
if (!file || !prefix) throw new Error('usage: hostile-authid-writer FILE PREFIX');
process.stdout.write('ready\n');
for (let i = 0; ; i++) await writeAuthIdFile(file, `${prefix}-${i}-${'c'.repeat(i % 97)}`);
