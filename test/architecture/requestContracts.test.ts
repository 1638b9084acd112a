// Each `rewind/*` request and event is declared once, in protocol/requests.ts, and every side — the
// adapter, the extension host, the webview — uses that declaration (issue 16 item 3): the adapter
// serves exactly the declared requests and refuses bad arguments in the contract's words; no side
// names a request or event the contract lacks, nor sends one through VS Code's untyped
// `customRequest` by a spelled-out name; and no side re-declares a contract's shape of its own.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { SessionContext } from '../../debug-adapter/session/context';
import { customHandlers } from '../../debug-adapter/session/handlers/custom';
import { argsProblem, RewindEvent, RewindRequest, type AnyRewindCommand } from '../../protocol/requests';

const root = join(__dirname, '..', '..');
const SIDES = ['debug-adapter', 'extension', 'webview'];

function sourceFiles(folder: string): string[] {
  const found: string[] = [];
  const walk = (path: string): void => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) found.push(full);
    }
  };
  walk(join(root, folder));
  return found;
}

function parsed(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

function visit(node: ts.Node, each: (node: ts.Node) => void): void {
  each(node);
  node.forEachChild((child) => visit(child, each));
}

const where = (source: ts.SourceFile, node: ts.Node): string =>
  `${relative(root, source.fileName)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;

const sideSources = SIDES.flatMap(sourceFiles).map(parsed);
const commands = Object.values(RewindRequest) as AnyRewindCommand[];

describe('rewind/* contracts: declared once, used by every side', () => {
  it('the adapter serves exactly the declared requests', () => {
    const served = Object.keys(customHandlers(new SessionContext(() => undefined)));
    expect(served.sort()).toEqual([...commands].sort());
  });

  it("the adapter refuses every request's bad arguments in the contract's words", async () => {
    const handlers = customHandlers(new SessionContext(() => undefined));
    const checkedCommands = commands.filter((command) => argsProblem(command, {}) !== undefined);
    // Every request that requires an argument is refused without it, with the field the contract names.
    expect(checkedCommands.length).toBeGreaterThanOrEqual(5);
    for (const command of checkedCommands) {
      const request = { seq: 1, type: 'request', command } as DebugProtocol.Request;
      // A handler may be async: a refusal is a throw or a rejection.
      await expect(
        Promise.resolve().then(() => handlers[command]({}, request)),
        command,
      ).rejects.toThrow(`${command}: ${argsProblem(command, {})}`);
    }
    const request = { seq: 1, type: 'request', command: RewindRequest.VALUE_HISTORY } as DebugProtocol.Request;
    const limited = { variablesReference: 1, name: 'x', limit: 0 };
    expect(() => handlers[RewindRequest.VALUE_HISTORY](limited, request)).toThrow(
      `${RewindRequest.VALUE_HISTORY}: ${argsProblem(RewindRequest.VALUE_HISTORY, limited)}`,
    );
  });

  it('no side names a rewind/* request or event the contract does not declare', () => {
    const declared = new Set<string>([...commands, ...Object.values(RewindEvent)]);
    const undeclared: string[] = [];
    for (const source of sideSources)
      visit(source, (node) => {
        if (!ts.isStringLiteral(node) && !ts.isNoSubstitutionTemplateLiteral(node)) return;
        const name = /^rewind\/[A-Za-z]+$/.exec(node.text)?.[0];
        if (name && !declared.has(name)) undeclared.push(`${where(source, node)} ${name}`);
      });
    expect(undeclared).toEqual([]);
  });

  it("no side sends a request through VS Code's untyped customRequest by a spelled-out name", () => {
    const spelled: string[] = [];
    for (const source of sideSources)
      visit(source, (node) => {
        if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return;
        const [first] = node.arguments;
        if (node.expression.name.text === 'customRequest' && first && ts.isStringLiteralLike(first))
          if (first.text.startsWith('rewind/')) spelled.push(`${where(source, node)} ${first.text}`);
      });
    expect(spelled).toEqual([]);
  });

  it("no side re-declares a contract's shape (the same fields under another name)", () => {
    const fieldsOf = (members: ts.NodeArray<ts.TypeElement>): string =>
      members
        .filter(ts.isPropertySignature)
        .map((member) => member.name.getText())
        .sort()
        .join(',');
    const shapes = new Map<string, string>();
    visit(parsed(join(root, 'protocol', 'requests.ts')), (node) => {
      if (ts.isInterfaceDeclaration(node) && node.members.length >= 3)
        shapes.set(fieldsOf(node.members), node.name.text);
    });
    expect(shapes.size).toBeGreaterThanOrEqual(10);
    const copies: string[] = [];
    // The replay engine's results are its own API, mapped field by field into the contract's bodies
    // by the session (session/handlers/custom.ts): only the sides that speak the protocol are held.
    for (const source of sideSources.filter(
      (each) => !relative(root, each.fileName).startsWith('debug-adapter/replay'),
    ))
      visit(source, (node) => {
        const members = ts.isInterfaceDeclaration(node)
          ? node.members
          : ts.isTypeAliasDeclaration(node) && ts.isTypeLiteralNode(node.type)
            ? node.type.members
            : undefined;
        const contract = members && members.length >= 3 ? shapes.get(fieldsOf(members)) : undefined;
        if (contract) copies.push(`${where(source, node)} copies ${contract}`);
      });
    expect(copies).toEqual([]);
  });
});
