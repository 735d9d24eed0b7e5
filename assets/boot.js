// Runs before the planner's module: if the planner cannot start (no
// WebAssembly, a download cut short, a policy refusing it), the page's shell
// says so instead of "Loading the planner…" forever. The module reports a
// failed start as an error event on the window; once `main` runs the shell
// is gone, so later errors are not this script's business.
addEventListener('error', (event) => {
  const status = document.querySelector('#app-shell .predicting');
  if (!status) return;
  document.getElementById('app-shell').removeAttribute('aria-busy');
  const reason = event.error ? String(event.error) : event.message;
  status.textContent = `The planner could not start in this browser (${reason}). It needs a current browser with WebAssembly enabled; reloading the page may help.`;
  status.className = 'form-error';
  status.setAttribute('role', 'alert');
});
