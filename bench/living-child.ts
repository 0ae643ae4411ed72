// Runs one `baosou` command (bin/baosou.js) in this process and then prints its peak RSS as a JSON line, so that
// bench:living measures an add or a merge end to end, memory included. Usage: node dist/bench/living-child.js add …
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../bin/baosou.js', import.meta.url));
process.argv = [process.argv[0], cli, ...process.argv.slice(2)];
process.on('exit', () => {
  process.stdout.write(`\n${JSON.stringify({ peak_rss: process.resourceUsage().maxRSS * 1024 })}\n`);
});
await import(cli);
