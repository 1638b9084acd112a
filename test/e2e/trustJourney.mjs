// Restricted Mode against the packaged .vsix (SEC-01/SEC-02): with Workspace Trust on and the
// fixture folder untrusted, "Record and Debug Current File" and "Open Recording…" explain that
// Rewind needs trust, F5 gets VS Code's own trust prompt (declined), no debug session starts, and no process is spawned
// under code-server
// (no debug adapter, no debuggee). Screenshots go to artifacts/e2e/trust-*.png.
import { execFileSync } from 'node:child_process';
import { inCodeServer } from './codeServerSession.mjs';
import { openFile, runCommand, untilCommandListed } from './workbench.mjs';

const REFUSALS = [
  ['Rewind: Record and Debug Current File', 'Rewind cannot record a program in Restricted Mode'],
  ['Rewind: Open Recording', 'Rewind cannot open a recording in Restricted Mode'],
];

/** Command lines of every process below `rootPid` (the code-server we started). */
function descendants(rootPid) {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => {
      const [, pid, ppid, args] = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line) ?? [];
      return { pid: Number(pid), ppid: Number(ppid), args };
    });
  const found = new Set([rootPid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of table)
      if (found.has(p.ppid) && !found.has(p.pid)) {
        found.add(p.pid);
        grew = true;
      }
  }
  return table.filter((p) => p.pid !== rootPid && found.has(p.pid)).map((p) => p.args);
}

function assertNothingSpawned(serverPid, workspace) {
  const processes = descendants(serverPid);
  // Sanity: the walk must see the extension host, or "nothing found" would prove nothing.
  if (!processes.some((args) => /extensionHost/i.test(args)))
    throw new Error(`cannot see code-server's extension host among: ${processes.join(' | ')}`);
  const offenders = processes.filter((args) => args.includes('debugAdapter.js') || args.includes(workspace));
  if (offenders.length > 0) throw new Error(`Restricted Mode spawned processes: ${offenders.join(' | ')}`);
}

async function untilNotification(page, text) {
  const toast = page
    .locator('.notifications-toasts .notification-toast, .notifications-center .notification-list-item', {
      hasText: text,
    })
    .first();
  await toast.waitFor({ state: 'visible', timeout: 15_000 });
}

export async function runTrustJourney({ node24, browser, scratch, vsix, workspace, artifacts }) {
  await inCodeServer(
    { name: 'trust', node24, browser, scratch, vsix, workspace, artifacts, trust: true, widthPx: 1400 },
    async ({ page, shot, server }) => {
      await page.getByText('Restricted Mode', { exact: false }).first().waitFor({ state: 'visible', timeout: 30_000 });
      await untilCommandListed(page, 'Rewind: Open Recording');
      await openFile(page, 'loop.js');
      await shot('restricted-mode');

      for (const [command, refusal] of REFUSALS) {
        await runCommand(page, command);
        await untilNotification(page, refusal);
        await shot(command.replace(/\W+/g, '-').toLowerCase());
        await page.keyboard.press('Escape');
      }
      // F5: VS Code itself asks for trust before any provider runs; the user declines.
      await page.keyboard.press('F5');
      const dialog = page.locator('.monaco-dialog-box', { hasText: 'Do you trust the authors' });
      await dialog.waitFor({ state: 'visible', timeout: 15_000 });
      await shot('f5-asks-for-trust');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await page.waitForTimeout(2_000);
      await shot('after-f5-declined');
      if (await page.locator('.debug-toolbar').isVisible())
        throw new Error('a debug session started in Restricted Mode');
      assertNothingSpawned(server.pid, workspace);
    },
  );
}
