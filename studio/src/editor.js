// The script editor: CodeMirror 6 with JavaScript highlighting, the API's syntax errors marked at their
// line, and completion of the host objects' members.
import { basicSetup, EditorView } from 'codemirror';
import { javascript } from '@codemirror/lang-javascript';
import { autocompletion } from '@codemirror/autocomplete';
import { lintGutter, setDiagnostics } from '@codemirror/lint';

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
    extensions: [basicSetup, javascript(), lintGutter(), autocompletion({ override: [complete] }),
      EditorView.contentAttributes.of({ 'aria-label': label }),
      // CodeMirror's themes are <style> elements: the page's policy lets in those that carry its nonce
      EditorView.cspNonce.of(document.querySelector('meta[name=style-nonce]').content)],
  });
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
