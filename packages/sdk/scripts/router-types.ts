/**
 * Writes the router's client-side types as one self-contained declaration:
 * every procedure's type (query, mutation, subscription) with its input and
 * output printed structurally, under a root that keeps the error shape and the
 * transformer flag (all a tRPC client reads) and drops the server context
 * (which would drag the database, queue and logger types into the package).
 *
 * The result imports only `@trpc/server`, so the published SDK installs
 * without this monorepo.
 */
import ts from 'typescript';

const FLAGS =
  ts.TypeFormatFlags.NoTruncation |
  ts.TypeFormatFlags.InTypeAlias |
  ts.TypeFormatFlags.UseStructuralFallback |
  ts.TypeFormatFlags.AllowUniqueESSymbolType;

export interface RouterTypesResult {
  text: string;
  procedures: number;
}

export function generateRouterTypes(options: {
  tsconfig: string;
  entry: string;
}): RouterTypesResult {
  const config = ts.getParsedCommandLineOfConfigFile(
    options.tsconfig,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error(`cannot read ${options.tsconfig}`);
  const program = ts.createProgram([options.entry], { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(options.entry);
  if (!source) throw new Error(`cannot load ${options.entry}`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  const exported =
    moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === 'AppRouter');
  if (!exported) throw new Error(`${options.entry} exports no AppRouter`);
  const symbol =
    exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
  const router = checker.getDeclaredTypeOfSymbol(symbol);

  const prop = (type: ts.Type, name: string): ts.Type => {
    const p = type.getProperty(name);
    if (!p) throw new Error(`no property ${name} on ${checker.typeToString(type)}`);
    return checker.getTypeOfSymbol(p);
  };
  const print = (type: ts.Type): string => checker.typeToString(type, source, FLAGS);

  // An interface prints as its own name: spell its members out instead.
  const printMembers = (type: ts.Type): string => {
    if (type.getCallSignatures().length || type.getConstructSignatures().length) {
      throw new Error(`cannot inline ${checker.typeToString(type)}: it has call signatures`);
    }
    const members = checker
      .getIndexInfosOfType(type)
      .map((info) => `[key: ${print(info.keyType)}]: ${print(info.type)};`);
    for (const member of checker.getPropertiesOfType(type)) {
      const optional = member.flags & ts.SymbolFlags.Optional ? '?' : '';
      members.push(
        `${JSON.stringify(member.name)}${optional}: ${print(checker.getTypeOfSymbol(member))};`,
      );
    }
    return `{ ${members.join(' ')} }`;
  };

  let procedures = 0;
  const walk = (record: ts.Type, indent: string): string => {
    const lines: string[] = [];
    for (const member of checker.getPropertiesOfType(record)) {
      const value = checker.getTypeOfSymbol(member);
      const def = value.getProperty('_def') ? prop(value, '_def') : undefined;
      const key = /^[A-Za-z_$][\w$]*$/.test(member.name)
        ? member.name
        : JSON.stringify(member.name);
      if (def?.getProperty('procedure')) {
        const kind = print(prop(def, 'type')).replace(/"/g, '');
        const types = prop(def, '$types');
        const wrapper = {
          query: 'TRPCQueryProcedure',
          mutation: 'TRPCMutationProcedure',
          subscription: 'TRPCSubscriptionProcedure',
        }[kind];
        if (!wrapper) throw new Error(`unknown procedure type ${kind} at ${member.name}`);
        procedures += 1;
        lines.push(
          `${indent}${key}: ${wrapper}<{ input: ${print(prop(types, 'input'))}; output: ${print(prop(types, 'output'))}; meta: object; errorShape: ErrorShape }>;`,
        );
      } else {
        lines.push(`${indent}${key}: {\n${walk(value, `${indent}  `)}\n${indent}};`);
      }
    }
    return lines.join('\n');
  };

  // Named types the printer could not inline come out as `import("<file>").Name`:
  // give each a local alias printed structurally (generic ones keep their type
  // parameters), until no such reference is left.
  const locals = new Map<string, string>();
  const aliases: string[] = [];
  const localise = (text: string): string =>
    text.replace(
      /import\("([^"]+)"\)\.([A-Za-z_$][\w$]*)/g,
      (_match, file: string, name: string) => {
        const key = `${file}#${name}`;
        const known = locals.get(key);
        if (known) return known;
        const sourceFile = program
          .getSourceFiles()
          .find((f) => f.fileName.replace(/(\.d)?\.[mc]?ts$/, '') === file);
        const fileSymbol = sourceFile && checker.getSymbolAtLocation(sourceFile);
        let target =
          fileSymbol && checker.getExportsOfModule(fileSymbol).find((s) => s.name === name);
        if (target && target.flags & ts.SymbolFlags.Alias)
          target = checker.getAliasedSymbol(target);
        const declaration = target?.declarations?.[0];
        if (
          !target ||
          !declaration ||
          !(ts.isTypeAliasDeclaration(declaration) || ts.isInterfaceDeclaration(declaration))
        ) {
          throw new Error(`cannot inline ${name} from ${file}`);
        }
        let local = declaration.name.text;
        while (
          [...locals.values()].includes(local) ||
          ['ErrorShape', 'AppRouter', 'AppRouterRecord'].includes(local)
        )
          local = `${local}_`;
        locals.set(key, local);
        const parameters = declaration.typeParameters?.length
          ? `<${declaration.typeParameters.map((p) => p.name.text).join(', ')}>`
          : '';
        const declared = checker.getDeclaredTypeOfSymbol(target);
        const body = ts.isInterfaceDeclaration(declaration)
          ? printMembers(declared)
          : print(declared);
        aliases.push(`type ${local}${parameters} = ${localise(body)};`);
        return local;
      },
    );

  const def = prop(router, '_def');
  const rootTypes = prop(prop(def, '_config'), '$types');
  const errorShape = localise(print(prop(rootTypes, 'errorShape')));
  const transformer = print(prop(rootTypes, 'transformer'));
  const body = localise(walk(prop(def, 'record'), '  '));

  const text = `// Generated by packages/sdk/scripts/router-types.ts from packages/api: do not edit.
import type { TRPCBuiltRouter, TRPCMutationProcedure, TRPCQueryProcedure, TRPCSubscriptionProcedure } from '@trpc/server';

${aliases.join('\n')}

type ErrorShape = ${errorShape};

export type AppRouterRecord = {
${body}
};

/** The VibeMonitor API's router type, as its clients see it. */
export type AppRouter = TRPCBuiltRouter<{ ctx: object; meta: object; errorShape: ErrorShape; transformer: ${transformer} }, AppRouterRecord>;
`;
  return { text, procedures };
}
