import Handlebars from 'handlebars';

/** The only helpers a template may call: none reaches the file system, the network or the log. */
export const HELPERS: readonly string[] = ['if', 'unless', 'each', 'with', 'lookup'];

/** A Handlebars instance of our own, so no plugin's helper or partial registered elsewhere leaks in. */
const handlebars = Handlebars.create();
for (const name of Object.keys(handlebars.helpers)) {
  if (!HELPERS.includes(name)) handlebars.unregisterHelper(name);
}

export type Renderer = (values: Record<string, unknown>) => string;

/**
 * Compiles one part of a template. HTML is escaped by default (`{{x}}`); subjects, plain text and
 * SMS are not HTML. Unknown helpers are refused at compile time, and the runtime's prototype
 * guards stay on (Handlebars 4.6+ defaults), so `{{constructor}}` reads nothing.
 */
export function compile(source: string, kind: 'html' | 'text'): Renderer {
  const template = handlebars.compile(source, {
    knownHelpers: Object.fromEntries(HELPERS.map((h) => [h, true])),
    knownHelpersOnly: true,
    noEscape: kind === 'text',
    strict: false,
  });
  return (values) =>
    template(values, {
      allowProtoMethodsByDefault: false,
      allowProtoPropertiesByDefault: false,
      allowCallsToHelperMissing: false,
    });
}

export const parse = (source: string) => handlebars.parse(source);
