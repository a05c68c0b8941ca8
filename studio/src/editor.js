// The script editor: CodeMirror 6 with JavaScript highlighting, the API's syntax errors marked at their
// line, and completion of the host objects' members.
import { basicSetup, EditorView } from 'codemirror';
import { javascript } from '@codemirror/lang-javascript';
import { autocompletion } from '@codemirror/autocomplete';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { tags } from '@lezer/highlight';

// CodeMirror's default colours are too light on white for some readers (WCAG AA asks 4.5:1): these all pass
const readable = HighlightStyle.define([
  { tag: tags.keyword, color: '#7a1fa2' },
  { tag: [tags.string, tags.regexp], color: '#0b6e2e' },
  { tag: tags.comment, color: '#4f5a65', fontStyle: 'italic' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: '#8a4b00' },
  { tag: [tags.definition(tags.variableName), tags.function(tags.variableName)], color: '#0b4f8a' },
  { tag: tags.propertyName, color: '#6b3a00' },
  { tag: tags.invalid, color: '#a4161a' },
]);

/**
 * `members` maps a host object's name (httprequest, DOMO, …) to its members
 * [{label, detail, info}]; typing `name.` offers them.
 */
export function scriptEditor(parent, text, label, members) {
  const complete = context => {
    const word = context.matchBefore(/[A-Za-z_$][\w$]*\.[\w$]*/);
    if (!word) return null;
    const dot = word.text.indexOf('.');
    const options = members[word.text.slice(0, dot)];
    if (!options) return null;
    return { from: word.from + dot + 1, options: options.map(m => ({ type: 'method', ...m })), validFor: /^[\w$]*$/ };
  };
  const view = new EditorView({
    doc: text,
    parent,
    extensions: [basicSetup, javascript(), syntaxHighlighting(readable), lintGutter(), autocompletion({ override: [complete] }),
      EditorView.contentAttributes.of({ 'aria-label': label }),
      // CodeMirror's themes are <style> elements: the page's policy lets in those that carry its nonce
      EditorView.cspNonce.of(document.querySelector('meta[name=style-nonce]').content)],
  });
  // the scroller is where keyboard users scroll long scripts from
  view.scrollDOM.tabIndex = 0;
  return {
    text: () => view.state.doc.toString(),
    setText: value => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value } }),
    /** Marks the API's syntax error (1-based line and column); null clears it. */
    markError: (problem) => {
      if (!problem || !problem.line) {
        view.dispatch(setDiagnostics(view.state, []));
        return;
      }
      const line = view.state.doc.line(Math.min(problem.line, view.state.doc.lines));
      const from = Math.min(line.from + Math.max((problem.column || 1) - 1, 0), line.to);
      view.dispatch(setDiagnostics(view.state, [{ from, to: Math.max(from + 1, line.to), severity: 'error', message: problem.detail }]));
    },
  };
}
