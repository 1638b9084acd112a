// plainSource: a file the loaders leave alone keeps a plain run's positions when the recorder
// turned Node's source maps on, so its map comment is made one Node does not read. Only that
// comment: text that looks like one inside a string is the program's own value (tsx and bundlers
// keep such strings to write map comments into their output), and a recorded program must see it
// as written.
import { describe, expect, it } from 'vitest';
import { plainSource } from '../../../runtime/loader/instrumentFile';

const hiding = { hideForeignSourceMaps: true };

describe('plainSource', () => {
  it("hides the file's own map comment, in the same columns", () => {
    const source = 'module.exports = 1;\n//# sourceMappingURL=index.js.map\n';
    const plain = plainSource(hiding, source);
    expect(plain).toBe('module.exports = 1;\n//  sourceMappingURL=index.js.map\n');
    expect(plain.length).toBe(source.length);
  });

  it('hides a data URL, a block comment, one after code on its line, the last of several', () => {
    const dataUrl = 'f();\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,eyJ2ZXJzaW9uIjozfQ==';
    expect(plainSource(hiding, dataUrl)).toBe(dataUrl.replace('//#', '// '));
    const block = 'f();\n/*# sourceMappingURL=a.js.map */\n';
    expect(plainSource(hiding, block)).toBe(block.replace('/*#', '/* '));
    const afterCode = '!function(){}();//# sourceMappingURL=a.min.js.map';
    expect(plainSource(hiding, afterCode)).toBe(afterCode.replace('//#', '// '));
    // Concatenated files: Node reads the last comment, wherever it is.
    const concatenated = 'a();\n//# sourceMappingURL=a.js.map\nb();\n//# sourceMappingURL=b.js.map\nc();\n';
    expect(plainSource(hiding, concatenated)).toBe(
      'a();\n//# sourceMappingURL=a.js.map\nb();\n//  sourceMappingURL=b.js.map\nc();\n',
    );
  });

  it('leaves text inside strings as the program wrote it', () => {
    // tsx's own constant (dist/require-*.mjs), the last match in its file, with code after it on its line.
    const tsx =
      'const Qn=`\n//# sourceMappingURL=data:application/json;base64,`,pt=u(()=>process.sourceMapsEnabled??!0,"x");let de=[];\n';
    expect(plainSource(hiding, tsx)).toBe(tsx);
    const quoted = 'const comment = "\\n//# sourceMappingURL=" + url;\nconst full = "//# sourceMappingURL=a.map";\n';
    expect(plainSource(hiding, quoted)).toBe(quoted);
  });

  it('changes nothing when the program turned maps on itself', () => {
    const source = 'f();\n//# sourceMappingURL=a.js.map\n';
    expect(plainSource({ hideForeignSourceMaps: false }, source)).toBe(source);
  });
});
